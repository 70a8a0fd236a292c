"""Compressed public pages and feeds; the admin and share previews stay uncompressed."""

import gzip

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_home_page_and_feed_are_gzipped_for_clients_that_accept_it(client) -> None:
    make_article(title="A compressed page")
    for path in ("/", "/feed/"):
        response = client.get(path, headers={"accept-encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response["Vary"]
        assert "A compressed page" in gzip.decompress(response.content).decode(), path


def test_pages_are_plain_for_clients_that_do_not_accept_gzip(client) -> None:
    make_article(title="A plain page")
    response = client.get("/")
    assert not response.has_header("Content-Encoding")
    assert "A plain page" in response.content.decode()


def test_admin_pages_are_never_compressed(admin_client) -> None:
    response = admin_client.get("/admin/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
