from datetime import timedelta

import pytest
from django.utils import timezone

from articles import publishing
from articles.models import Article, ShareLink
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Article:
    return make_article(status=Article.Status.DRAFT, published_at=None, title="Secret plans")


def test_share_link_shows_the_draft_to_anyone_holding_it(client, draft, editor) -> None:
    link = publishing.create_share_link(draft, created_by=editor)
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Secret plans" in html
    assert "Preview — not published" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_draft_itself_stays_a_404_for_the_reader(client, draft, editor) -> None:
    publishing.create_share_link(draft, created_by=editor)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_expired_share_link_is_gone(client, draft, editor) -> None:
    link = publishing.create_share_link(draft, created_by=editor)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "Secret plans" not in response.content.decode()


def test_revoked_share_link_is_gone(client, draft, editor) -> None:
    link = publishing.create_share_link(draft, created_by=editor)
    assert publishing.revoke_share_link(link) is True
    assert publishing.revoke_share_link(link) is False
    assert client.get(link.get_absolute_url()).status_code == 410


def test_unknown_token_is_a_404(client) -> None:
    assert client.get("/preview/not-a-real-token/").status_code == 404


def test_share_link_redirects_to_the_public_page_once_published(client, draft, editor) -> None:
    link = publishing.create_share_link(draft, created_by=editor)
    publishing.publish(draft)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_share_link_of_a_scheduled_article_works_until_it_goes_live(client, editor) -> None:
    article = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    link = publishing.create_share_link(article, created_by=editor)
    assert client.get(link.get_absolute_url()).status_code == 200
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert client.get(link.get_absolute_url()).status_code == 302


def test_tokens_are_long_and_distinct(draft, editor) -> None:
    tokens = {publishing.create_share_link(draft, created_by=editor).token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 32 for token in tokens)
