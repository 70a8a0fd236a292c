"""Each change purges exactly the cached pages that show it: fresh next time, the rest still hits.

Every test warms the same pages, makes one change as an editor or moderator would (committed),
then reads every page again: ``X-Page-Cache`` says whether it was rendered ("miss") or served
from the cache ("hit").
"""

import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles import publishing, trash
from articles.links.models import RelatedLink
from articles.media import library
from articles.models import Article, AuthorProfile, Category, Tag
from byline.models import SiteSettings
from comments import moderation
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_image,
    make_tag,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@dataclass
class Site:
    """Two categories on a timeline: old_sport < sport_2 < news_1 < news_2."""

    news: Category
    sport: Category
    tag: Tag
    other_tag: Tag
    author: object
    old_sport: Article
    sport_2: Article
    news_1: Article
    news_2: Article

    def pages(self) -> dict[str, str]:
        return {
            "home": "/",
            "news": f"/category/{self.news.slug}/",
            "sport": f"/category/{self.sport.slug}/",
            "tag": f"/tag/{self.tag.slug}/",
            "other tag": f"/tag/{self.other_tag.slug}/",
            "author": f"/author/{self.author.username}/",
            "feed": "/feed/",
            "atom": "/feed/atom/",
            "news feed": f"/category/{self.news.slug}/feed/",
            "sport feed": f"/category/{self.sport.slug}/feed/",
            "sitemap": "/sitemap.xml",
            "sitemap articles": "/sitemap-articles.xml",
            "old_sport": self.old_sport.get_absolute_url(),
            "sport_2": self.sport_2.get_absolute_url(),
            "news_1": self.news_1.get_absolute_url(),
            "news_2": self.news_2.get_absolute_url(),
        }


@pytest.fixture
def site() -> Site:
    now = timezone.now()
    news, sport = make_category(name="News"), make_category(name="Sport")
    tag, other_tag = make_tag(), make_tag()
    author = make_user()
    old_sport = make_article(category=sport, tags=[other_tag], published_at=now - timedelta(days=4))
    sport_2 = make_article(category=sport, published_at=now - timedelta(days=3))
    news_1 = make_article(
        category=news, author=author, tags=[tag], published_at=now - timedelta(days=2)
    )
    news_2 = make_article(
        category=news,
        author=author,
        tags=[tag],
        published_at=now - timedelta(days=1),
        body=f'<p>See <a href="{old_sport.get_absolute_url()}">the old one</a>.</p>',
    )
    return Site(news, sport, tag, other_tag, author, old_sport, sport_2, news_1, news_2)


def warm(client: Client, site: Site) -> None:
    """Every page that exists now, in the cache."""
    for url in site.pages().values():
        client.get(url)
    for name, url in site.pages().items():
        response = client.get(url)
        assert response.status_code != 200 or response["X-Page-Cache"] == "hit", name


def rendered_again(client: Client, site: Site) -> set[str]:
    """The pages the next request renders (the rest came from the cache)."""
    fresh = set()
    for name, url in site.pages().items():
        response = client.get(url)
        if response.status_code == 200 and response["X-Page-Cache"] == "miss":
            fresh.add(name)
        elif response.status_code != 200:
            fresh.add(name)  # gone or moved: not served from the cache either
    return fresh


LISTS_OF_NEWS = {"home", "news", "tag", "author", "feed", "atom", "news feed"}


def test_an_edit_renders_every_page_showing_the_article_and_nothing_else(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        site.news_1.title = "A better title"
        site.news_1.save()
    # Its page, the lists and feeds it is in, and the pages linking to it (news_2's previous,
    # sport_2's next); not the sitemap (no new date), not sport's lists nor old_sport's page.
    assert rendered_again(client, site) == LISTS_OF_NEWS | {"news_1", "news_2", "sport_2"}
    assert "A better title" in client.get("/").content.decode()


def test_publishing_renders_the_lists_it_joins_and_its_neighbours(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    draft = make_article(category=site.news, author=site.author, status=Article.Status.DRAFT)
    draft.tags.set([site.tag])
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft)
    # news_2 gains a "next"; news_1 and news_2 show the newest of News ("more in News").
    assert rendered_again(client, site) == LISTS_OF_NEWS | {
        "sitemap",
        "sitemap articles",
        "news_1",
        "news_2",
    }
    assert draft.title in client.get(site.news_2.get_absolute_url()).content.decode()


def test_editing_a_draft_renders_nothing(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    draft = make_article(category=site.news, status=Article.Status.DRAFT)
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        draft.title = "Still a draft"
        draft.save()
    assert rendered_again(client, site) == set()


def test_a_scheduled_article_appears_when_its_time_comes_without_any_write(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    draft = make_article(category=site.sport, status=Article.Status.DRAFT, title="Kick-off")
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft, at=timezone.now() + timedelta(seconds=2))
    assert rendered_again(client, site) == set()  # not public yet
    time.sleep(2.1)
    fresh = rendered_again(client, site)
    assert fresh >= {"home", "sport", "feed", "sport feed", "sitemap articles", "sport_2"}
    assert fresh.isdisjoint({"news", "tag", "author", "news feed", "news_1"})
    assert "Kick-off" in client.get("/").content.decode()


def test_two_articles_going_live_together_in_an_empty_category_show_it_in_the_header(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    travel = make_category(name="Travel", slug="travel")
    warm(client, site)
    at = timezone.now() + timedelta(seconds=2)
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("Trains", "Ferries"):
            draft = make_article(category=travel, status=Article.Status.DRAFT, title=title)
            publishing.publish(draft, at=at)
    time.sleep(2.1)
    # news_1 shows neither article: only its header, which now lists Travel.
    assert "news_1" in rendered_again(client, site)
    assert 'href="/category/travel/"' in client.get(site.news_1.get_absolute_url()).content.decode()


def test_unpublishing_renders_its_lists_its_neighbours_and_the_pages_linking_to_it(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.unpublish(site.old_sport)
    # sport_2 loses its "previous"; news_2's body link to it becomes plain text.
    assert rendered_again(client, site) == {
        "home",
        "sport",
        "other tag",
        "feed",
        "atom",
        "sport feed",
        "sitemap",
        "sitemap articles",
        "old_sport",
        "sport_2",
        "news_2",
    }
    assert (
        f'href="{site.old_sport.get_absolute_url()}"'
        not in client.get(site.news_2.get_absolute_url()).content.decode()
    )


def test_trash_and_restore_each_render_the_pages_showing_the_article(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    expected = LISTS_OF_NEWS | {"sitemap", "sitemap articles", "news_1", "news_2"}
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        trash.move_to_trash(site.news_2)
    assert rendered_again(client, site) == expected
    assert client.get(site.news_2.get_absolute_url()).status_code == 410
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        trash.restore(site.news_2)
    assert rendered_again(client, site) == expected


def test_approving_and_removing_a_comment_render_its_article_and_its_cards(
    client: Client, site: Site, moderator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(article=site.news_1, status="pending", text="Held for a moment.")
    warm(client, site)  # a pending comment changed nothing readers see
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(comment, moderator=moderator, site_url="http://testserver/")
    # Its page and the lists with its card (the count); not the pages merely linking to it.
    cards = {"home", "news", "tag", "author", "news_1"}
    assert rendered_again(client, site) == cards
    assert "Held for a moment." in client.get(site.news_1.get_absolute_url()).content.decode()
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.trash(comment, moderator=moderator, site_url="http://testserver/")
    assert rendered_again(client, site) == cards


def test_changing_related_links_renders_only_the_page_showing_them(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        link = RelatedLink.objects.create(source=site.news_1, target=site.old_sport)
    assert rendered_again(client, site) == {"news_1"}
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        link.delete()
    assert rendered_again(client, site) == {"news_1"}


def test_renaming_sends_the_old_address_on_and_renders_the_pages_linking_to_it(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    warm(client, site)
    old_url = site.news_1.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        site.news_1.slug = "renamed"
        site.news_1.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/articles/renamed/"
    assert rendered_again(client, site) == LISTS_OF_NEWS | {
        "news_1",  # its old address: now a redirect
        "news_2",
        "sport_2",
        "sitemap",
        "sitemap articles",
    }


def test_site_settings_render_every_page(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        settings = SiteSettings.load()
        settings.site_name = "The Renamed Daily"
        settings.save()
    assert rendered_again(client, site) == set(site.pages())
    assert "The Renamed Daily" in client.get("/").content.decode()


def test_changing_or_deleting_a_library_image_renders_the_pages_of_the_articles_using_it(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    image = make_image()
    with django_capture_on_commit_callbacks(execute=True):
        site.news_1.featured_image = image
        site.news_1.save()
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x = 0.1  # a new crop for its cards
        image.save()
    assert rendered_again(client, site) == LISTS_OF_NEWS | {"news_1", "news_2", "sport_2"}
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        library.delete_image(image)
    assert rendered_again(client, site) >= LISTS_OF_NEWS | {"news_1"}
    assert "<picture" not in client.get(site.news_1.get_absolute_url()).content.decode()


def test_changing_an_authors_picture_in_the_library_renders_the_pages_showing_it(
    client: Client, site: Site, django_capture_on_commit_callbacks
) -> None:
    image = make_image(title="Portrait")
    with django_capture_on_commit_callbacks(execute=True):
        AuthorProfile.objects.update_or_create(user=site.author, defaults={"picture": image})
    warm(client, site)
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x, image.focal_y = 0.1, 0.2  # a new crop for the portrait
        image.save()
    # Shown on the author's archive and article pages, like the author's name: every page.
    assert rendered_again(client, site) == set(site.pages())
    portrait = AuthorProfile.objects.get(user=site.author).picture_html()
    assert portrait in client.get(site.pages()["author"]).content.decode()
