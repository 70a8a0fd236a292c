"""Old WordPress addresses answer 301 to the imported article, category, tag or feed."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from byline.wordpress.importer import Options, import_wordpress
from byline.wordpress.models import ImportedPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(export_6x) -> None:
    import_wordpress(export_6x, options=Options())


def url_of(wp_id: int) -> str:
    return ImportedPost.objects.get(wp_id=wp_id).article.get_absolute_url()


@pytest.mark.parametrize(
    ("old", "wp_id"),
    [
        ("/?p=101", 101),
        ("/?page_id=108", 108),
        ("/2024/05/01/block-post/", 101),  # /YYYY/MM/DD/slug/
        ("/2024/05/block-post/", 101),  # /YYYY/MM/slug/
        ("/block-post/", 101),  # /slug/
        ("/block-post", 101),
        ("/about/", 108),  # a page
        ("/2024/05/02/classic-cafe/", 102),
        ("/日本/", 106),  # the old Unicode slug
        ("/archives/102", 102),
        ("/2024/05/01/block-post/feed/", 101),  # a post's comment feed
    ],
)
def test_old_post_addresses_answer_301_to_the_article(client, imported, old, wp_id):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == url_of(wp_id)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/category/news/local/village/", "/category/village/"),
        ("/category/news/local/", "/category/local/"),
        ("/category/café/", "/category/cafe/"),
        ("/category/news/local/village/feed/", "/category/village/feed/"),
        ("/tag/🎉-party/", "/tag/party/"),
        ("/?tag=python", "/tag/python/"),
        ("/?cat=4", "/category/village/"),  # WordPress's default, "plain" category address
        ("/?cat=5", "/category/cafe/"),
        ("/?category_name=news/local", "/category/local/"),
        ("/tag/python/feed/", "/tag/python/"),  # Byline's tags have no feed of their own
        ("/feed/rss2/", "/feed/"),
        ("/feed/rdf/", "/feed/"),
        ("/comments/feed/", "/feed/"),
        ("/?feed=rss2", "/feed/"),
        ("/?feed=atom", "/feed/atom/"),
    ],
)
def test_old_category_tag_and_feed_addresses_answer_301(client, imported, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_drafts_and_unknown_addresses_stay_404(client, imported):
    assert client.get("/?p=104").status_code == 200  # the home page: private post is a draft
    assert client.get("/?cat=999").status_code == 200  # no such category: the home page
    assert client.get("/private-thoughts/").status_code == 404
    assert client.get("/no-such-thing/").status_code == 404
    assert client.get("/media/gone/block-post/").status_code == 404


def test_byline_pages_never_look_up_wordpress_addresses(client, imported):
    for url in ("/", url_of(101), "/category/village/", "/feed/", "/?page=2"):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [q for q in queries if "wordpress_" in q["sql"]], url


@pytest.mark.parametrize(
    "url",
    [
        "/?p=%C2%B2",  # "²" passes str.isdigit(), int() refuses it
        "/?page_id=%C2%B2",
        "/archives/%C2%B2/",
        "/?tag=a%00b",  # a NUL: PostgreSQL refuses to compare it
        "/?category_name=a%00",
        "/category/a%00b/",
        "/tag/x%00/feed/",
        "/2020/01/a%00b/",
        "/a%00b/",
        "/?p=99999999999999999999999999",
        "/?cat=%C2%B2",
        "/?cat=99999999999999999999999999",
    ],
)
def test_impossible_old_addresses_are_a_404(url: str, site_settings) -> None:
    # Found by the fuzz test: "²" passed str.isdigit() into int(); a NUL reached PostgreSQL.
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code in {200, 404}
