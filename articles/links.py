"""The web of links between articles: rendering curated links, the link index, slug history.

Everything that reads or writes ``RelatedLink``, ``ArticleLink`` and ``SlugHistory`` goes through
the functions here, so the admin, the reader's pages, the demo loader and the tests share them.
"""

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.request import validate_host
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import richtext
from articles.models import Article, ArticleLink, RelatedLink, SlugHistory

# --- The rendered body and its paragraphs -------------------------------------------------------

# A <p> inside one of these is part of a quote, list, table or aside, not a paragraph of the text.
_NOT_TEXT_PARAGRAPH_INSIDE = frozenset(
    {"p", "figure", "blockquote", "li", "td", "th", "aside", "details", "table", "nav", "dl"}
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def rendered_body(article: Article) -> str:
    """The article's body as readers get it (rendered and sanitized on save)."""
    return article.body_html


def fresh_body(article: Article) -> str:
    """The body as it will render once saved (forms check paragraphs against this)."""
    return richtext.render(article.body).html


class _ParagraphFinder(HTMLParser):
    """Finds where each paragraph of the text ends, as offsets into the original string."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.open: list[str] = []
        self.ends: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open.pop() != tag:
            pass
        if tag == "p" and not _NOT_TEXT_PARAGRAPH_INSIDE.intersection(self.open):
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            self.ends.append(self.source.index(">", start) + 1)


def paragraph_ends(body_html: str) -> list[int]:
    """Offsets just after each paragraph of the text (``</p>`` not in a quote, list or table)."""
    finder = _ParagraphFinder(body_html)
    finder.feed(body_html)
    finder.close()
    return finder.ends


def count_paragraphs(body_html: str) -> int:
    """How many paragraphs an inline link can be placed after."""
    return len(paragraph_ends(body_html))


# --- Rendering curated links for readers ---------------------------------------------------------


def visible_related_links(article: Article) -> list[RelatedLink]:
    """The article's curated links whose target readers may see, in order (one query, cached)."""
    cached = getattr(article, "_visible_related_links", None)
    if cached is None:
        cached = list(
            RelatedLink.objects.filter(source=article)
            .visible()
            .select_related("target", "target__category")
            .order_by("position", "id")
        )
        article._visible_related_links = cached
    return cached


_ANCHOR = re.compile(
    r"""<a\b[^>]*?\bhref=(["'])(.*?)\1[^>]*>(.*?)</a>""", re.IGNORECASE | re.DOTALL
)


def without_dead_body_links(article: Article, body: str) -> str:
    """``body`` with links to unpublished, deleted or unknown articles turned into plain text.

    Readers never follow a link into a 404; the links stay in the stored body and come back
    (and show in link health meanwhile) as soon as their target is live again.
    """
    dead = set(
        ArticleLink.objects.filter(source=article, kind=ArticleLink.Kind.BODY)
        .filter(Q(target__isnull=True) | ~Q(target__in=Article.objects.published()))
        .values_list("href", flat=True)
    )
    if not dead:
        return body

    def unlink(match: re.Match[str]) -> str:
        return match.group(3) if html.unescape(match.group(2)) in dead else match.group(0)

    return _ANCHOR.sub(unlink, body)


def body_with_inline_links(article: Article) -> SafeString:
    """The rendered body, dead article links unlinked, visible inline links after paragraphs."""
    body = without_dead_body_links(article, rendered_body(article))
    inline = [
        link
        for link in visible_related_links(article)
        if link.placement == RelatedLink.Placement.INLINE
    ]
    if not inline:
        return mark_safe(body)  # already sanitized by rendered_body()
    ends = paragraph_ends(body)
    after: dict[int, list[RelatedLink]] = defaultdict(list)
    for link in inline:
        # A paragraph removed since the link was placed: keep the link, after the last one.
        after[min(link.after_paragraph or 0, len(ends))].append(link)
    pieces: list[str] = []
    previous = 0
    for number, end in enumerate([0, *ends]):
        if number in after:
            pieces.append(body[previous:end])
            pieces.extend(
                render_to_string("articles/_related_inline.html", {"link": link})
                for link in after[number]
            )
            previous = end
    pieces.append(body[previous:])
    return mark_safe("".join(pieces))  # sanitized body + autoescaped templates


def end_links(article: Article) -> list[RelatedLink]:
    """The visible links of the "Related reading" list."""
    return [
        link
        for link in visible_related_links(article)
        if link.placement == RelatedLink.Placement.END
    ]


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
    if not body.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(body, create_parent="div").iter("a"):
        href = element.get("href")
        if not href:
            continue
        slug = article_slug_from_href(href, base_path=base_path)
        if slug is not None:
            text = " ".join(element.text_content().split())
            found.append((href, slug, text))
    return found


# --- The link index ---------------------------------------------------------------------------


@transaction.atomic
def index_links(article: Article) -> list[ArticleLink]:
    """Rebuild the index rows of ``article``'s outgoing links (curated and in the body)."""
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
    # Curated links whose target was deleted stay listed in link health until dismissed.
    ArticleLink.objects.filter(source=article).exclude(
        kind=ArticleLink.Kind.CURATED, target__isnull=True
    ).delete()
    return ArticleLink.objects.bulk_create(rows)


@transaction.atomic
def add_related_link(*, source: Article, target: Article, anchor_text: str = "") -> RelatedLink:
    """Add ``target`` at the end of ``source``'s related reading and re-index ``source``."""
    last = source.related_links.aggregate(last=Max("position"))["last"]
    link = RelatedLink.objects.create(
        source=source,
        target=target,
        anchor_text=anchor_text,
        placement=RelatedLink.Placement.END,
        position=(last or 0) + 1,
    )
    index_links(source)
    return link


def hidden_links(article: Article) -> QuerySet[ArticleLink]:
    """Outgoing links readers cannot follow now: target unpublished, deleted or unknown."""
    return (
        ArticleLink.objects.filter(source=article)
        .filter(Q(target__isnull=True) | ~Q(target__in=Article.objects.published()))
        .select_related("target")
    )


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


def links_through_redirects(sources: Iterable[int] | None = None) -> QuerySet[ArticleLink]:
    """Body links written with an old slug of their target."""
    rows = ArticleLink.objects.filter(kind=ArticleLink.Kind.BODY, target__isnull=False).exclude(
        target_slug=F("target__slug")
    )
    if sources is not None:
        rows = rows.filter(source__in=sources)
    return rows.select_related("source", "target")


_HREF = re.compile(r"""(\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def fix_redirected_links(source: Article) -> int:
    """Point ``source``'s body links that use an old slug at the current URL; save and re-index."""
    current = {row.target_slug: row.target for row in links_through_redirects([source.pk])}
    if not current:
        return 0
    fixed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal fixed
        href = html.unescape(match.group(3))
        slug = article_slug_from_href(href, base_path=source.get_absolute_url())
        if slug not in current:
            return match.group(0)
        fragment = urlsplit(href).fragment
        url = current[slug].get_absolute_url() + (f"#{fragment}" if fragment else "")
        fixed += 1
        return f"{match.group(1)}{match.group(2)}{html.escape(url)}{match.group(2)}"

    with transaction.atomic():
        source.body = _HREF.sub(replace, source.body)
        source.save()
        index_links(source)
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
        "unpublished": ArticleLink.objects.filter(target__isnull=False)
        .exclude(target__in=published)
        .select_related("source", "target")
        .order_by("target__title", "source__title"),
        "deleted": ArticleLink.objects.filter(target__isnull=True)
        .select_related("source")
        .order_by("target_slug", "source__title"),
        "through_redirects": links_through_redirects().order_by("source__title"),
        "orphans": published.exclude(pk__in=linked_by_published).order_by("title"),
        "anchors": list(anchors.values()),
    }


# --- Slug history and redirects -----------------------------------------------------------------


def _was_public(state: dict[str, Any] | None) -> bool:
    return bool(
        state
        and state["status"] != Article.Status.DRAFT
        and state["published_at"] is not None
        and state["published_at"] <= timezone.now()
    )


def remember_previous_state(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    """pre_save: note the slug and publication state the article had before this save."""
    instance._previous_state = (
        None
        if instance.pk is None or kwargs.get("raw")
        else Article.objects.filter(pk=instance.pk).values("slug", "status", "published_at").first()
    )


def record_public_slugs(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    """post_save: remember every slug the article was public under; its current slug wins."""
    if kwargs.get("raw"):
        return
    previous = getattr(instance, "_previous_state", None)
    public = set()
    if _was_public(previous):
        public.add(previous["slug"])
    if instance.is_live:
        public.add(instance.slug)
    # An article taking a slug another one used before wins it: that redirect goes away.
    SlugHistory.objects.filter(slug=instance.slug).exclude(article=instance).delete()
    for slug in public:
        SlugHistory.objects.update_or_create(slug=slug, defaults={"article": instance})
    # Body links elsewhere written with this slug now lead here.
    ArticleLink.objects.filter(kind=ArticleLink.Kind.BODY, target_slug=instance.slug).exclude(
        target=instance
    ).update(target=instance)


def connect_signals() -> None:
    """Wire slug history to every save of an article, whoever saves it."""
    from django.db.models.signals import post_save, pre_save

    pre_save.connect(remember_previous_state, sender=Article, dispatch_uid="links_previous")
    post_save.connect(record_public_slugs, sender=Article, dispatch_uid="links_public_slugs")


class FollowSlugHistoryMixin:
    """For the article page: an old slug answers with a permanent redirect to the article."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            article = self.get_queryset().filter(slug_history__slug=kwargs["slug"]).first()
            if article is None:
                raise
            url = article.get_absolute_url()
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            return HttpResponsePermanentRedirect(url)
