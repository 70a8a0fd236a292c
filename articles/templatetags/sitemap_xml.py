"""The ``<url>`` elements of a sitemap section, written in one pass (see ``sitemap_urls``)."""

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

register = template.Library()


def _day(value: date) -> str:
    """The date as Django's sitemap template writes it: in the site's time zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


@register.simple_tag
def sitemap_urls(urlset: list[dict[str, Any]]) -> SafeString:
    """Each URL of the section with its date, change frequency and priority.

    What Django's sitemap.xml template writes, without the template loop: rendered per URL,
    it took 0.3 ms each, most of a 1,000-URL section's time.
    """
    parts = []
    for url in urlset:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        parts.append("</url>\n")
    return SafeString("".join(parts))
