"""Link health: links readers cannot follow, links through old addresses, orphans, anchors."""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from articles import richtext
from articles.links.index import article_slug_from_href
from articles.links.models import ArticleLink
from articles.models import Article


def links_through_redirects(sources: Iterable[int] | None = None) -> QuerySet[ArticleLink]:
    """Body links written with an old slug of their target."""
    rows = ArticleLink.objects.filter(kind=ArticleLink.Kind.BODY, target__isnull=False).exclude(
        target_slug=F("target__slug")
    )
    if sources is not None:
        rows = rows.filter(source__in=sources)
    return rows.select_related("source", "target")


def links_to_unpublished() -> QuerySet[ArticleLink]:
    """Links whose target exists but readers cannot see it: a draft, a future time, the trash."""
    # Driven from the few articles that are not public, each set read from its own index
    # (status; status and time; the trash), so the link index is probed by target instead of
    # scanned: the dashboard counts these on every visit.
    hidden = Article.objects.filter(status=Article.Status.DRAFT).values("pk")
    future = Article.objects.filter(
        status__in=[Article.Status.SCHEDULED, Article.Status.PUBLISHED],
        published_at__gt=timezone.now(),
    ).values("pk")
    trashed = Article.objects.in_trash().values("pk")
    return ArticleLink.objects.filter(
        Q(target__in=hidden) | Q(target__in=future) | Q(target__in=trashed)
    )


def links_to_deleted() -> QuerySet[ArticleLink]:
    """Links whose target is gone for good (or was never there: a mistyped slug)."""
    return ArticleLink.objects.filter(target__isnull=True)


def capped_count(rows: QuerySet, cap: int) -> int:
    """How many ``rows`` there are, counting no further than ``cap + 1`` (more than ``cap``)."""
    return rows.order_by()[: cap + 1].count()


def counts(*, cap: int) -> dict[str, int]:
    """How many links readers cannot follow, each count stopping past ``cap``.

    Both are index probes. Links through an old address are left to the page: they still work
    (one redirect), and finding them compares every body link with its target's slug, which
    took 2.3 s at 100,000 articles even capped (bench/dashboard.py).
    """
    return {
        "unpublished": capped_count(links_to_unpublished(), cap),
        "deleted": capped_count(links_to_deleted(), cap),
    }


def fix_redirected_links(source: Article) -> int:
    """Point ``source``'s body links that use an old slug at the current URL, and save it."""
    current = {row.target_slug: row.target for row in links_through_redirects([source.pk])}
    if not current:
        return 0

    def replace(href: str) -> str | None:
        slug = article_slug_from_href(href, base_path=source.get_absolute_url())
        if slug not in current:
            return None
        fragment = urlsplit(href).fragment
        return current[slug].get_absolute_url() + (f"#{fragment}" if fragment else "")

    source.body, fixed = richtext.rewrite_hrefs(source.body, replace)
    source.save()  # re-indexed once this commits
    return fixed


def link_health() -> dict[str, Any]:
    """Everything the link-health page lists, each as a query or a small list."""
    published = Article.objects.published()
    linked_by_published = ArticleLink.objects.filter(
        source__in=published, target__isnull=False
    ).values("target_id")
    anchors: dict[int, dict[str, Any]] = {}
    for row in (
        ArticleLink.objects.filter(target__isnull=False)
        .values("target_id", "target__title", "target__slug", "anchor_text")
        .annotate(uses=Count("id"))
        .order_by("target__title", "target_id", "-uses", "anchor_text")
    ):
        entry = anchors.setdefault(
            row["target_id"],
            {"id": row["target_id"], "title": row["target__title"], "anchors": []},
        )
        entry["anchors"].append((row["anchor_text"], row["uses"]))
    return {
        "unpublished": links_to_unpublished()
        .select_related("source", "target")
        .order_by("target__title", "source__title"),
        "deleted": links_to_deleted()
        .select_related("source")
        .order_by("target_slug", "source__title"),
        "through_redirects": links_through_redirects().order_by("source__title"),
        "orphans": published.exclude(pk__in=linked_by_published).order_by("title"),
        "anchors": list(anchors.values()),
    }
