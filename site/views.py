from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.static import serve

from byline.models import SiteSettings


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


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve an upload from MEDIA_ROOT as it is now (read per request, so tests can move it)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
