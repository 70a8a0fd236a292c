"""sitemap.xml: every published article, and the category and tag pages that list them.

``lastmod`` is honest: it moves only when an article is published or significantly edited
(typo fixes do not count), and a list page's date is that of its newest such change.
"""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category, Tag


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().order_by("-published_at", "-id")

    def lastmod(self, item: Article) -> datetime | None:
        return item.significant_update_at or item.published_at


class HomeSitemap(Sitemap):
    """The home page, dated by the newest significant change of a published article."""

    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["articles:home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        return Article.objects.published().aggregate(
            last=Max(Coalesce("significant_update_at", "published_at"))
        )["last"]


class _ListSitemap(Sitemap):
    """Category or tag pages that list at least one published article."""

    model: type[Category] | type[Tag]
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet:
        published = Q(
            articles__status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            articles__published_at__lte=timezone.now(),
        )
        return (
            self.model.objects.annotate(
                last_change=Max(
                    Coalesce("articles__significant_update_at", "articles__published_at"),
                    filter=published,
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
