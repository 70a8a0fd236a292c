import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db


def public_pages(article: Article) -> list[str]:
    """Every public page that lists or shows ``article``."""
    return [
        reverse("articles:home"),
        article.category.get_absolute_url(),
        *[tag.get_absolute_url() for tag in article.tags.all()],
        reverse("articles:author", args=[article.author.username]),
    ]


def shows(client, url: str, article: Article) -> bool:
    response = client.get(url)
    return response.status_code == 200 and article.get_absolute_url() in response.content.decode()


@pytest.fixture
def setting():
    """A category, tag and author that always have one live article, so archives exist."""
    category, tag, author = make_category(), make_tag(), make_user()
    make_article(category=category, tags=[tag], author=author, title="Always live")
    return {"category": category, "tags": [tag], "author": author}


def test_published_article_is_on_every_public_page(client, setting) -> None:
    article = make_article(**setting)
    assert client.get(article.get_absolute_url()).status_code == 200
    for url in public_pages(article):
        assert shows(client, url, article), url


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.DRAFT, timezone.now() - timedelta(days=1)),
        (Article.Status.SCHEDULED, timezone.now() + timedelta(hours=2)),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(hours=2)),
    ],
)
def test_unpublished_article_is_nowhere_for_readers(client, setting, status, published_at) -> None:
    article = make_article(status=status, published_at=published_at, **setting)
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in public_pages(article):
        assert not shows(client, url, article), url


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, setting) -> None:
    article = make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(minutes=2),
        **setting,
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    # No job runs: the time passing is enough.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert shows(client, reverse("articles:home"), article)


def test_unpublishing_takes_the_article_out_of_every_page_at_once(client, setting) -> None:
    article = make_article(**setting)
    publishing.unpublish(article)
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in public_pages(article):
        assert not shows(client, url, article), url


def test_publish_now_and_publish_later() -> None:
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    publishing.publish(draft)
    assert draft.is_live and draft.status == Article.Status.PUBLISHED

    later = make_article(status=Article.Status.DRAFT, published_at=None)
    publishing.publish(later, at=timezone.now() + timedelta(days=1))
    later.refresh_from_db()
    assert later.status == Article.Status.SCHEDULED and not later.is_live


def test_publishing_a_live_article_again_keeps_its_date() -> None:
    article = make_article()
    first = article.published_at
    publishing.publish(article)
    article.refresh_from_db()
    assert article.published_at == first


def test_archive_of_an_unknown_or_unpublished_author_is_a_404(client) -> None:
    author = make_user()
    make_article(author=author, status=Article.Status.DRAFT, published_at=None)
    assert client.get(reverse("articles:author", args=[author.username])).status_code == 404
    assert client.get(reverse("articles:author", args=["nobody"])).status_code == 404


def test_home_puts_featured_articles_first(client) -> None:
    old_featured = make_article(
        is_featured=True, published_at=timezone.now() - timedelta(days=30), title="Pinned"
    )
    make_article(title="Brand new")
    html = client.get(reverse("articles:home")).content.decode()
    assert html.index(old_featured.title) < html.index("Brand new")


def test_home_is_paginated(client) -> None:
    for _ in range(11):
        make_article()
    first = client.get(reverse("articles:home"))
    assert len(first.context["article_list"]) == 10
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("articles:home") + "?page=2")
    assert len(second.context["article_list"]) == 1


def test_editor_previews_a_draft_with_a_banner_and_noindex(editor_client) -> None:
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = editor_client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview — not published" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_live_article_has_no_preview_banner_for_editors(editor_client) -> None:
    article = make_article()
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Preview — not published" not in html
    assert "noindex" not in html


def test_updated_date_shows_only_after_a_significant_edit(client) -> None:
    article = make_article()
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    publishing.mark_significant_update(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Updated <time datetime=" in html


def test_time_elements_carry_no_microseconds(client) -> None:
    article = make_article(
        published_at=timezone.now().replace(microsecond=123456) - timedelta(hours=1)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    stamp = article.published_at.strftime("%Y-%m-%dT%H:%M:%S+0000")
    assert f'<time datetime="{stamp}">' in html
    for value in re.findall(r'<time datetime="([^"]+)"', html):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", value), value


def test_category_archive_does_not_repeat_its_name_on_every_card(client) -> None:
    article = make_article()
    main = lxml_html.fromstring(client.get(article.category.get_absolute_url()).content).find(
        ".//main"
    )
    # On the page itself, not in the header, which may list the category.
    assert article.category.name not in [a.text for a in main.iter("a")]
    home = lxml_html.fromstring(client.get("/").content).find(".//main")
    assert article.category.name in [a.text for a in home.iter("a")]
