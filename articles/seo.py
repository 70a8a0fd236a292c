"""Page metadata and structured data (schema.org JSON-LD) for the reader's pages."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from articles import richtext
from articles.models import (
    Article,
    Category,
    Tag,
    author_profile,
    author_twitter_handle,
    display_name,
)
from byline.models import SiteSettings, twitter_handle
from byline.seo import (
    FeedLink,
    PageMeta,
    ShareImage,
    absolute_url,
    breadcrumb_list,
    canonical_url,
    default_meta,
    logo,
    organization,
    simple_meta,
    site_feeds,
)


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
        twitter_site=twitter_handle(site.twitter_handle),
        twitter_creator=twitter_handle(author_twitter_handle(article.author)),
    )
    author = article.author
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title[:110],
        "description": description,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": person(request, author),
        "publisher": organization(request, site),
        "articleSection": article.category.name,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if article.published_at:
        posting["datePublished"] = article.published_at.isoformat()
    if modified:
        posting["dateModified"] = modified.isoformat()
    # Google's article rich results need an image: without a featured one, the site's.
    shown = meta.image
    posting["image"] = {
        "@type": "ImageObject",
        "url": shown.url,
        "width": shown.width,
        "height": shown.height,
    }
    if meta.tags:
        posting["keywords"] = ", ".join(meta.tags)
    trail = [
        (_("Home"), "/"),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
    meta.json_ld = [posting, breadcrumb_list(request, trail)]
    if faq := faq_page(url, article):
        meta.json_ld.append(faq)
    return meta


def faq_page(url: str, article: Article) -> dict[str, Any] | None:
    """The FAQ blocks of the article's body as schema.org FAQPage, or None when it has none.

    A separate top-level node (its own JSON-LD block, ``url`` the article's), not nested in
    BlogPosting: schema.org gives BlogPosting no FAQ property, and Google reads FAQPage as a
    page type of its own whose ``mainEntity`` lists the questions shown on that page. (Since
    2023 Google shows FAQ rich results only for well-known government and health sites; the
    markup stays valid and other consumers read it.) Questions and answers are read from the
    rendered body, so they are exactly the text readers see, in the body's order.
    """
    faqs = richtext.faqs(article.body_html)
    if not faqs:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in faqs
        ],
    }


def person(request: HttpRequest, author: Any) -> dict[str, Any]:
    """An author as schema.org Person: name, author page, and their X profile if they gave one."""
    data: dict[str, Any] = {
        "@type": "Person",
        "name": display_name(author),
        "url": absolute_url(request, author_url(author)),
    }
    if handle := author_twitter_handle(author):
        data["sameAs"] = [f"https://x.com/{handle.lstrip('@')}"]
    if profile := author_profile(author):
        if profile.bio:
            data["description"] = profile.bio
        if picture := profile.picture_url():
            data["image"] = absolute_url(request, picture)
    return data


def collection_page(
    request: HttpRequest,
    site: SiteSettings,
    meta: PageMeta,
    *,
    name: str,
    articles: Any,
    about: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """A list page (category, tag, author, search) as CollectionPage, with its breadcrumbs.

    ``mainEntity`` lists the articles shown on this page, in order.
    """
    url = absolute_url(request, request.path)
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": meta.title,
        "description": meta.description,
        "url": meta.canonical_url or url,
        "inLanguage": settings.LANGUAGE_CODE,
        "isPartOf": {"@type": "WebSite", "name": site.site_name, "url": absolute_url(request, "/")},
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": absolute_url(request, article.get_absolute_url()),
                }
                for position, article in enumerate(articles or [], start=1)
            ],
        },
    }
    if about:
        page["about"] = about
    return [page, breadcrumb_list(request, [(_("Home"), "/"), (name, request.path)])]


def category_meta(
    request: HttpRequest,
    site: SiteSettings,
    category: Category,
    page_number: int = 1,
    articles: Any = (),
) -> PageMeta:
    title = category.name
    if page_number > 1:
        title = _("%(name)s, page %(page)s") % {"name": category.name, "page": page_number}
    meta = PageMeta(
        title=title,
        description=category.description
        or _("Articles about %(name)s on %(site)s.") % {"name": category, "site": site.site_name},
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        image=logo(request, site),
        feeds=[*category_feeds(category), *site_feeds(request, site)],
        twitter_site=twitter_handle(site.twitter_handle),
    )
    meta.json_ld = collection_page(request, site, meta, name=category.name, articles=articles)
    return meta


def tag_meta(
    request: HttpRequest, site: SiteSettings, tag: Tag, page_number: int = 1, articles: Any = ()
) -> PageMeta:
    title = _("Articles tagged “%(name)s”") % {"name": tag.name}
    if page_number > 1:
        title = _("%(title)s, page %(page)s") % {"title": title, "page": page_number}
    meta = PageMeta(
        title=title,
        description=_("Articles on %(site)s tagged “%(name)s”.")
        % {"name": tag.name, "site": site.site_name},
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        image=logo(request, site),
        feeds=site_feeds(request, site),
        twitter_site=twitter_handle(site.twitter_handle),
    )
    meta.json_ld = collection_page(request, site, meta, name=tag.name, articles=articles)
    return meta


def author_meta(
    request: HttpRequest, site: SiteSettings, author: Any, page_number: int = 1, articles: Any = ()
) -> PageMeta:
    name = display_name(author)
    title = _("Articles by %(name)s") % {"name": name}
    if page_number > 1:
        title = _("%(title)s, page %(page)s") % {"title": title, "page": page_number}
    meta = PageMeta(
        title=title,
        description=_("Articles by %(name)s on %(site)s.") % {"name": name, "site": site.site_name},
        canonical_url=canonical_url(request),
        site_name=site.site_name,
        og_type="profile",
        image=logo(request, site),
        feeds=site_feeds(request, site),
        twitter_site=twitter_handle(site.twitter_handle),
        twitter_creator=twitter_handle(author_twitter_handle(author)),
    )
    meta.json_ld = collection_page(
        request, site, meta, name=name, articles=articles, about=person(request, author)
    )
    return meta


def search_meta(
    request: HttpRequest, site: SiteSettings, query: str, page_number: int = 1, articles: Any = ()
) -> PageMeta:
    """The search page: what was searched; result lists are for readers, not for an index."""
    title = _("Search")
    if query:
        title = _("Search results for “%(query)s”") % {"query": query}
        if page_number > 1:
            title = _("%(title)s, page %(page)s") % {"title": title, "page": page_number}
    meta = simple_meta(
        request,
        site,
        title=title,
        description=_("Search the articles of %(site)s.") % {"site": site.site_name},
        noindex=True,
        feeds=site_feeds(request, site),
    )
    meta.json_ld = collection_page(request, site, meta, name=str(_("Search")), articles=articles)
    return meta


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
