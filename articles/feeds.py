"""RSS 2.0, Atom and JSON feeds of the latest published articles, site-wide and per category.

By default every entry carries the article's whole text (the site settings can turn that off):
the summary stays the entry's description, the body goes in RSS's ``content:encoded``, Atom's
``content`` and JSON Feed's ``content_html``, as WordPress sends it. The body is the HTML
readers see, re-sanitized for feed readers, with ``<picture>`` reduced to its ``<img>`` and
every address made absolute (a feed reader has no page to resolve them against).
"""

import copy
import json
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape, format_html

from articles import richtext
from articles.models import Article, Category, display_name
from articles.seo import author_url
from byline import pagecache
from byline.models import SiteSettings

FEED_LENGTH = 20


def feed_html(article: Article, base_url: str) -> str:
    """The featured image and the body as HTML for feed readers (``richtext.for_feed``)."""
    markup = article.body_html
    if image := article_share_image_path(article):
        figure = format_html(
            '<figure><img src="{}" alt="{}"></figure>', image, article.featured_image_alt
        )
        markup = figure + markup
    return richtext.for_feed(markup, base_url)


def article_share_image_path(article: Article) -> str:
    """The featured image's largest rendition as a site path, or "" without one."""
    renditions = article.featured_image_renditions
    if not article.featured_image or not renditions.get("fallback"):
        return ""
    return article.featured_image.storage.url(renditions["fallback"][-1][2])


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with the whole text in ``content:encoded`` (the content module)."""

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtom(Atom1Feed):
    """Atom 1.0 with the whole text in ``<content type="html">``."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        feed = self.feed
        data: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self.item(item) for item in self.items],
        }
        outfile.write(json.dumps(data, ensure_ascii=False, indent=1))

    def item(self, item: dict[str, Any]) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["summary_text"],
        }
        # One of the two contents is required: the whole text, else the summary as text.
        if item.get("content_html"):
            entry["content_html"] = item["content_html"]
        else:
            entry["content_text"] = item["summary_text"]
        if item.get("image"):
            entry["image"] = item["image"]
        if item["pubdate"]:
            entry["date_published"] = item["pubdate"].isoformat()
        if item["updateddate"]:
            entry["date_modified"] = item["updateddate"].isoformat()
        entry["authors"] = [{"name": item["author_name"], "url": item["author_link"]}]
        entry["tags"] = list(item["categories"])
        return entry


class ArticleFeed(Feed):
    """The shared base: the latest published articles, with full entries, as RSS 2.0."""

    feed_type = FullTextRss

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # The URLconf holds one instance for all threads: give each request its own copy to
        # carry the request and the site settings row (read once) to the item methods.
        feed = copy.copy(self)
        feed.request = request
        feed.site = SiteSettings.load()
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Category | None:
        return None

    def title(self, obj: Category | None) -> str:
        if obj is None:
            return self.site.site_name
        return f"{obj.name} – {self.site.site_name}"

    def link(self, obj: Category | None) -> str:
        return obj.get_absolute_url() if obj else "/"

    def description(self, obj: Category | None) -> str:
        if obj is not None and obj.description:
            return obj.description
        return self.site.tagline or self.site.site_name

    subtitle = description  # Atom's name for it

    def items(self, obj: Category | None) -> QuerySet[Article]:
        articles = Article.objects.published()
        pagecache.depends_on("list:site" if obj is None else f"list:category:{obj.pk}")
        if obj is not None:
            articles = articles.filter(category=obj)
        return (
            articles.select_related("author__author_profile", "category", "featured_image")
            .prefetch_related("tags")
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Feed readers show an entry's description as HTML (Atom says so: type="html"), and the
        # summary is plain text: escaped, "<b>" reads as typed instead of becoming markup.
        return escape(item.summary)

    def item_guid(self, item: Article) -> str:
        # Fixed per article (not the slug, not the request's host): never shown twice.
        return item.feed_entry_id

    item_guid_is_permalink = False

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        base_url = self.request.build_absolute_uri("/")
        extra: dict[str, Any] = {"summary_text": item.summary}
        if self.site.feed_full_text:
            extra["content_html"] = feed_html(item, base_url)
        if path := article_share_image_path(item):
            extra["image"] = urljoin(base_url, path)
        return extra

    def item_author_name(self, item: Article) -> str:
        return display_name(item.author)

    def item_author_link(self, item: Article) -> str:
        return self.request.build_absolute_uri(author_url(item.author))

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        # Only significant edits count as an update, not typo fixes.
        return item.last_significant_change

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name, *(tag.name for tag in item.tags.all())]


class AtomArticleFeed(ArticleFeed):
    """The same entries as Atom 1.0."""

    feed_type = FullTextAtom


class JSONArticleFeed(ArticleFeed):
    """The same entries as JSON Feed 1.1."""

    feed_type = JSONFeed


class CategoryFeed(ArticleFeed):
    """The latest articles of one category, as RSS 2.0."""

    def get_object(self, request: HttpRequest, *args, slug: str, **kwargs) -> Category:
        return get_object_or_404(Category, slug=slug)


class AtomCategoryFeed(CategoryFeed):
    """The latest articles of one category, as Atom 1.0."""

    feed_type = FullTextAtom
