"""The link index: every curated and in-body link from an article to an article, and its queries."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http.request import validate_host
from django.urls import Resolver404, resolve

from articles import richtext
from articles.after_commit import refresh_after_commit
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


def extract_body_links(body: str, *, base_path: str = "/") -> list[tuple[str, str, str]]:
    """``(href, slug, anchor text)`` for each link in ``body`` to one of our article pages."""
    found = []
    for href, text in richtext.links(body):
        slug = article_slug_from_href(href, base_path=base_path)
        if slug is not None:
            found.append((href, slug, text))
    return found


# --- The link index ---------------------------------------------------------------------------


def outgoing_links(article: Article) -> list[ArticleLink]:
    """The index rows ``article``'s curated and body links make, as yet unsaved."""
    rows = [
        ArticleLink(
            source=article,
            target=link.target,
            target_slug=link.target.slug,
            href=link.target.get_absolute_url(),
            anchor_text=link.text[:300],
            kind=ArticleLink.Kind.CURATED,
        )
        for link in article.related_links.select_related("target")
    ]
    body_links = extract_body_links(article.body, base_path=article.get_absolute_url())
    slugs = {slug for _href, slug, _text in body_links}
    targets = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
    for old in SlugHistory.objects.filter(slug__in=slugs - targets.keys()).select_related(
        "article"
    ):
        targets[old.slug] = old.article
    for href, slug, text in body_links:
        target = targets.get(slug)
        if target is not None and target.pk == article.pk:
            continue  # a link to a section of the same article
        rows.append(
            ArticleLink(
                source=article,
                target=target,
                target_slug=slug,
                href=href[:500],
                anchor_text=text[:300],
                kind=ArticleLink.Kind.BODY,
            )
        )
    return rows


@transaction.atomic
def index_links(article: Article) -> list[ArticleLink]:
    """Rebuild the index rows of ``article``'s outgoing links (curated and in the body)."""
    rows = outgoing_links(article)
    # Curated links whose target was deleted stay listed in link health until dismissed.
    ArticleLink.objects.filter(source=article).exclude(
        kind=ArticleLink.Kind.CURATED, target__isnull=True
    ).delete()
    return ArticleLink.objects.bulk_create(rows)


def _deleted_curated_targets(article: Article) -> QuerySet[ArticleLink]:
    return ArticleLink.objects.filter(
        source=article, kind=ArticleLink.Kind.CURATED, target__isnull=True
    )


@transaction.atomic
def refresh_index(article_ids: set[int]) -> None:
    """Re-index these articles' outgoing links, and body links elsewhere that name their slugs.

    Runs after commit (see ``LinksConfig.ready``); deleted articles need nothing: their rows
    went with them, and links to them keep their slug with no target.
    """
    for article in Article.objects.filter(pk__in=article_ids):
        index_links(article)
        # A new or renamed article at a slug other bodies already link to: those links lead here.
        ArticleLink.objects.filter(kind=ArticleLink.Kind.BODY, target_slug=article.slug).exclude(
            target=article
        ).update(target=article)


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
