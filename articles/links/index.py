"""The link index: every curated and in-body link from an article to an article, and its queries."""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, OuterRef, QuerySet, Subquery
from django.http.request import validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from articles import richtext
from articles.after_commit import article_refresh, refresh_after_commit
from articles.bulk import batches_of, insert_rows
from articles.links.models import ArticleLink, RelatedLink, SlugHistory
from articles.models import Article

# --- Recognising links to our own articles -------------------------------------------------------


def _our_hosts() -> list[str]:
    # A wildcard would make every absolute address "ours"; only named hosts count.
    return [host for host in settings.ALLOWED_HOSTS if host != "*"]


def article_slug_from_href(href: str, *, base_path: str = "/") -> str | None:
    """The slug of the article page ``href`` points at on this site, or None."""
    parts = urlsplit(href.strip())
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    if parts.netloc and not validate_host(parts.hostname or "", _our_hosts()):
        return None
    if not parts.path:
        return None  # "#section" or "?page=2": this page, not an article
    path = urljoin(base_path, parts.path)
    for candidate in (path, path if path.endswith("/") else f"{path}/"):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        if match.view_name == "articles:detail":
            return match.kwargs["slug"]
        return None
    return None


def extract_body_links(
    body: str, *, base_path: str = "/"
) -> list[tuple[str, str, str, int | None]]:
    """``(href, slug, anchor text, article id)`` for each link in ``body`` to one of our articles.

    A link chosen by title names its article by id (``data-article``): that id decides, so the
    link follows the article through renames; the slug is what its address said when written.
    """
    found = []
    for href, article_id, text in richtext.article_links(body):
        slug = article_slug_from_href(href, base_path=base_path) if href else None
        if slug is not None or article_id is not None:
            found.append((href, slug or "", text, article_id))
    return found


def articles_by_slug(slugs: set[str]) -> dict[str, Article]:
    """The article each slug names: its current slug, else one it was public under before."""
    targets = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
    missing = slugs - targets.keys()
    if missing:
        for old in SlugHistory.objects.filter(slug__in=missing).select_related("article"):
            targets[old.slug] = old.article
    return targets


# --- Finding an article to link to (the body editor's link chooser) ---------------------------


def search_by_title(query: str) -> QuerySet[Article]:
    """Articles (not in the trash) whose title holds every word of ``query``; newest first."""
    articles = Article.objects.not_in_trash().only(
        "title", "slug", "status", "published_at", "deleted_at"
    )
    for word in query.split()[:8]:
        articles = articles.filter(title__icontains=word)
    return articles.order_by("-updated_at", "-id")


def chooser_json(article: Article) -> dict[str, Any]:
    """What the link chooser shows and inserts: the title, the address, the state, marked."""
    if article.is_live:
        state, label = "live", _("Published")
    elif article.status == Article.Status.DRAFT:
        state, label = "draft", _("Draft")
    else:
        state, label = "scheduled", _("Scheduled")
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.get_absolute_url(),
        "state": state,
        "state_label": str(label),
    }


# --- The link index ---------------------------------------------------------------------------


class Row(NamedTuple):
    """The stored values of one index row (what a rebuild compares with what is stored)."""

    kind: str
    target_id: int | None
    target_slug: str
    href: str
    anchor_text: str


ROW_FIELDS = Row._fields


def outgoing_links(article: Article) -> list[ArticleLink]:
    """The index rows ``article``'s curated and body links make, as yet unsaved."""
    rows = _rows_of([article])[article.pk]
    targets = Article.objects.defer(*_HEAVY).in_bulk({row.target_id for row in rows} - {None})
    return [
        ArticleLink(
            source=article,
            target=targets.get(row.target_id),
            kind=row.kind,
            target_slug=row.target_slug,
            href=row.href,
            anchor_text=row.anchor_text,
        )
        for row in rows
    ]


# Never read for a link's target: a batch of a rebuild may link to thousands of articles, and on
# SQLite a column after these texts is only reached through their overflow pages.
_HEAVY = ("body", "body_html", "toc")


def _rows_of(articles: list[Article]) -> dict[int | None, list[Row]]:
    """The index rows of each article's links, with a fixed number of queries.

    Plain values, not model instances: a rebuild makes 300,000 of them at 100,000 articles,
    and loading each target article to read its slug cost more than the rest of the rebuild.
    """
    path = _article_path_maker()
    rows: dict[int | None, list[Row]] = {article.pk: [] for article in articles}
    if saved := [article.pk for article in articles if article.pk is not None]:
        for source_id, target_id, slug, anchor_text, title in RelatedLink.objects.filter(
            source__in=saved
        ).values_list("source_id", "target_id", "target__slug", "anchor_text", "target__title"):
            text = RelatedLink.text_of(anchor_text, title)
            rows[source_id].append(
                Row(ArticleLink.Kind.CURATED, target_id, slug, path(slug), text[:300])
            )
    body_links = {
        article.pk: extract_body_links(article.body, base_path=path(article.slug))
        for article in articles
    }
    found_links = [link for found in body_links.values() for link in found]
    slugs = {slug for _href, slug, _text, chosen in found_links if slug and chosen is None}
    ids = {chosen for _href, _slug, _text, chosen in found_links if chosen is not None}
    # The id of the article each slug names (its current slug, else an old one); by_id: the
    # current slug of each article chosen by id.
    by_slug = (
        dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
    )
    if missing := slugs - by_slug.keys():
        by_slug |= dict(
            SlugHistory.objects.filter(slug__in=missing).values_list("slug", "article_id")
        )
    # Links chosen by title name their article by id: that decides, whatever the address says.
    by_id = dict(Article.objects.filter(pk__in=ids).values_list("pk", "slug")) if ids else {}
    for source_id, found in body_links.items():
        for href, slug, text, chosen in found:
            if chosen is None:
                target_id = by_slug.get(slug)
            else:
                target_id = chosen if chosen in by_id else None
                # Its address is resolved when shown: never "redirected".
                slug = by_id.get(chosen, slug)
            if target_id == source_id and target_id is not None:
                continue  # a link to a section of the same article
            rows[source_id].append(
                Row(ArticleLink.Kind.BODY, target_id, slug, href[:500], text[:300])
            )
    return rows


_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _article_path_maker() -> Callable[[str], str]:
    """An article's address from its slug, as ``reverse()`` gives it, by one ``reverse()``.

    A rebuild makes hundreds of thousands of addresses, and each ``reverse()`` cost ~0.1 ms;
    a plain slug is the same in the address, so the rest is a string around it.
    """
    marker = "slug-marker"
    before, _marker, after = reverse("articles:detail", args=[marker]).rpartition(marker)

    def path(slug: str) -> str:
        if _PLAIN_SLUG.fullmatch(slug):
            return f"{before}{slug}{after}"
        return reverse("articles:detail", args=[slug])  # anything reverse() would quote

    return path


def index_links(article: Article) -> None:
    """Rebuild the index rows of ``article``'s outgoing links (curated and in the body)."""
    index_links_of([article])


@transaction.atomic
def index_links_of(articles: list[Article], *, only_changed: bool = False) -> None:
    """Rebuild the index rows of these articles' outgoing links: a few queries per batch.

    ``only_changed`` (a rebuild): read the stored rows first and rewrite only the articles
    whose rows differ, so rebuilding an index that is mostly right writes little; an article
    saved since the batch was read is left to its own refresh.
    """
    if only_changed:
        current = Article.objects.unchanged_since({a.pk: a.version for a in articles})
        articles = [article for article in articles if article.pk in current]
    rows = _rows_of(articles)
    # Curated links whose target was deleted stay listed in link health until dismissed.
    replaced = ArticleLink.objects.exclude(kind=ArticleLink.Kind.CURATED, target__isnull=True)
    if only_changed:
        stored: dict[int, Counter[Row]] = defaultdict(Counter)
        for source_id, *values in replaced.filter(source__in=articles).values_list(
            "source_id", *ROW_FIELDS
        ):
            stored[source_id][Row(*values)] += 1
        rows = {pk: found for pk, found in rows.items() if stored[pk] != Counter(found)}
        if not rows:
            return
    replaced.filter(source_id__in=list(rows)).delete()
    # Plain parameter rows, not model instances: bulk_create's were most of a batch's time.
    insert_rows(
        ArticleLink,
        ("source", *ROW_FIELDS),
        [(pk, *row) for pk, found in rows.items() for row in found],
    )


def _deleted_curated_targets(article: Article) -> QuerySet[ArticleLink]:
    return ArticleLink.objects.filter(
        source=article, kind=ArticleLink.Kind.CURATED, target__isnull=True
    )


def _indexed_fields() -> QuerySet[Article]:
    # What link extraction reads: the body, and the slug for relative links' base address.
    return Article.objects.only("id", "slug", "body", "version").order_by("id")


@article_refresh
@transaction.atomic
def refresh_index(article_ids: set[int]) -> None:
    """Re-index these articles' outgoing links, the curated links to them, and body links
    elsewhere that name their slugs.

    Runs after commit (see ``LinksConfig.ready``); deleted articles need nothing: their rows
    went with them, and links to them keep their slug with no target.
    """
    articles = list(_indexed_fields().filter(pk__in=article_ids))
    if not articles:
        return
    # Curated links to these articles show their slug and address: a renamed target changes
    # its sources' rows too.
    sources = RelatedLink.objects.filter(target__in=articles).values("source")
    articles += _indexed_fields().filter(pk__in=sources).exclude(pk__in=article_ids)
    index_links_of(articles)
    # A new or renamed article at a slug other bodies already link to: those links lead here.
    ArticleLink.objects.filter(
        kind=ArticleLink.Kind.BODY, target_slug__in=[article.slug for article in articles]
    ).exclude(target__slug=F("target_slug")).update(
        target=Subquery(Article.objects.filter(slug=OuterRef("target_slug")).values("pk")[:1])
    )


#: Articles a rebuild reads and writes at a time. Each commit rewrites every index page its rows
#: landed on, and links land all over the target indexes: batches of 500 wrote 7 GB at 100,000
#: articles (from an empty index), batches of 2,000 a quarter of that, each holding SQLite's
#: write lock for a fraction of a second.
REBUILD_BATCH = 2_000


def rebuild(
    *, batch_size: int = REBUILD_BATCH, progress: Callable[[int, int], None] | None = None
) -> int:
    """Index every article's links again, batch by batch; returns how many articles.

    Each batch is read in full and written in a transaction of its own, so no read cursor or
    snapshot stays open across the writes (SQLite's WAL is checkpointed as it goes).
    """
    total, done = Article.objects.count(), 0
    for batch in batches_of(_indexed_fields(), batch_size):
        index_links_of(batch, only_changed=True)
        done += len(batch)
        if progress:
            progress(done, total)
    return done


def on_article_saved(
    sender: type[Article],
    instance: Article,
    update_fields: frozenset[str] | None = None,
    raw: bool = False,
    using: str = "default",
    **kwargs: Any,
) -> None:
    """post_save: re-index the article's links after commit when its body or slug may differ."""
    if not raw and (update_fields is None or update_fields & {"body", "slug"}):
        refresh_after_commit(refresh_index, instance.pk, using=using)


def on_related_link_changed(
    sender: type[RelatedLink], instance: RelatedLink, using: str = "default", **kwargs: Any
) -> None:
    """post_save/post_delete of a curated link: re-index its source after commit."""
    if not kwargs.get("raw"):
        refresh_after_commit(refresh_index, instance.source_id, using=using)


@transaction.atomic
def add_related_link(*, source: Article, target: Article, anchor_text: str = "") -> RelatedLink:
    """Add ``target`` at the end of ``source``'s related reading (re-indexed after commit)."""
    last = source.related_links.aggregate(last=Max("position"))["last"]
    link = RelatedLink.objects.create(
        source=source,
        target=target,
        anchor_text=anchor_text,
        placement=RelatedLink.Placement.END,
        position=(last or 0) + 1,
    )
    return link


def hidden_links(article: Article) -> list[ArticleLink]:
    """Outgoing links readers cannot follow now: target unpublished, deleted or unknown.

    Read from the article as it stands, not from the index (which catches up after commit),
    so the admin can warn in the same request that saved the article.
    """
    rows = [*_deleted_curated_targets(article), *outgoing_links(article)]
    return [row for row in rows if row.target is None or not row.target.is_live]


def linked_from(article: Article) -> list[tuple[Article, list[ArticleLink]]]:
    """Every article linking to ``article``, with the index rows (kind, anchor text) of each."""
    grouped: dict[int, list[ArticleLink]] = defaultdict(list)
    sources: dict[int, Article] = {}
    for row in (
        ArticleLink.objects.filter(target=article)
        .select_related("source")
        .order_by("source__title", "source_id", "kind", "id")
    ):
        sources[row.source_id] = row.source
        grouped[row.source_id].append(row)
    return [(sources[pk], rows) for pk, rows in grouped.items()]


def articles_linking_to(targets: Iterable[int | str]) -> QuerySet[Article]:
    """Articles, other than ``targets`` themselves, that link to any of ``targets``."""
    targets = list(targets)
    return (
        Article.objects.filter(outgoing_links__target__in=targets)
        .exclude(pk__in=targets)
        .distinct()
        .order_by("title")
    )
