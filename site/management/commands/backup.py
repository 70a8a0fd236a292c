from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from byline import backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the running site's database and uploads into the new "
        "directory DEST (see byline/backup.py); `restore DEST` brings it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dest", type=Path, help="A directory that does not exist yet.")

    def handle(self, *args, dest: Path, **options) -> None:
        try:
            summary = backup.backup(dest)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up {summary} to {summary.path}")
