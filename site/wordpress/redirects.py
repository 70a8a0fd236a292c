"""Old WordPress addresses → where their content lives in Byline (answered with a 301).

Looked up only when Byline itself has nothing at the address (a 404), or on the home page
when it carries WordPress's own query parameters (``?p=123``), so normal pages never pay a
query for it. Only live articles are redirected to: a draft's old address stays a 404.
"""

from collections.abc import Mapping

from django.db.models import QuerySet
from django.urls import reverse

from articles.models import Article
from byline.validators import whole_number
from byline.wordpress.models import ImportedPost, ImportedTerm

#: Query parameters WordPress answers on its home page.
QUERY_KEYS = frozenset({"p", "page_id", "cat", "feed", "tag", "category_name"})
FEED_NAMES = frozenset({"feed", "rss", "rss2", "atom", "rdf"})


def _posts() -> QuerySet[ImportedPost]:
    return ImportedPost.objects.filter(article__in=Article.objects.published()).select_related(
        "article"
    )


def _article_url(posts: QuerySet[ImportedPost]) -> str | None:
    found = posts.order_by("pk").first()
    return found.article.get_absolute_url() if found else None


def _feed_url(atom: bool) -> str:
    return reverse("articles:feed-atom" if atom else "articles:feed-rss")


def _number(value: str) -> bool:
    return whole_number(value) is not None


def for_query(params: Mapping[str, str]) -> str | None:
    """The new address for ``/?p=123``, ``/?page_id=4``, ``/?cat=5``, ``/?feed=rss2`` and such."""
    if any("\x00" in params.get(name, "") for name in QUERY_KEYS):
        return None  # no WordPress address holds a NUL, and PostgreSQL refuses to compare one
    for name in ("p", "page_id"):
        if _number(value := params.get(name, "")):
            return _article_url(_posts().filter(wp_id=int(value)))
    if _number(value := params.get("cat", "")):
        return _category_url(int(value))
    if slug := params.get("tag"):
        return _term_url(ImportedTerm.Kind.TAG, slug, feed=None)
    if slug := params.get("category_name"):
        return _term_url(ImportedTerm.Kind.CATEGORY, slug, feed=None)
    if feed := params.get("feed"):
        return _feed_url(feed == "atom")
    return None


def _term_url(kind: str, path: str, *, feed: str | None) -> str | None:
    terms = ImportedTerm.objects.select_related("category", "tag").filter(kind=kind)
    term = terms.filter(wp_path=path).first() or (
        terms.filter(wp_slug=path.rsplit("/", 1)[-1]).order_by("pk").first()
    )
    if term is None:
        return None
    if term.category:
        if feed:
            name = "articles:category-feed-atom" if feed == "atom" else "articles:category-feed-rss"
            return reverse(name, args=[term.category.slug])
        return term.category.get_absolute_url()
    return term.tag.get_absolute_url() if term.tag else None  # tags have no feed of their own


def _category_url(wp_id: int) -> str | None:
    term = (
        ImportedTerm.objects.select_related("category")
        .filter(kind=ImportedTerm.Kind.CATEGORY, wp_id=wp_id, category__isnull=False)
        .order_by("pk")
        .first()
    )
    return term.category.get_absolute_url() if term else None


def for_path(path: str) -> str | None:
    """The new address for an old WordPress path, or None when there is none."""
    if "\x00" in path:
        return None  # no WordPress address holds a NUL, and PostgreSQL refuses to compare one
    segments = [s for s in path.split("/") if s]
    feed = None
    if segments and segments[-1] in FEED_NAMES:
        feed = segments.pop()  # /feed/, /feed/atom/, /feed/rss2/
        if segments and segments[-1] == "feed":
            segments.pop()
    if not segments:
        return _feed_url(feed == "atom") if feed else None
    if segments == ["comments"] and feed:
        return _feed_url(feed == "atom")  # Byline has no comments feed: the articles feed
    if segments[0] in {"category", "tag"} and len(segments) > 1:
        kind = ImportedTerm.Kind.CATEGORY if segments[0] == "category" else ImportedTerm.Kind.TAG
        return _term_url(kind, "/".join(segments[1:]), feed=feed)
    if len(segments) == 2 and segments[0] == "archives" and _number(segments[1]):
        return _article_url(_posts().filter(wp_id=int(segments[1])))
    full = "/" + "/".join(segments) + "/"
    if url := _article_url(_posts().filter(wp_path=full)):
        return url
    # /YYYY/MM/DD/slug/, /YYYY/MM/slug/, /slug/ and /parent-page/child/ all end in the slug.
    return _article_url(_posts().filter(wp_slug=segments[-1]))
