from typing import Any

from django.core.management.base import BaseCommand

from articles.editing import held


class Command(BaseCommand):
    help = (
        "Remove featured images held for forms with errors that were never saved "
        "(older than a day: no form can ask for them any more)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = held.remove_expired()
        self.stdout.write(f"Removed {count} held image(s).")
