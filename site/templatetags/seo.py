"""The page head's metadata: ``{% page_meta as meta %}`` in base.html, and JSON-LD blocks."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from byline import seo
from byline.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> seo.PageMeta:
    """The metadata the view stated for its page (``page_meta``), else the site's defaults."""
    if (meta := context.get("page_meta")) is not None:
        return meta
    request = context["request"]
    return seo.default_meta(request, SiteSettings.for_request(request))


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The address of page ``number`` of this list (page 1: the bare address, no ``?page=1``)."""
    return seo.page_url(context["request"], number)


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """Render structured data as a ``<script type="application/ld+json">`` data block."""
    return seo.json_ld_script(data)
