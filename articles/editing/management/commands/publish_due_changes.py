from typing import Any

from django.core.management.base import BaseCommand

from articles.editing import drafts


class Command(BaseCommand):
    help = (
        "Publish the scheduled changes to live articles whose time has come. The task worker "
        "does this by itself; without one (DJANGO_TASKS=immediate) run it from cron each minute."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = drafts.publish_due()
        self.stdout.write(f"Published the changes of {count} article(s).")
