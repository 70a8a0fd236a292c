"""Odd input never becomes a server error, and never loses the text."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "overrides",
    [
        {"parent": str(10**30)},
        {"parent": "-5"},
        {"parent": "abc"},
        {"token": "x" * 5000},
        {"token": ""},
        {"text": "Null \x00 byte"},
        {"author_name": "Null \x00 byte"},
        {"author_url": "javascript:alert(1)"},
        {"author_url": "ftp://example.org/file"},
        {"author_email": "a@b"},
    ],
)
def test_odd_input_is_handed_back_not_a_500(client, form_data, overrides) -> None:
    article = make_article()
    data = form_data(article, **{"text": "Keep me safe", **overrides})
    response = client.post(reverse("comments:post", args=[article.pk]), data, follow=True)
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    assert not Comment.objects.exists()
    if "text" not in overrides:
        assert "Keep me safe</textarea>" in response.content.decode()


def test_posting_to_an_unknown_or_draft_article_is_a_404(client, form_data) -> None:
    draft = make_article(status="draft", published_at=None)
    assert (
        client.post(reverse("comments:post", args=[draft.pk]), form_data(draft)).status_code == 404
    )
    assert client.post(reverse("comments:post", args=[987654]), {}).status_code == 404


def test_an_empty_post_is_handed_back_with_every_field_marked(client) -> None:
    article = make_article()
    response = client.post(reverse("comments:post", args=[article.pk]), {}, follow=True)
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    html = response.content.decode()
    assert "Please type your comment." in html and "Please give your name." in html
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_on_another_article_is_handed_back_as_a_new_comment(
    client, form_data
) -> None:
    article = make_article()
    elsewhere = make_comment(article=make_article())
    data = form_data(article, parent=str(elsewhere.pk), text="Keep me safe")
    response = client.post(reverse("comments:post", args=[article.pk]), data, follow=True)
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    assert "Keep me safe</textarea>" in response.content.decode()
    assert response.context["form"]["parent"].value() == ""
    assert Comment.objects.count() == 1
