"""How readers see curated links: inline after a paragraph, and the "Related reading" list."""

import html
import re
from collections import defaultdict
from html.parser import HTMLParser

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles import richtext
from articles.links.models import ArticleLink, RelatedLink
from articles.models import Article

# --- The rendered body and its paragraphs -------------------------------------------------------

# A <p> inside one of these is part of a quote, list, table or aside, not a paragraph of the text.
_NOT_TEXT_PARAGRAPH_INSIDE = frozenset(
    {"p", "figure", "blockquote", "li", "td", "th", "aside", "details", "table", "nav", "dl"}
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


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
    body = without_dead_body_links(article, article.body_html)
    inline = [
        link
        for link in visible_related_links(article)
        if link.placement == RelatedLink.Placement.INLINE
    ]
    if not inline:
        return mark_safe(body)  # sanitized and rendered on save
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
                render_to_string("links/_related_inline.html", {"link": link})
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
