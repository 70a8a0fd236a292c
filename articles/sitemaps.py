"""sitemap.xml: every published article, and the category and tag pages that list them.

``lastmod`` is honest: it moves only when an article is published or significantly edited
(typo fixes do not count), and a list page's date is that of its newest such change.
"""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from articles.models import Article, Category, Tag, last_significant_change, published_q


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("-published_at", "-id")

    def lastmod(self, item: Article) -> datetime | None:
        return item.last_significant_change


class HomeSitemap(Sitemap):
    """The home page, dated by the newest significant change of a published article."""

    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["articles:home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        return Article.objects.published().aggregate(last=Max(last_significant_change()))["last"]


class _ListSitemap(Sitemap):
    """Category or tag pages that list at least one published article."""

    model: type[Category] | type[Tag]
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet:
        return (
            self.model.objects.annotate(
                last_change=Max(
                    last_significant_change("articles__"), filter=published_q("articles__")
                )
            )
            .filter(last_change__isnull=False)
            .order_by("slug")
        )

    def lastmod(self, item: Category | Tag) -> datetime:
        return item.last_change


class CategorySitemap(_ListSitemap):
    model = Category


class TagSitemap(_ListSitemap):
    model = Tag


sitemaps = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
