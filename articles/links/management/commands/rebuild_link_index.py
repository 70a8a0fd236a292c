from typing import Any

from django.core.management.base import BaseCommand

from articles.bulk import batch_sized_cache
from articles.links import index, suggestions
from articles.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Rebuild the link index and the suggestion terms of every article "
        "(after bulk_create or update, which send no signals)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        with batch_sized_cache():
            index.rebuild(progress=ProgressBar(self.stderr, "Link index", quiet=quiet))
            indexed = suggestions.rebuild_all_terms(
                progress=ProgressBar(self.stderr, "Suggestion terms", quiet=quiet)
            )
        self.stdout.write(f"Indexed the links and terms of {indexed} articles.")
