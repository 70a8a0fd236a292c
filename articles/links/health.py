"""Link health: links readers cannot follow, links through old addresses, orphans, anchors."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import richtext
from articles.links.index import article_slug_from_href
from articles.links.models import ArticleLink, SlugHistory
from articles.models import Article, published_q


def links_through_redirects(sources: Iterable[int] | None = None) -> QuerySet[ArticleLink]:
    """Body links written with an old slug of their target."""
    # Only an article with an old public address can be linked through one: driven from those
    # few articles, the link index is probed by target instead of comparing every body link
    # with its target's slug (2.3 s at 100,000 articles).
    renamed = SlugHistory.objects.values("article_id")
    rows = ArticleLink.objects.filter(kind=ArticleLink.Kind.BODY, target__in=renamed).exclude(
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


#: Rows of a section on the report's overview, and on a page of that section alone.
OVERVIEW_ROWS = 10
PAGE_ROWS = 100
#: Each section's count stops past this ("1,000+"): counting further only costs time.
COUNT_CAP = 1_000
#: How many published articles one page of the orphans section looks through.
ORPHAN_WINDOW = 1_000


@dataclass
class Section:
    """One list of the link-health report: a page of its rows, newest first, and its count."""

    key: str
    title: str
    rows: list[Any]
    count_label: str  # "12", "1,000+" past COUNT_CAP, or "3 among the 1,000 newest"
    older: int | None  # the id to pass as ``before`` for the next page, if there is one
    more: bool = False  # rows left out of this list that its own page shows


def orphans() -> QuerySet[Article]:
    """Published articles no published article links to, newest first."""
    linked = ArticleLink.objects.filter(target=OuterRef("pk")).filter(published_q("source__"))
    return Article.objects.published().filter(~Exists(linked)).order_by("-published_at", "-id")


def linked_articles() -> QuerySet[Article]:
    """Published articles some link points at (for their anchor texts), newest first."""
    return (
        Article.objects.published()
        .filter(Exists(ArticleLink.objects.filter(target=OuterRef("pk"))))
        .order_by("-published_at", "-id")
    )


def _older_than(article_id: int) -> RawSQL:
    """Articles after ``article_id`` in newest-first order (published time, then id).

    A row-value comparison: both databases walk their newest-first index from there, so a
    late page costs what the first does.
    """
    table = connection.ops.quote_name(Article._meta.db_table)
    return RawSQL(
        f"({table}.published_at, {table}.id) < "
        f"(SELECT published_at, id FROM {table} WHERE id = %s)",
        (article_id,),
        output_field=BooleanField(),
    )


#: Only what the report shows of each article: never the bodies (the unpaginated report
#: held 97,000 of them and left its worker at 1.4 GB).
_LINK_FIELDS = ("id", "source_id", "target_id", "target_slug", "href", "anchor_text", "kind")
_SOURCE = ("source__title",)
_TARGET = ("target__title", "target__slug", "target__status", "target__published_at")
_LINK_SECTIONS = {
    "unpublished": (links_to_unpublished, (*_SOURCE, *_TARGET)),
    "deleted": (links_to_deleted, _SOURCE),
    "redirects": (links_through_redirects, (*_SOURCE, *_TARGET)),
}


def _count_label(rows: QuerySet) -> str:
    count = capped_count(rows, COUNT_CAP)
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


def _link_section(key: str, *, limit: int, before: int | None) -> Section:
    """A page of links, newest first: the page's ids from the link index alone, then only
    those rows with their articles' titles (reading every match's articles to sort them took
    184 ms for 9,000 links to unpublished articles)."""
    query, related = _LINK_SECTIONS[key]
    links = query().order_by("-id")
    page = links.filter(pk__lt=before) if before is not None else links
    ids = list(page.values_list("pk", flat=True)[: limit + 1])
    rows = list(
        links.filter(pk__in=ids[:limit])
        .select_related(*{name.split("__")[0] for name in related})
        .only(*_LINK_FIELDS, *related)
    )
    return Section(
        key=key,
        title=str(SECTION_TITLES[key]),
        rows=rows,
        count_label=_count_label(links),
        older=ids[limit - 1] if len(ids) > limit else None,
    )


def _orphan_section(*, limit: int, before: int | None) -> Section:
    """The orphans among the next ORPHAN_WINDOW published articles, newest first.

    Telling an orphan costs a look at each article's incoming links and their sources, so
    the report looks through a window at a time rather than the whole site (2 s at 100,000
    articles when none is an orphan) and says how far it looked.
    """
    window = Article.objects.published().order_by("-published_at", "-id")
    if before is not None:
        window = window.filter(_older_than(before))
    ids = list(window.values_list("pk", flat=True)[: ORPHAN_WINDOW + 1])
    found = list(orphans().filter(pk__in=ids[:ORPHAN_WINDOW]).only("title", "published_at"))
    # A page of its own shows the whole window (titles only): its next page is the next window.
    shown = found if limit >= PAGE_ROWS else found[:limit]
    where = _("newest") if before is None else _("next")
    return Section(
        key="orphans",
        title=str(SECTION_TITLES["orphans"]),
        rows=shown,
        count_label=_("%(count)s among the %(where)s %(window)s published articles")
        % {
            "count": f"{len(found):,}",
            "where": where,
            "window": f"{min(len(ids), ORPHAN_WINDOW):,}",
        },
        older=ids[ORPHAN_WINDOW - 1] if len(ids) > ORPHAN_WINDOW else None,
        more=len(shown) < len(found),
    )


def _anchor_section(*, limit: int, before: int | None) -> Section:
    """Linked articles, newest first, each with the anchor texts pointing at it."""
    targets = linked_articles()
    page = targets.filter(_older_than(before)) if before is not None else targets
    rows = list(page.only("title", "published_at")[: limit + 1])
    return Section(
        key="anchors",
        title=str(SECTION_TITLES["anchors"]),
        rows=_with_anchor_texts(rows[:limit]),
        count_label=_count_label(targets),
        older=rows[limit - 1].pk if len(rows) > limit else None,
    )


def _section(key: str, *, limit: int, before: int | None) -> Section:
    if key == "orphans":
        return _orphan_section(limit=limit, before=before)
    if key == "anchors":
        return _anchor_section(limit=limit, before=before)
    return _link_section(key, limit=limit, before=before)


def _with_anchor_texts(targets: list[Article]) -> list[dict[str, Any]]:
    """Each target with the anchor texts pointing at it and their uses, in one query."""
    anchors: dict[int, list[tuple[str, int]]] = {target.pk: [] for target in targets}
    for row in (
        ArticleLink.objects.filter(target__in=list(anchors))
        .values("target_id", "anchor_text")
        .annotate(uses=Count("id"))
        .order_by("target_id", "-uses", "anchor_text")
    ):
        anchors[row["target_id"]].append((row["anchor_text"], row["uses"]))
    return [
        {"id": target.pk, "title": target.title, "anchors": anchors[target.pk]}
        for target in targets
    ]


SECTION_TITLES = {
    "unpublished": _("Links to unpublished articles"),
    "deleted": _("Links to deleted or unknown articles"),
    "redirects": _("Body links through a redirect"),
    "orphans": _("Published orphans"),
    "anchors": _("Anchor texts per article"),
}


def link_health(section: str | None = None, before: int | None = None) -> list[Section]:
    """The report: every section's first rows, or one section's page of rows from ``before``.

    A fixed number of queries, each reading one page and a count that stops at COUNT_CAP,
    so the report costs the same at any size.
    """
    if section in SECTION_TITLES:
        return [_section(section, limit=PAGE_ROWS, before=before)]
    return [_section(key, limit=OVERVIEW_ROWS, before=None) for key in SECTION_TITLES]
