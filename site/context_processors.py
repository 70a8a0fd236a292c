from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from byline import pagecache
from byline.models import SiteSettings
from byline.navigation import header_categories


def _header_categories() -> list:
    pagecache.depends_on("header")  # which categories have articles: see byline.invalidation
    # Kept by each worker until a change to them or to the settings is purged.
    return pagecache.kept("header_categories", ["all", "header"], lambda: list(header_categories()))


def site_settings(request: HttpRequest) -> dict:
    """The site settings row and the header's categories, each read once and only if used."""
    return {
        "site": SimpleLazyObject(lambda: SiteSettings.for_request(request)),
        "header_categories": SimpleLazyObject(_header_categories),
    }
