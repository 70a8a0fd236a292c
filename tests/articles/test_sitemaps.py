"""sitemap.xml: published articles and their list pages, with honest dates, nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_category, make_tag

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in tree.findall("s:url", NS)
    }


def test_sitemap_lists_published_articles_categories_and_tags(client, db) -> None:
    science = make_category(slug="science")
    light = make_tag(slug="light")
    article = make_article(slug="sky", category=science, tags=[light])
    urls = entries(client)
    assert urls["http://testserver/articles/sky/"] == article.published_at.date().isoformat()
    assert urls["http://testserver/category/science/"] == article.published_at.date().isoformat()
    assert urls["http://testserver/tag/light/"] == article.published_at.date().isoformat()


def test_sitemap_leaves_out_unpublished_articles_and_empty_lists(client, db) -> None:
    hidden = make_category(slug="hidden")
    secret = make_tag(slug="secret")
    make_article(
        slug="draft", status=Article.Status.DRAFT, published_at=None, category=hidden, tags=[secret]
    )
    make_article(
        slug="tomorrow",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
        category=hidden,
    )
    make_category(slug="empty")
    urls = entries(client)
    assert not any(
        part in url
        for url in urls
        for part in ("/draft/", "/tomorrow/", "hidden", "secret", "empty")
    )


def test_list_page_lastmod_is_its_newest_published_article(client, db) -> None:
    science = make_category(slug="science")
    now = timezone.now()
    make_article(category=science, published_at=now - timedelta(days=10))
    newest = make_article(category=science, published_at=now - timedelta(days=2))
    make_article(  # scheduled later: must not move the date
        category=science, status=Article.Status.SCHEDULED, published_at=now + timedelta(days=3)
    )
    lastmod = entries(client)["http://testserver/category/science/"]
    assert lastmod == newest.published_at.date().isoformat()


def test_saving_an_article_without_a_significant_edit_keeps_its_lastmod(client, db) -> None:
    article = make_article(slug="sky", published_at=timezone.now() - timedelta(days=30))
    before = entries(client)["http://testserver/articles/sky/"]
    article.summary = "A typo fixed."
    article.save()
    assert entries(client)["http://testserver/articles/sky/"] == before


def test_sitemap_query_count_is_fixed(client, db, django_assert_num_queries) -> None:
    for _ in range(4):
        make_article(tags=[make_tag()])
    # the home page's date, then count and rows of articles, categories, tags
    with django_assert_num_queries(7):
        client.get("/sitemap.xml")


def test_a_significant_edit_moves_lastmod_of_the_article_and_its_lists(client, db) -> None:
    science = make_category(slug="science")
    article = make_article(
        slug="sky", category=science, published_at=timezone.now() - timedelta(days=30)
    )
    publishing.mark_significant_update(article, at=timezone.now() - timedelta(days=1))
    urls = entries(client)
    expected = article.significant_update_at.date().isoformat()
    assert urls["http://testserver/articles/sky/"] == expected
    assert urls["http://testserver/category/science/"] == expected


def test_sitemap_lists_the_home_page_dated_by_the_newest_published_change(client, db) -> None:
    make_article(published_at=timezone.now() - timedelta(days=10))
    newest = make_article(published_at=timezone.now() - timedelta(days=2))
    make_article(status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1))
    assert entries(client)["http://testserver/"] == newest.published_at.date().isoformat()
