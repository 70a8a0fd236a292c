"""What a page tells search engines, social sites and feed readers about itself.

A :class:`PageMeta` holds a page's title, description, canonical URL, share image, feeds and
structured data; ``base.html`` renders it once for every page (see ``templatetags/seo.py``).
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from byline.models import SiteSettings, twitter_handle
from byline.validators import whole_number

LOGO_PATH = "img/logo.png"
LOGO_SIZE = (512, 512)

# The characters that could end a <script> data block early or start markup inside it, written
# as JSON escapes: the data stays the same, the HTML parser sees no "</script>" or "<!--".
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def og_locale() -> str:
    """The site's language as Open Graph wants it, language_TERRITORY: "en" becomes "en_US"."""
    locale = to_locale(settings.LANGUAGE_CODE)
    if "_" in locale:
        return locale
    # A bare language names its main territory (Open Graph's own default is en_US).
    return "en_US" if locale == "en" else f"{locale}_{locale.upper()}"


@dataclass
class ShareImage:
    """An image for link previews, with its size so previews need not fetch it first."""

    url: str
    width: int
    height: int
    alt: str = ""


@dataclass
class FeedLink:
    """A feed offered for autodiscovery in the page head."""

    title: str
    url: str
    type: str = "application/rss+xml"


@dataclass
class PageMeta:
    """Everything the page head says about one page."""

    title: str
    description: str
    canonical_url: str
    site_name: str
    og_type: str = "website"
    image: ShareImage | None = None
    noindex: bool = False
    published_time: str = ""
    modified_time: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    locale: str = field(default_factory=og_locale)
    twitter_site: str = ""  # the site's handle, "@name"
    twitter_creator: str = ""  # the author's handle, on articles
    # The document title repeats the site name, except where the title already is it (home).
    title_has_site_name: bool = False

    @property
    def document_title(self) -> str:
        if self.title_has_site_name:
            return self.title
        return f"{self.title} – {self.site_name}"

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image and self.image.width >= 600 else "summary"


def site_feeds(request: HttpRequest, site: SiteSettings) -> list[FeedLink]:
    """The site-wide feeds, offered in the head of every page (URL names only: no query)."""
    return [
        FeedLink(_("%(site)s (RSS)") % {"site": site.site_name}, reverse("articles:feed-rss")),
        FeedLink(
            _("%(site)s (Atom)") % {"site": site.site_name},
            reverse("articles:feed-atom"),
            "application/atom+xml",
        ),
        FeedLink(
            _("%(site)s (JSON Feed)") % {"site": site.site_name},
            reverse("articles:feed-json"),
            "application/feed+json",
        ),
    ]


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` as an absolute URL on the host the request came to."""
    return request.build_absolute_uri(path)


def canonical_url(request: HttpRequest, path: str | None = None) -> str:
    """The page's one URL: no query string except the page number of a paginated list."""
    url = absolute_url(request, path if path is not None else request.path)
    page = request.GET.get("page", "")
    if path is None and (number := whole_number(page)) is not None and number > 1:
        url += f"?page={number}"
    return url


def page_url(request: HttpRequest, number: int) -> str:
    """The address of page ``number`` of the list this request shows; page 1 has no ``page``.

    Other parameters (a search's ``q``) stay: they say which list it is.
    """
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = str(number)
    return f"{request.path}?{query.urlencode()}" if query else request.path


class PageOneRedirectMixin:
    """For a paginated list view: ``?page=1`` is a second address of page 1, so it answers 301.

    Pagination links never produce it (``page_url``); readers and crawlers with old links go to
    the one address of the first page.
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = request.GET.get("page", "")
        if whole_number(page) == 1:
            return HttpResponsePermanentRedirect(page_url(request, 1))
        return super().get(request, *args, **kwargs)  # type: ignore[misc]


def logo(request: HttpRequest, site: SiteSettings) -> ShareImage:
    """The site's logo: the share image of pages without one of their own."""
    width, height = LOGO_SIZE
    return ShareImage(absolute_url(request, static(LOGO_PATH)), width, height, site.site_name)


def organization(request: HttpRequest, site: SiteSettings) -> dict[str, Any]:
    """The publisher, as schema.org Organization with its logo."""
    image = logo(request, site)
    return {
        "@type": "Organization",
        "name": site.site_name,
        "url": absolute_url(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        },
    }


def breadcrumb_list(request: HttpRequest, trail: list[tuple[str, str]]) -> dict[str, Any]:
    """schema.org BreadcrumbList for a trail of (name, path) from the home page down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` data block, safely escaped.

    Browsers never execute a data block, so the strict CSP (no inline script) allows it.
    """
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(payload.translate(_JSON_SCRIPT_ESCAPES)),
    )


class PageMetaMixin:
    """For a view: state the page's metadata (``page_meta`` in the context) for ``base.html``.

    Each view says what its page is; no template overrides the title or description.
    """

    request: HttpRequest

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        """The metadata of the page this view renders, from its context."""
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("page_meta", self.get_page_meta(context))
        return context


def page_number(context: dict[str, Any]) -> int:
    """The page number of a paginated list view's context (1 without pagination)."""
    page_obj = context.get("page_obj")
    return page_obj.number if page_obj is not None else 1


def simple_meta(
    request: HttpRequest,
    site: SiteSettings,
    *,
    title: str,
    description: str,
    noindex: bool = False,
    feeds: list[FeedLink] | None = None,
) -> PageMeta:
    """A page with its own title and description, and the site's defaults for the rest."""
    meta = default_meta(request, site)
    meta.title, meta.title_has_site_name = title, False
    meta.description = description
    meta.noindex = noindex
    if feeds is not None:
        meta.feeds = feeds
    return meta


def default_meta(request: HttpRequest, site: SiteSettings) -> PageMeta:
    """The metadata of a page that says nothing more specific about itself."""
    return PageMeta(
        title=site.site_name + (f" – {site.tagline}" if site.tagline else ""),
        title_has_site_name=True,
        description=site.tagline or site.site_name,
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        image=logo(request, site),
        twitter_site=twitter_handle(site.twitter_handle),
        feeds=site_feeds(request, site),
    )
