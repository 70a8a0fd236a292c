"""Byline's URLconf: the admin, site-wide pages, then each app's public pages."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles.sitemaps import sitemaps
from byline import pagecache, views

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("contact/email/", views.contact_email, name="contact-email"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # An index of sections, each at most 50,000 URLs a page (?p=2): see articles/sitemaps.py.
    path(
        "sitemap.xml",
        pagecache.cacheable(sitemap_views.index, coarse_tag="sitemap"),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        pagecache.cacheable(sitemap_views.sitemap, coarse_tag="sitemap"),
        # Django's view, with a template that writes the URLs in one pass (sitemap_xml.py).
        {"sitemaps": sitemaps, "template_name": "articles/sitemap.xml"},
        name="sitemap-section",
    ),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # One-machine installs serve uploads themselves; larger ones hand /media/ to the web server.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", views.serve_media))
