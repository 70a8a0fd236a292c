"""RSS 2.0 and Atom feeds, site-wide and per category: complete, correct, published only."""

import importlib
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.models import Article
from tests.factories import (
    make_article,
    make_category,
    make_image,
    make_tag,
    make_upload,
    make_user,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


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
    migration = importlib.import_module("articles.migrations.0015_article_feed_id")
    old = make_article(category=science)
    never_public = make_article(category=science, status=Article.Status.DRAFT, published_at=None)
    Article.objects.update(feed_id="")  # as the rows were before the migration
    migration.keep_published_ids(django_apps, None)
    assert Article.objects.get(pk=old.pk).feed_id == f"tag:blog.example,2025:article:{old.pk}"
    assert Article.objects.get(pk=never_public.pk).feed_id == ""


@pytest.fixture
def illustrated(science):
    """An article with a featured image, a body image and a link inside the site."""
    prism = make_image(file=make_upload("prism.png", image_format="PNG"), alt="A prism")
    return make_article(
        title="Rainbows",
        slug="rainbows",
        summary="Light, bent twice.",
        category=science,
        featured_image=make_upload(),
        featured_image_alt="A rainbow over a field",
        body=(
            '<p>See <a href="/articles/why-the-sky-is-blue/">the sky</a> first.</p>'
            f'<figure><img src="{prism.url}" alt="A prism"></figure>'
        ),
    )


def rss_item(client, title: str) -> etree._Element:
    channel = etree.fromstring(client.get("/feed/").content).find("channel")
    return next(item for item in channel.iter("item") if item.findtext("title") == title)


def test_feeds_carry_the_whole_text_with_absolute_addresses(client, illustrated) -> None:
    item = rss_item(client, "Rainbows")
    assert item.findtext("description") == "Light, bent twice."  # the summary stays the summary
    content = lxml_html.fragment_fromstring(item.findtext(f"{CONTENT}encoded"), create_parent=True)
    assert "Light, bent twice" not in content.text_content()
    assert "See the sky first." in content.text_content()
    assert [a.get("href") for a in content.iter("a")] == [
        "http://testserver/articles/why-the-sky-is-blue/"
    ]
    sources = [img.get("src") for img in content.iter("img")]
    assert sources[0].startswith("http://testserver/media/renditions/")
    assert sources[1].startswith("http://testserver/media/renditions/")
    assert sources[1].endswith(".png")
    assert [img.get("alt") for img in content.iter("img")] == ["A rainbow over a field", "A prism"]
    # Nothing a feed reader must not run or fetch lazily: no picture/srcset, no script.
    assert not list(content.iter("picture", "source", "script"))
    assert all(img.get("srcset") is None for img in content.iter("img"))
    atom = etree.fromstring(client.get("/feed/atom/").content)
    entry = atom.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert "http://testserver/articles/why-the-sky-is-blue/" in entry.findtext(f"{ATOM}content")


def test_feeds_send_only_the_summary_when_the_site_says_so(
    client, site_settings, illustrated
) -> None:
    site_settings.feed_full_text = False
    site_settings.save()
    item = rss_item(client, "Rainbows")
    assert item.findtext("description") == "Light, bent twice."
    assert item.find(f"{CONTENT}encoded") is None
    atom = etree.fromstring(client.get("/feed/atom/").content)
    assert atom.find(f"{ATOM}entry/{ATOM}content") is None
    entry = client.get("/feed/json/").json()["items"][0]
    assert entry["content_text"] == "Light, bent twice."
    assert "content_html" not in entry


@pytest.mark.parametrize("full_text", [True, False])
@pytest.mark.parametrize("url", FEED_URLS)
def test_feedparser_reads_every_feed_cleanly(
    client, site_settings, article, illustrated, url: str, full_text: bool
) -> None:
    site_settings.feed_full_text = full_text
    site_settings.save()
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == ["Rainbows", "Why the sky is blue"]
    for entry in parsed.entries:
        assert entry.link.startswith("http://testserver/articles/")
        assert entry.published_parsed is not None
        assert entry.id.startswith("tag:blog.example,")
        if full_text:
            assert entry.content[0].type == "text/html"
        else:
            assert "content" not in entry


def test_json_feed_has_the_required_fields_of_json_feed_1_1(client, article, illustrated) -> None:
    response = client.get("/feed/json/")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Test Byline"
    assert feed["home_page_url"] == "http://testserver/"
    assert feed["feed_url"] == "http://testserver/feed/json/"
    assert [item["title"] for item in feed["items"]] == ["Rainbows", "Why the sky is blue"]
    rss_ids = [
        item.findtext("guid")
        for item in etree.fromstring(client.get("/feed/").content).iter("item")
    ]
    assert [item["id"] for item in feed["items"]] == rss_ids
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item["url"].startswith("http://testserver/articles/")
        assert "<p>" in item["content_html"]
        assert datetime.fromisoformat(item["date_published"]).tzinfo is not None
        assert datetime.fromisoformat(item["date_modified"]).tzinfo is not None
        assert item["authors"][0]["name"]
        assert item["authors"][0]["url"].startswith("http://testserver/author/")
    rainbows = feed["items"][0]
    assert rainbows["summary"] == "Light, bent twice."
    assert rainbows["image"].startswith("http://testserver/media/renditions/")
    assert rainbows["tags"] == ["Science"]


def test_json_feed_keeps_a_summary_as_text(client, science) -> None:
    make_article(summary="Tom & Jerry <b>", category=science)
    assert client.get("/feed/json/").json()["items"][0]["summary"] == "Tom & Jerry <b>"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/why-the-sky-is-blue/",
        "/category/science/",
        "/tag/light/",
        "/search/?q=sky",
        "/no/such/page/",
    ],
)
def test_every_page_offers_the_json_feed(client, article, url: str) -> None:
    head = lxml_html.fromstring(client.get(url).content).head
    links = head.findall("link[@rel='alternate'][@type='application/feed+json']")
    assert [link.get("href") for link in links] == ["/feed/json/"]
