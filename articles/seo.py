"""Page metadata and structured data (schema.org JSON-LD) for the reader's pages."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article, Category, Tag, display_name
from byline.models import SiteSettings
from byline.seo import (
    FeedLink,
    PageMeta,
    ShareImage,
    absolute_url,
    canonical_url,
    default_meta,
    logo,
    organization,
)


def site_feeds(request: HttpRequest, site: SiteSettings) -> list[FeedLink]:
    """The site-wide feeds, offered on every page."""
    return [
        FeedLink(_("%(site)s (RSS)") % {"site": site.site_name}, reverse("articles:feed-rss")),
        FeedLink(
            _("%(site)s (Atom)") % {"site": site.site_name},
            reverse("articles:feed-atom"),
            "application/atom+xml",
        ),
    ]


def category_feeds(category: Category) -> list[FeedLink]:
    return [
        FeedLink(_("%(name)s (RSS)") % {"name": category}, category_feed_url(category, "rss")),
        FeedLink(
            _("%(name)s (Atom)") % {"name": category},
            category_feed_url(category, "atom"),
            "application/atom+xml",
        ),
    ]


def category_feed_url(category: Category, kind: str) -> str:
    return reverse(f"articles:category-feed-{kind}", args=[category.slug])


def home_meta(request: HttpRequest, site: SiteSettings, page_number: int = 1) -> PageMeta:
    """The home page: the site's name and tagline, and the WebSite with its search."""
    meta = default_meta(request, site)
    if page_number > 1:
        meta.title = _("Latest articles, page %(page)s") % {"page": page_number}
        meta.title_has_site_name = False
    website: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.site_name,
        "url": absolute_url(request, "/"),
        "publisher": organization(request, site),
    }
    if site.tagline:
        website["description"] = site.tagline
    search_url = absolute_url(request, reverse("articles:search"))
    website["potentialAction"] = {
        "@type": "SearchAction",
        "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
        "query-input": "required name=search_term_string",
    }
    meta.json_ld.append(website)
    meta.feeds = site_feeds(request, site)
    return meta


def article_meta(request: HttpRequest, site: SiteSettings, article: Article) -> PageMeta:
    """An article: its SEO fields (else title and summary), share image, dates and JSON-LD."""
    title = article.page_title
    description = article.description
    url = absolute_url(request, article.get_absolute_url())
    image = article_share_image(request, article)
    modified = article.last_significant_change
    meta = PageMeta(
        title=title,
        description=description,
        canonical_url=url,
        site_name=site.site_name,
        og_type="article",
        image=image or logo(request, site),
        noindex=not article.is_live,
        published_time=article.published_at.isoformat() if article.published_at else "",
        modified_time=modified.isoformat() if modified else "",
        section=article.category.name,
        tags=[tag.name for tag in article.tags.all()],
        feeds=[*site_feeds(request, site), *category_feeds(article.category)],
    )
    author = article.author
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title[:110],
        "description": description,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": {
            "@type": "Person",
            "name": display_name(author),
            "url": absolute_url(request, author_url(author)),
        },
        "publisher": organization(request, site),
        "articleSection": article.category.name,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if article.published_at:
        posting["datePublished"] = article.published_at.isoformat()
    if modified:
        posting["dateModified"] = modified.isoformat()
    if image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        }
    if meta.tags:
        posting["keywords"] = ", ".join(meta.tags)
    meta.json_ld = [posting, breadcrumbs(request, article)]
    return meta


def breadcrumbs(request: HttpRequest, article: Article) -> dict[str, Any]:
    """BreadcrumbList: home → category → article."""
    trail = [
        (_("Home"), "/"),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
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


def category_meta(
    request: HttpRequest, site: SiteSettings, category: Category, page_number: int = 1
) -> PageMeta:
    title = category.name
    if page_number > 1:
        title = _("%(name)s, page %(page)s") % {"name": category.name, "page": page_number}
    return PageMeta(
        title=title,
        description=category.description
        or _("Articles about %(name)s on %(site)s.") % {"name": category, "site": site.site_name},
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        image=logo(request, site),
        feeds=[*category_feeds(category), *site_feeds(request, site)],
    )


def tag_meta(request: HttpRequest, site: SiteSettings, tag: Tag, page_number: int = 1) -> PageMeta:
    title = _("Articles tagged “%(name)s”") % {"name": tag.name}
    if page_number > 1:
        title = _("%(title)s, page %(page)s") % {"title": title, "page": page_number}
    return PageMeta(
        title=title,
        description=_("Articles on %(site)s tagged “%(name)s”.")
        % {"name": tag.name, "site": site.site_name},
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        image=logo(request, site),
        feeds=site_feeds(request, site),
    )


def author_meta(
    request: HttpRequest, site: SiteSettings, author: Any, page_number: int = 1
) -> PageMeta:
    name = display_name(author)
    title = _("Articles by %(name)s") % {"name": name}
    if page_number > 1:
        title = _("%(title)s, page %(page)s") % {"title": title, "page": page_number}
    return PageMeta(
        title=title,
        description=_("Articles by %(name)s on %(site)s.") % {"name": name, "site": site.site_name},
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        og_type="profile",
        image=logo(request, site),
        feeds=site_feeds(request, site),
    )


def author_url(author: Any) -> str:
    """The author's page."""
    try:
        return reverse("articles:author", args=[author.get_username()])
    except Exception:
        return "/"


def article_share_image(request: HttpRequest, article: Article) -> ShareImage | None:
    """The article's featured image for link previews (its largest rendition), or None."""
    renditions = article.featured_image_renditions
    if not article.featured_image or not renditions.get("fallback"):
        return None
    width, height, name = renditions["fallback"][-1]
    return ShareImage(
        absolute_url(request, article.featured_image.storage.url(name)),
        width,
        height,
        article.featured_image_alt,
    )


def page_number(context: dict[str, Any]) -> int:
    page_obj = context.get("page_obj")
    return page_obj.number if page_obj is not None else 1


def meta_for_page(context: Any) -> PageMeta:
    """Pick the metadata for the page being rendered from what it shows.

    Deciding here, from the template context, means no view has to know about SEO: a view that
    wants something else puts its own ``page_meta`` in the context.
    """
    request = context["request"]
    site = context["site"]
    if (meta := context.get("page_meta")) is not None:
        return meta
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if isinstance(context.get("article"), Article):
        # The article page, also as the comment form hands it back with errors.
        return article_meta(request, site, context["article"])
    if isinstance(context.get("category"), Category):
        return category_meta(request, site, context["category"], page_number(context))
    if isinstance(context.get("tag"), Tag):
        return tag_meta(request, site, context["tag"], page_number(context))
    # Error pages: Django's 404 view renders with request_path and exception in the context;
    # a URL that matched nothing has no resolver match at all.
    if match is None or ("request_path" in context and "exception" in context):
        meta = default_meta(request, site)
        meta.noindex = True
        return meta
    if view_name == "articles:author" and context.get("subject") is not None:
        return author_meta(request, site, context["subject"], page_number(context))
    if view_name == "articles:search":  # result lists are for readers, not for an index
        meta = default_meta(request, site)
        meta.title, meta.title_has_site_name = _("Search"), False
        meta.noindex = True
        meta.feeds = site_feeds(request, site)
        return meta
    if view_name == "articles:home":
        return home_meta(request, site, page_number(context))
    meta = default_meta(request, site)
    meta.feeds = site_feeds(request, site)
    return meta
