"""The page head's metadata: ``{% page_meta as meta %}`` in base.html, and JSON-LD blocks."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from articles.seo import meta_for_page
from byline import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> seo.PageMeta:
    """The metadata of the page being rendered (see ``articles.seo.meta_for_page``)."""
    return meta_for_page(context)


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """Render structured data as a ``<script type="application/ld+json">`` data block."""
    return seo.json_ld_script(data)
