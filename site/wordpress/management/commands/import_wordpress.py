from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from byline.wordpress.importer import Options, import_wordpress
from byline.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): posts, pages, comments, people, images and old "
        "addresses. Run it again with a newer export to update what changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .xml file from Tools › Export")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the report and write nothing"
        )
        parser.add_argument(
            "--media-dir", type=Path, help="a copy of the old site's wp-content/uploads"
        )
        parser.add_argument(
            "--author-map",
            nargs="+",
            default=[],
            metavar="LOGIN=USERNAME",
            help="give a WordPress login's posts to an existing Byline user",
        )
        parser.add_argument(
            "--pages",
            choices=["category", "skip"],
            default="category",
            help="import pages as articles in a “Pages” category (default) or skip them",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        media_dir: Path | None = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"No such folder: {media_dir}")
        author_map = {}
        for pair in options["author_map"]:
            login, sep, username = pair.partition("=")
            if not sep or not login or not username:
                raise CommandError(f"--author-map takes LOGIN=USERNAME, not “{pair}”")
            if not User.objects.filter(username=username).exists():
                raise CommandError(f"--author-map: there is no Byline user “{username}”")
            author_map[login] = username

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{done}/{total} posts")

        try:
            report = import_wordpress(
                path,
                options=Options(
                    media_dir=media_dir,
                    author_map=author_map,
                    pages=options["pages"],
                    dry_run=options["dry_run"],
                ),
                progress=progress,
            )
        except WXRError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.as_text())
