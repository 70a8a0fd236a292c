from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from byline.models import SiteSettings


def site_settings(request: HttpRequest) -> dict:
    """Expose the site settings row to every template, read at most once per request."""
    return {"site": SimpleLazyObject(lambda: SiteSettings.for_request(request))}
