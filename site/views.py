"""Site-wide views: the footer's contact link, crawler files, uploads and the error pages."""

import errno
import logging
from urllib.parse import quote

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.static import serve

from articles.models import Article
from byline.models import SiteSettings
from byline.seo import simple_meta

logger = logging.getLogger(__name__)

# What the file system answers for a name no upload can have: too long, or not a name at all.
IMPOSSIBLE_NAME_ERRORS = {errno.ENAMETOOLONG, errno.EILSEQ, errno.ENOENT, errno.ENOTDIR}


#: How many of the newest articles the 404 page offers.
LATEST_ON_404 = 5


class MailtoRedirect(HttpResponseRedirect):
    allowed_schemes = ["mailto"]


@never_cache
def contact_email(request: HttpRequest) -> HttpResponse:
    """Send a click on the footer's email link to the reader's mail program."""
    email = SiteSettings.load().email
    if not email:
        raise Http404("No contact email is set.")
    response = MailtoRedirect(f"mailto:{email}")
    response["X-Robots-Tag"] = "noindex"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them the logo."""
    return HttpResponsePermanentRedirect(static("img/logo.png"))


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Let crawlers in everywhere public, keep them out of the admin, point at the sitemap."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


#: Uploads never change under their name: originals get fresh random names, renditions are named
#: after their original and crop (articles/images.py) and storage never overwrites a file. So
#: browsers and CDNs may keep them a year without asking again.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve an upload from MEDIA_ROOT as it is now (read per request, so tests can move it).

    A name that cannot be a file (a NUL, a name longer than the file system allows) is a 404.
    """
    if "\x00" in path:
        raise Http404("No such file.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        if error.errno in IMPOSSIBLE_NAME_ERRORS:
            raise Http404("No such file.") from error
        raise
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response


# The error handlers below are the last answer to a request that already failed. They never
# read request.POST (a body that could not be parsed is why a 400 is being sent; Django's own
# handlers re-run the CSRF check, which parses it again and turns the 400 into a 500) and
# only the 404 page touches the database, with a plain fallback.


def _plain_page(template_name: str, response_class: type[HttpResponse], title: str) -> HttpResponse:
    """Render a template that needs neither the request nor the database."""
    try:
        body = loader.render_to_string(template_name)
    except Exception:  # the page must go out whatever broke: a bare one is better than none
        logger.exception("Error page %s could not be rendered", template_name)
        body = f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1>"
    return response_class(body)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: the request could not be read (a malformed body, header or charset)."""
    return _plain_page("400.html", HttpResponseBadRequest, "Bad request")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: not allowed here; the reason stays in the logs, not on the page."""
    return _plain_page("403.html", HttpResponseForbidden, "Access denied")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 in the site's frame, or a plain page when the frame cannot be drawn."""
    # The context Django's own 404 view gives, and the page's own head: never indexed.
    context = {"request_path": quote(request.path), "exception": type(exception).__name__}
    try:
        context["latest_articles"] = list(
            Article.objects.published()
            .order_by("-published_at", "-id")
            .only("title", "slug", "published_at")[:LATEST_ON_404]
        )
        context["page_meta"] = simple_meta(
            request,
            SiteSettings.for_request(request),
            title=_("Page not found"),
            description=_("This page could not be found."),
            noindex=True,
        )
        return HttpResponseNotFound(loader.render_to_string("404.html", context, request))
    except Exception:  # the frame reads the database; with the database down, go plain
        logger.exception("The 404 page could not be rendered in the site frame")
        return _plain_page("404_plain.html", HttpResponseNotFound, "Page not found")


def server_error(request: HttpRequest) -> HttpResponse:
    """500: something broke; the page needs nothing that may be what broke."""
    return _plain_page("500.html", HttpResponseServerError, "Server error")
