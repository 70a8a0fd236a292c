from django.core.management.base import BaseCommand

from articles.links import index, suggestions
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild the link index and the suggestion terms of every article "
        "(after bulk_create or update, which send no signals)."
    )

    def handle(self, *args, **options) -> None:
        for article in Article.objects.iterator():
            index.index_links(article)
        indexed = suggestions.rebuild_all_terms()
        self.stdout.write(f"Indexed the links and terms of {indexed} articles.")
