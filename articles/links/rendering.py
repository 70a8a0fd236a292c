"""How readers see curated links: inline after a paragraph, and the "Related reading" list."""

import hashlib
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from articles import richtext
from articles.links.models import ArticleLink, RelatedLink
from articles.models import Article, is_public
from byline import pagecache


def fresh_body(article: Article) -> str:
    """The body as it will render once saved (forms check paragraphs against this)."""
    return richtext.render(article.body).html


# --- Rendering curated links for readers ---------------------------------------------------------


def visible_related_links(article: Article) -> list[RelatedLink]:
    """The article's curated links whose target readers may see, in order (one query, cached)."""
    cached = getattr(article, "_visible_related_links", None)
    if cached is None:
        cached = list(
            RelatedLink.objects.filter(source=article)
            .visible()
            .select_related("target__featured_image")
            .order_by("position", "id")
        )
        article._visible_related_links = cached
    return cached


def without_dead_body_links(article: Article, body: str) -> str:
    """``body`` as readers may follow it: links to articles resolved through the link index.

    A link to an unpublished, deleted or unknown article becomes plain text: readers never
    follow a link into a 404; it stays in the stored body and comes back (and shows in link
    health meanwhile) as soon as its target is live again. A link to a live article points at
    its current address, so a renamed article costs no redirect hop.
    """
    # The target's state judged here (is_public) rather than by a CASE in the query: building
    # that expression cost more than the query itself on every article page.
    rows = ArticleLink.objects.filter(source=article, kind=ArticleLink.Kind.BODY).values_list(
        "href", "target__status", "target__published_at", "target__deleted_at", "target__slug"
    )
    dead: set[str] = set()
    moved: dict[str, str] = {}
    for href, status, published_at, deleted_at, slug in rows:
        if slug is None or deleted_at is not None or not is_public(status, published_at):
            dead.add(href)
        else:
            moved[href] = current_href(href, reverse("articles:detail", args=[slug]))
    return richtext.resolve_links(body, dead=dead, moved=moved)


def current_href(href: str, path: str) -> str:
    """``href`` with its address swapped for the article's current ``path`` (its #part kept)."""
    fragment = urlsplit(href).fragment
    return f"{path}#{fragment}" if fragment else path


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
    # A paragraph removed since the link was placed: the link follows the last one.
    placed = [
        (link.after_paragraph or 0, render_to_string("links/_related_inline.html", {"link": link}))
        for link in inline
    ]
    # The sanitized body and our own autoescaped template, written by lxml's serializer.
    return mark_safe(richtext.insert_after_paragraphs(body, placed))


def kept_body_with_inline_links(article: Article) -> SafeString:
    """:func:`body_with_inline_links` of a saved article, kept while what it shows holds.

    Parsing and writing the body (twice with inline links) was a fifth of an article page's
    CPU. Kept per body text; the page cache's tags refresh it: ``page:<id>`` (its related links,
    and the articles its body links to changing state or address: see byline.invalidation),
    ``article:<id>`` (its images) and the inline links' targets it notes while rendering.
    """
    digest = hashlib.blake2b(article.body_html.encode(), digest_size=16).hexdigest()
    return mark_safe(  # the kept value of body_with_inline_links, itself safe
        pagecache.fragment(
            f"body:{article.pk}:{digest}",
            [f"page:{article.pk}", f"article:{article.pk}"],
            lambda: body_with_inline_links(article),
        )
    )


def related_reading_html(article: Article) -> SafeString:
    """The "Related reading" list of the visible end-of-article links."""
    return render_to_string("links/_related_list.html", {"links": end_links(article)})


def kept_related_reading_html(article: Article) -> SafeString:
    """:func:`related_reading_html` of a saved article, kept like its body (see above)."""
    return mark_safe(  # the kept value of related_reading_html, itself safe
        pagecache.fragment(
            f"related:{article.pk}",
            [f"page:{article.pk}"],
            lambda: related_reading_html(article),
        )
    )


def end_links(article: Article) -> list[RelatedLink]:
    """The visible links of the "Related reading" list."""
    return [
        link
        for link in visible_related_links(article)
        if link.placement == RelatedLink.Placement.END
    ]
