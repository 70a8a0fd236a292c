"""Template tags that place an article's curated links: inline in the body and at the end."""

from django import template
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from articles import images
from articles.links import index, rendering
from articles.models import Article

register = template.Library()


@register.simple_tag(takes_context=True)
def body_with_related_links(context: template.Context, article: Article) -> SafeString:
    """The rendered body with the visible inline related links between its paragraphs."""
    if context.get("is_preview"):
        return rendering.body_with_inline_links(article)  # perhaps unsaved: never kept
    return rendering.kept_body_with_inline_links(article)


@register.simple_tag(takes_context=True)
def related_reading(context: template.Context, article: Article) -> SafeString:
    """The "Related reading" list of the visible end-of-article links."""
    if context.get("is_preview"):
        return rendering.related_reading_html(article)
    return rendering.kept_related_reading_html(article)


@register.simple_tag
def articles_linking_to(articles: QuerySet[Article]) -> QuerySet[Article]:
    """For the bulk delete confirmation: who links to the articles about to go."""
    return index.articles_linking_to(article.pk for article in articles)


@register.simple_tag
def related_thumbnail(article: Article) -> SafeString:
    """A small, decorative picture of the linked article (its title link says what it is)."""
    if not article.featured_image:
        return SafeString("")
    return images.picture_html(
        article.featured_image_renditions,
        article.featured_image.storage,
        alt="",
        sizes="(min-width: 40rem) 9rem, 6rem",
        lazy=True,
    )
