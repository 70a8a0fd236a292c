"""The header's categories: the site settings' ordered choice, else a sensible default."""

from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from articles.models import Article, Category
from byline.models import HeaderCategory

#: The most categories the header lists (chosen, or by default those with published articles).
MAX_HEADER_CATEGORIES = 6


def header_categories() -> QuerySet[Category]:
    """The categories every page's header links to, in one query whatever was chosen.

    The editors' choice in the site settings, in their order; with none chosen, the first
    categories by name that have a published article (an empty section is no destination).
    """
    chosen = Min("header_entries__position")
    has_articles = Exists(
        Article.objects.published().filter(category=OuterRef("pk")).values("pk")[:1]
    )
    nothing_chosen = ~Exists(HeaderCategory.objects.all())
    return (
        Category.objects.annotate(header_position=chosen)
        .filter(Q(header_position__isnull=False) | (nothing_chosen & has_articles))
        .order_by("header_position", "name")
        .only("name", "slug")[:MAX_HEADER_CATEGORIES]
    )
