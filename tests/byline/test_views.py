"""Site-wide views: uploads, and the error pages that must answer whatever the request was."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.test import Client, RequestFactory
from lxml import html as lxml_html

from articles.models import ArticleQuerySet
from byline import views
from byline.models import SiteSettings
from byline.wordpress import redirects as wordpress_redirects
from tests.factories import make_article

pytestmark = pytest.mark.django_db

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


@pytest.fixture
def strict_client() -> Client:
    """A client that checks CSRF like a browser's server would, and shows 500s as responses."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    return client


@pytest.fixture
def upload() -> Path:
    path = Path(settings.MEDIA_ROOT) / "images" / "kept.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("an upload")
    return path


def test_uploads_are_served(client, upload: Path) -> None:
    response = client.get("/media/images/kept.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"an upload"
    # Names are never reused for other content: browsers and CDNs keep uploads for a year.
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "path",
    [
        "/media/" + "a" * 300,  # longer than a file name may be (ENAMETOOLONG)
        "/media/images/" + "b" * 256 + ".png",
        "/media/" + "/".join(["c" * 200] * 30),  # longer than a path may be
        "/media/a%00b.png",  # NUL
        "/media/a%ff.png",  # not UTF-8
        "/media/%ed%a0%80.png",  # an encoded surrogate
        "/media/images/",  # a directory: no listing
    ],
)
def test_impossible_media_names_are_a_404(strict_client: Client, upload: Path, path: str) -> None:
    response = strict_client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/media/../settings.py", "/media/%2e%2e/manage.py"])
def test_media_paths_outside_the_upload_folder_are_refused(
    strict_client: Client, path: str
) -> None:
    response = strict_client.get(path)
    assert response.status_code in {400, 404}
    assert b"SECRET_KEY" not in response.content and b"django" not in response.content


def test_form_post_in_another_charset_is_a_400_not_a_500(strict_client: Client) -> None:
    response = strict_client.post("/search/", "q=x", content_type=UTF16_FORM)
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_form_post_in_another_charset_to_an_unknown_page_is_answered(
    strict_client: Client,
) -> None:
    response = strict_client.post("/no/such/page/", "q=x", content_type=UTF16_FORM)
    assert response.status_code in {400, 404}


def test_comment_post_in_another_charset_is_a_400(strict_client: Client) -> None:
    response = strict_client.post("/comments/post/1/", "text=x", content_type=UTF16_FORM)
    assert response.status_code == 400


def test_broken_multipart_post_is_answered(strict_client: Client) -> None:
    response = strict_client.post(
        "/comments/post/1/",
        b"--x\r\nContent-Disposition: form-data\r\n\r\nbroken",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code in {400, 403}


def test_refused_csrf_check_outside_the_comment_form_is_a_plain_403(
    strict_client: Client,
) -> None:
    response = strict_client.post("/search/", {"q": "x"})
    assert response.status_code == 403


def test_error_pages_need_no_database(client, settings, django_assert_num_queries) -> None:
    request = client.get("/").wsgi_request
    with django_assert_num_queries(0):
        for handler, status in (
            (views.bad_request, 400),
            (views.permission_denied, 403),
            (views.server_error, 500),
        ):
            response = handler(request) if status == 500 else handler(request, Exception("secret"))
            assert response.status_code == status
            assert b"secret" not in response.content


def test_404_page_falls_back_to_a_plain_page_when_the_database_is_down(
    client, site_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(cls: type) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(SiteSettings, "load", classmethod(database_down))
    response = Client(raise_request_exception=False).get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_404_page_offers_a_search_box_and_the_latest_articles(client, site_settings) -> None:
    titles = [make_article(title=f"Latest {n}").title for n in range(7)]
    make_article(title="Hidden draft", status="draft", published_at=None)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = lxml_html.fromstring(response.content)
    form = page.xpath('//main//form[@role="search"]')[0]
    assert form.get("action") == "/search/" and form.get("method") == "get"
    assert form.xpath('.//input[@type="search"]/@name') == ["q"]
    listed = page.xpath('//section[@class="not-found-latest"]//a/text()')
    assert listed == titles[::-1][:5]


def test_404_page_goes_plain_when_the_articles_cannot_be_read(
    client, site_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(self: ArticleQuerySet) -> None:
        raise DatabaseError("connection refused")

    request = RequestFactory().get("/no/such/page/")
    monkeypatch.setattr(ArticleQuerySet, "published", database_down)
    # The handler itself (middleware that reads the database on a 404 is not its concern).
    response = views.page_not_found(request, Http404("no such page"))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_404_stays_a_404_when_neither_the_articles_nor_old_addresses_can_be_read(
    site_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(ArticleQuerySet, "published", database_down)
    monkeypatch.setattr(wordpress_redirects, "for_path", database_down)
    response = Client(raise_request_exception=False).get("/2019/04/an-old-post/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
