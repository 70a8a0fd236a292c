from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from byline import backup


class Command(BaseCommand):
    help = (
        "Restore the database and uploads from a directory written by `backup`. Every file is "
        "checked against the manifest first; a database or media folder that holds anything "
        "is replaced only with --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("src", type=Path, help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds data, and write over media files of the same name.",
        )

    def handle(self, *args, src: Path, force: bool, **options) -> None:
        try:
            summary = backup.restore(src, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary} from {summary.path}. "
            "If this code is newer than the backup, run `migrate` next."
        )
