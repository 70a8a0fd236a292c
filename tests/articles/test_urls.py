"""The reader's addresses: what their parameters accept, so nothing impossible reaches a query."""

import pytest
from django.test import Client

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/author/a%00b/", "/preview/a%00b/", "/preview/a%20b/"])
def test_impossible_names_in_the_address_are_a_404(path: str) -> None:
    # On PostgreSQL a NUL reaching the query was a 500.
    assert Client(raise_request_exception=False).get(path).status_code == 404


def test_an_author_created_in_code_with_any_username_has_a_page(client) -> None:
    article = make_article(author=make_user(username="ada lovelace+archive@home"))
    response = client.get(article.get_absolute_url())
    assert 'href="/author/ada%20lovelace+archive@home/"' in response.content.decode()
    assert client.get("/author/ada%20lovelace+archive@home/").status_code == 200


def test_share_links_still_open(client, editor) -> None:
    draft = make_article(status=Article.Status.DRAFT, published_at=None, title="Secret plans")
    link = publishing.create_share_link(draft, created_by=editor)
    assert "Secret plans" in client.get(link.get_absolute_url()).content.decode()
