from typing import Any

from django.core.management.base import BaseCommand

from articles import search
from articles.bulk import batch_sized_cache
from articles.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Rebuild SQLite's full-text search index of articles "
        "(after bulk_create or update, which send no signals)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = ProgressBar(self.stderr, "Search index", quiet=options["verbosity"] == 0)
        with batch_sized_cache():
            count = search.rebuild_index(progress=progress)
        if count:
            self.stdout.write(f"Indexed {count} articles for search.")
        else:
            self.stdout.write("Nothing to do: this database searches its articles directly.")
