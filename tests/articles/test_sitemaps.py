"""sitemap.xml: published articles and their list pages, with honest dates, nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles import publishing
from articles.models import Article
from articles.sitemaps import ArticleSitemap
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def section_urls(client, path: str) -> list[str]:
    """The sitemaps a sitemap index names, as paths."""
    response = client.get(path)
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return [
        loc.removeprefix("http://testserver")
        for loc in (node.findtext("s:loc", namespaces=NS) for node in tree.findall("s:sitemap", NS))
    ]


def url_entries(client, path: str) -> dict[str, str | None]:
    response = client.get(path)
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in tree.findall("s:url", NS)
    }


def entries(client) -> dict[str, str | None]:
    """Every URL of every section the index names, with its lastmod."""
    found: dict[str, str | None] = {}
    for path in section_urls(client, "/sitemap.xml"):
        found.update(url_entries(client, path))
    return found


def test_sitemap_lists_published_articles_categories_and_tags(client, db) -> None:
    science = make_category(slug="science")
    light = make_tag(slug="light")
    article = make_article(slug="sky", category=science, tags=[light])
    urls = entries(client)
    assert urls["http://testserver/articles/sky/"] == article.published_at.date().isoformat()
    assert urls["http://testserver/category/science/"] == article.published_at.date().isoformat()
    # Tag pages go undated: no index orders a tag's articles by their change (see sitemaps.py).
    assert urls["http://testserver/tag/light/"] is None


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


@pytest.mark.parametrize("articles", [4, 12])
def test_sitemap_query_count_is_fixed(client, db, django_assert_num_queries, articles) -> None:
    for _ in range(articles):
        make_article(category=make_category(), author=make_user(), tags=[make_tag()])
    # the index: the home page's date, the articles' page count, then the dates and page
    # counts of categories and authors, the page count of tags (undated)
    with django_assert_num_queries(7):
        client.get("/sitemap.xml")
    # a section: its count and its rows (the home section: its date)
    sections = (("home", 1), ("articles", 2), ("categories", 2), ("tags", 2), ("authors", 2))
    for section, queries in sections:
        with django_assert_num_queries(queries):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200


def test_sitemap_index_names_each_section(client, db) -> None:
    make_article(tags=[make_tag()])
    assert section_urls(client, "/sitemap.xml") == [
        "/sitemap-home.xml",
        "/sitemap-articles.xml",
        "/sitemap-categories.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
    ]


def test_a_long_article_section_is_split_into_pages_the_index_names(
    client, db, monkeypatch
) -> None:
    # The protocol allows 50,000 URLs per file; two stand in for it here.
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    now = timezone.now()
    for n in range(5):
        make_article(slug=f"a{n}", published_at=now - timedelta(hours=n))
    assert "/sitemap-articles.xml?p=3" in section_urls(client, "/sitemap.xml")
    pages = [url_entries(client, f"/sitemap-articles.xml?p={p}") for p in (1, 2, 3)]
    assert [sorted(page) for page in pages] == [
        ["http://testserver/articles/a0/", "http://testserver/articles/a1/"],
        ["http://testserver/articles/a2/", "http://testserver/articles/a3/"],
        ["http://testserver/articles/a4/"],
    ]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


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
    assert urls[f"http://testserver/author/{article.author.username}/"] == expected
    assert urls["http://testserver/"] == expected


def test_an_article_in_the_trash_no_longer_dates_its_lists(client, db) -> None:
    science = make_category(slug="science")
    older = make_article(category=science, published_at=timezone.now() - timedelta(days=9))
    newer = make_article(category=science, published_at=timezone.now() - timedelta(days=1))
    Article.objects.filter(pk=newer.pk).update(deleted_at=timezone.now())
    urls = entries(client)
    assert urls["http://testserver/category/science/"] == older.published_at.date().isoformat()
    assert urls["http://testserver/"] == older.published_at.date().isoformat()


def test_sitemap_lists_the_home_page_dated_by_the_newest_published_change(client, db) -> None:
    make_article(published_at=timezone.now() - timedelta(days=10))
    newest = make_article(published_at=timezone.now() - timedelta(days=2))
    make_article(status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1))
    assert entries(client)["http://testserver/"] == newest.published_at.date().isoformat()


def test_sitemap_lists_the_pages_of_authors_with_published_articles(client, db) -> None:
    ada = make_user(username="ada")
    article = make_article(author=ada)
    make_article(
        author=make_user(username="drafty"), status=Article.Status.DRAFT, published_at=None
    )
    urls = entries(client)
    assert urls["http://testserver/author/ada/"] == article.published_at.date().isoformat()
    assert "http://testserver/author/drafty/" not in urls
    assert client.get("/author/ada/").status_code == 200


def test_sitemap_never_lists_a_page_number(client, db) -> None:
    for _ in range(12):
        make_article()
    assert not [url for url in entries(client) if "page=" in url]
