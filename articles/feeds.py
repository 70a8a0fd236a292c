"""RSS 2.0 and Atom feeds of the latest published articles, site-wide and per category."""

import copy
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Category, display_name
from articles.seo import author_url
from byline.models import SiteSettings

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """The shared base: the latest published articles, with full entries, as RSS 2.0."""

    feed_type = Rss201rev2Feed

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
        if obj is not None:
            articles = articles.filter(category=obj)
        return (
            articles.select_related("author", "category")
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

    feed_type = Atom1Feed


class CategoryFeed(ArticleFeed):
    """The latest articles of one category, as RSS 2.0."""

    def get_object(self, request: HttpRequest, *args, slug: str, **kwargs) -> Category:
        return get_object_or_404(Category, slug=slug)


class AtomCategoryFeed(CategoryFeed):
    """The latest articles of one category, as Atom 1.0."""

    feed_type = Atom1Feed
