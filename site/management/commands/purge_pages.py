from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from byline import pagecache


class Command(BaseCommand):
    help = (
        "Make cached pages render again on their next request: the pages at the given "
        "addresses (any host or query string), or --all. Edits purge what they change by "
        "themselves; this is for changes made behind Byline's back (SQL, bulk imports)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", help="Addresses like /articles/my-slug/ or a URL.")
        parser.add_argument("--all", action="store_true", help="Every cached page.")

    def handle(self, *args, paths: list[str], all: bool, **options) -> None:
        if all:
            pagecache.purge_everything()
            self.stdout.write("Every cached page will render again on its next request.")
            return
        if not paths:
            raise CommandError("Name the pages to purge (like /articles/my-slug/), or use --all.")
        for path in paths:
            path = urlsplit(path).path or "/"
            pagecache.purge_path(path)
            self.stdout.write(f"Purged {path}")
