"""RSS 2.0 and Atom feeds, site-wide and per category: complete, correct, published only."""

import importlib
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def site_domain(settings) -> str:
    settings.SITE_DOMAIN = "blog.example"
    return settings.SITE_DOMAIN


@pytest.fixture
def science(site_settings):
    return make_category(name="Science", slug="science", description="How things work.")


@pytest.fixture
def article(science):
    return make_article(
        title="Why the sky is blue",
        slug="why-the-sky-is-blue",
        summary="Short wavelengths scatter more.",
        author=make_user(first_name="Ada", last_name="Lovelace"),
        category=science,
        tags=[make_tag(name="light", slug="light")],
    )


def test_rss_feed_has_full_entries(client, article) -> None:
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = etree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Test Byline"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("description") == "Explainers you can trust"
    item = channel.find("item")
    assert item.findtext("title") == "Why the sky is blue"
    assert item.findtext("link") == "http://testserver/articles/why-the-sky-is-blue/"
    assert item.findtext("description") == "Short wavelengths scatter more."
    assert "Ada Lovelace" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.published_at.replace(
        microsecond=0
    )
    assert [c.text for c in item.findall("category")] == ["Science", "light"]
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == f"tag:blog.example,{article.created_at:%Y-%m-%d}:article:{article.pk}"


def test_atom_feed_has_full_entries(client, article) -> None:
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Test Byline"
    assert feed.findtext(f"{ATOM}subtitle") == "Explainers you can trust"
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}updated")
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Why the sky is blue"
    assert entry.find(f"{ATOM}link").get("href") == (
        "http://testserver/articles/why-the-sky-is-blue/"
    )
    assert entry.findtext(f"{ATOM}summary") == "Short wavelengths scatter more."
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ada Lovelace"
    published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    assert published == article.published_at
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}id") == article.feed_id
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"Science", "light"}


def test_feeds_leave_out_drafts_and_scheduled_articles(client, article) -> None:
    make_article(title="A draft", status=Article.Status.DRAFT, published_at=None)
    make_article(
        title="Not yet",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    for url in ("/feed/", "/feed/atom/", "/category/science/feed/"):
        body = client.get(url).content.decode()
        assert "Why the sky is blue" in body
        assert "A draft" not in body and "Not yet" not in body


def test_category_feed_lists_only_that_category(client, article, science) -> None:
    make_article(title="Compound interest", category=make_category(name="Money"))
    rss = etree.fromstring(client.get("/category/science/feed/").content)
    assert rss.findtext("channel/title") == "Science – Test Byline"
    assert rss.findtext("channel/link") == "http://testserver/category/science/"
    assert rss.findtext("channel/description") == "How things work."
    assert [i.findtext("title") for i in rss.iter("item")] == ["Why the sky is blue"]
    atom = etree.fromstring(client.get("/category/science/feed/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == [
        "Why the sky is blue"
    ]
    assert client.get("/category/no-such/feed/").status_code == 404


def test_feed_lists_newest_first_and_at_most_twenty(client, science) -> None:
    now = timezone.now()
    for n in range(25):
        make_article(title=f"Article {n:02}", published_at=now - timedelta(hours=n + 1))
    titles = [
        i.findtext("title") for i in etree.fromstring(client.get("/feed/").content).iter("item")
    ]
    assert titles == [f"Article {n:02}" for n in range(20)]


def test_feed_query_count_is_fixed(client, science, django_assert_num_queries) -> None:
    for _ in range(5):
        make_article(category=science, tags=[make_tag(), make_tag()])
    # settings row, articles, their tags (prefetched); the category feed adds its category
    with django_assert_num_queries(3):
        client.get("/feed/")
    with django_assert_num_queries(4):
        client.get("/category/science/feed/atom/")


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_a_summary_reaches_feed_readers_as_text_not_markup(client, science, url: str) -> None:
    make_article(summary='Tom & Jerry <img src=x onerror="alert(1)">', category=science)
    feed = etree.fromstring(client.get(url).content)
    description = feed.findtext("channel/item/description") or feed.findtext(
        f"{ATOM}entry/{ATOM}summary"
    )
    # What a feed reader renders as HTML: the text as typed, no element.
    assert description == "Tom &amp; Jerry &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


FEED_URLS = ["/feed/", "/feed/atom/", "/category/science/feed/", "/category/science/feed/atom/"]


def entry_ids(content: bytes) -> list[str]:
    feed = etree.fromstring(content)
    return [node.text for node in feed.iter("guid", f"{ATOM}id") if node.getparent() is not feed]


@pytest.mark.parametrize("url", FEED_URLS)
def test_entry_ids_are_the_same_under_every_host_name(client, settings, article, url) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "blog.example"]
    ids = {
        host: entry_ids(client.get(url, headers={"host": host}).content)
        for host in settings.ALLOWED_HOSTS
    }
    assert ids["127.0.0.1"] == ids["localhost"] == ids["blog.example"] == [article.feed_id]


def test_an_entry_id_is_minted_at_first_publication_and_never_changes(
    client, settings, science
) -> None:
    draft = make_article(category=science, status=Article.Status.DRAFT, published_at=None)
    assert draft.feed_id == ""  # no feed ever showed a draft
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.save()
    minted = f"tag:blog.example,{draft.created_at:%Y-%m-%d}:article:{draft.pk}"
    assert Article.objects.get(pk=draft.pk).feed_id == minted
    # The site moves host: the article keeps its id, and so does every feed.
    settings.SITE_DOMAIN = "new-home.example"
    draft.title = "Retitled"
    draft.save()
    assert Article.objects.get(pk=draft.pk).feed_id == minted
    assert entry_ids(client.get("/feed/").content) == [minted]


def test_articles_published_before_the_change_keep_the_id_readers_already_have(
    settings, science
) -> None:
    migration = importlib.import_module("articles.migrations.0012_article_feed_id")
    old = make_article(category=science)
    never_public = make_article(category=science, status=Article.Status.DRAFT, published_at=None)
    Article.objects.update(feed_id="")  # as the rows were before the migration
    migration.keep_published_ids(django_apps, None)
    assert Article.objects.get(pk=old.pk).feed_id == f"tag:blog.example,2025:article:{old.pk}"
    assert Article.objects.get(pk=never_public.pk).feed_id == ""
