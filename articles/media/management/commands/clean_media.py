from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser

from articles.media import library


class Command(BaseCommand):
    help = (
        "Delete stored image files that no library image or rendition uses any more (replaced "
        "or deleted images, old crops); files younger than six hours are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files without deleting them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unused = library.unused_files(default_storage)
        for name in unused:
            if options["dry_run"]:
                self.stdout.write(name)
            else:
                default_storage.delete(name)
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(f"{verb} {len(unused)} unused image file(s).")
