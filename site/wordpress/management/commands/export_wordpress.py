from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from byline.wordpress.export import export_wordpress


class Command(BaseCommand):
    help = (
        "Write the site as a WordPress export (WXR 1.2): articles, categories, tags, authors, "
        "comments and image addresses, for WordPress's Tools › Import."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the .xml file")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="this site's address, so WordPress can fetch the images (https://blog.example.com)",
        )

    def handle(self, *args, **options) -> None:
        counts = export_wordpress(options["file"], base_url=options["base_url"])
        summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items())) or "nothing"
        self.stdout.write(f"Wrote {options['file']}: {summary}.")
