from typing import Any

from django.core.management.base import BaseCommand

from articles import trash


class Command(BaseCommand):
    help = "Delete for good the articles that have been in the trash for more than 30 days."

    def handle(self, *args: Any, **options: Any) -> None:
        count = trash.empty(trash.expired())
        self.stdout.write(f"Deleted {count} article(s) from the trash for good.")
