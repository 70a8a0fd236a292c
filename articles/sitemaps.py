"""The sitemap: every published article, and the category, tag and author pages that list them.

``/sitemap.xml`` is a sitemap index naming one sitemap per section (``/sitemap-articles.xml``
and so on); a section longer than the protocol's 50,000 URLs is split into pages
(``/sitemap-articles.xml?p=2``), so a site of any size is listed in full.

``lastmod`` is honest: it moves only when an article is published or significantly edited
(typo fixes do not count), and a list page's date is that of its newest such change. Each date
is one walk down an index on that "last change" per category or author, never a MAX over the
subject's articles, so the index and every section cost the same at 100 or 100,000 articles.
Tag pages go undated: no index can order a tag's articles by their change (the tag sits in
another table), and a wrong or costly date is worse than none, which the protocol allows.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.functional import cached_property

from articles.models import Article, Category, Tag, last_significant_change
from articles.seo import author_url


class SlugLocationMixin:
    """A section's addresses from one reverse() per request instead of one per URL (a third of
    a 1,000-URL section's time went to reverse()). Slugs need no quoting."""

    url_name: str

    @cached_property
    def _around_slug(self) -> tuple[str, str]:
        marker = "slug-marker"
        before, after = reverse(self.url_name, args=[marker]).split(marker)
        return before, after

    def path_of(self, slug: str) -> str:
        before, after = self._around_slug
        return f"{before}{slug}{after}"

    def location(self, item: Any) -> str:
        return self.path_of(item.slug)


class ArticleSitemap(SlugLocationMixin, Sitemap):
    url_name = "articles:detail"
    changefreq = "monthly"
    priority = 0.8

    # The protocol allows up to 50,000 URLs per file; Django's template renders ~0.3 ms per URL,
    # so sections of 1,000 keep each file quick to serve (100 files at 100,000 articles).
    limit = 1_000

    def items(self) -> QuerySet:
        # Only what a URL and its date need, as (slug, last change) rows: never the bodies (the
        # whole list once took 1.7 GB) nor model instances (a fifth of the section's time),
        # in the order of the article_newest_order index.
        return (
            Article.objects.published()
            .order_by("-published_at", "-id")
            .values_list("slug", last_significant_change())
        )

    def location(self, item: tuple[str, datetime]) -> str:
        return self.path_of(item[0])

    def lastmod(self, item: tuple[str, datetime]) -> datetime | None:
        return item[1]

    def get_latest_lastmod(self) -> None:
        # Django's default reads every item to date the index entry; an entry may go undated.
        return None


class HomeSitemap(Sitemap):
    """The home page, dated by the newest significant change of a published article."""

    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["articles:home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        # The newest of the categories' dates: every article has one, and each category's date
        # is an indexed walk, where one walk over all articles would need a sort (SQLite picks
        # the status index for the filter).
        return Category.objects.aggregate(last=Max(Subquery(CategorySitemap.newest())))["last"]


def newest_change(articles: QuerySet[Article]) -> QuerySet:
    """The newest "last change" of ``articles``, as a one-row query walking its index."""
    return articles.order_by(last_significant_change().desc()).values_list(
        last_significant_change(), flat=True
    )[:1]


class _ListSitemap(Sitemap):
    """Category or author pages that list at least one published article, dated."""

    model: Any
    subject_field: str
    order_by = "slug"
    changefreq = "weekly"
    priority = 0.5

    @classmethod
    def newest(cls) -> QuerySet:
        """The subject's date: one indexed walk (article_category_change, article_author_change)."""
        return newest_change(
            Article.objects.published().filter(**{cls.subject_field: OuterRef("pk")})
        )

    def items(self) -> QuerySet:
        return (
            self.model.objects.annotate(last_change=Subquery(self.newest()))
            .filter(last_change__isnull=False)
            .order_by(self.order_by)
        )

    def lastmod(self, item: Any) -> datetime:
        return item.last_change


class CategorySitemap(_ListSitemap):
    model = Category
    subject_field = "category"


class TagSitemap(SlugLocationMixin, Sitemap):
    """Tag pages that list at least one published article, undated (see the module docstring)."""

    changefreq = "weekly"
    priority = 0.5

    url_name = "articles:tag"
    # One page up to the protocol's 50,000 URLs: a tag is one short line.
    limit = 50_000

    def items(self) -> QuerySet[Tag]:
        # A tag is shown if any of its articles is: the first published one found ends the look.
        # Asked as "its first published article is not null", not EXISTS: PostgreSQL turns an
        # EXISTS into a join of every tagging with every published article (317 ms at
        # 100,000 articles, 2,000 tags) where this looks up one article a tag (46 ms); SQLite
        # runs both alike (~60 ms).
        first = Article.objects.published().filter(tags=OuterRef("pk")).order_by().values("pk")
        return (
            Tag.objects.alias(first_article=Subquery(first[:1]))
            .filter(first_article__isnull=False)
            .only("slug")
            .order_by("slug")
        )

    @cached_property
    def paginator(self) -> Paginator:
        # Pages are counted from all tags, not those with a published article: counting
        # these looked for a published article of every tag once more (2,000 at 100,000
        # articles). At most the last page comes out shorter, or empty.
        pages = Paginator(self.items(), self.limit)
        pages.count = Tag.objects.count()
        return pages


class AuthorSitemap(_ListSitemap):
    """The page of each person with a published article."""

    model = get_user_model()
    subject_field = "author"
    order_by = get_user_model().USERNAME_FIELD

    def location(self, item: Any) -> str:
        return author_url(item)


sitemaps = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
