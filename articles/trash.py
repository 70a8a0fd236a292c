"""The trash: a deleted article stays 30 days, restorable whole, before it is gone for good.

Moving to the trash only stamps ``deleted_at``: the row keeps its slug, slug history, links,
images and whatever other apps hang on it (comments), so restoring brings all of it back.
Readers get "410 Gone" meanwhile (``published_q()`` leaves trashed articles out everywhere).
Emptying is explicit: the admin's action, or ``manage.py empty_trash`` for what is older than
30 days.
"""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from articles.models import Article

KEPT_FOR = timedelta(days=30)


def move_to_trash(article: Article) -> Article:
    """Take ``article`` away from readers, restorably."""
    if article.deleted_at is None:
        article.deleted_at = timezone.now()
        article.save(update_fields=["deleted_at", "updated_at"])
    return article


def restore(article: Article) -> Article:
    """Bring ``article`` back from the trash as it was (its status decides if readers see it)."""
    if article.deleted_at is not None:
        article.deleted_at = None
        article.save(update_fields=["deleted_at", "updated_at"])
    return article


def expired(*, now: timezone.datetime | None = None) -> QuerySet[Article]:
    """Articles in the trash for longer than it keeps them."""
    return Article.objects.filter(deleted_at__lte=(now or timezone.now()) - KEPT_FOR)


def empty(articles: QuerySet[Article]) -> int:
    """Delete trashed ``articles`` for good (rows hanging on them go too); returns how many."""
    count = 0
    for article in articles.in_trash():
        article.delete()
        count += 1
    return count
