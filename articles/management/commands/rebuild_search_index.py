from django.core.management.base import BaseCommand

from articles import search


class Command(BaseCommand):
    help = (
        "Rebuild SQLite's full-text search index of articles "
        "(after bulk_create or update, which send no signals)."
    )

    def handle(self, *args, **options) -> None:
        count = search.rebuild_index()
        if count:
            self.stdout.write(f"Indexed {count} articles for search.")
        else:
            self.stdout.write("Nothing to do: this database searches its articles directly.")
