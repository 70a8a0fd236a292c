"""The end of an article: previous and next article, and more of its category."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(site_settings) -> dict[str, Article]:
    """Articles a day apart, oldest first, in two categories, plus a draft and a scheduled one."""
    science, money = make_category(name="Science"), make_category(name="Money")
    now = timezone.now()
    plan = [
        ("s1", science),
        ("m1", money),
        ("s2", science),
        ("s3", science),
        ("m2", money),
        ("s4", science),
        ("s5", science),
        ("s6", science),
    ]
    made = {
        name: make_article(
            title=name, category=category, published_at=now - timedelta(days=10 - day)
        )
        for day, (name, category) in enumerate(plan)
    }
    make_article(title="draft", category=science, status=Article.Status.DRAFT, published_at=None)
    make_article(
        title="future",
        category=science,
        status=Article.Status.SCHEDULED,
        published_at=now + timedelta(days=1),
    )
    return made


def end_of(client, article: Article) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(client.get(article.get_absolute_url()).content)


def test_previous_and_next_follow_publication_order_across_categories(client, timeline) -> None:
    page = end_of(client, timeline["m2"])
    previous = page.xpath('//nav[@class="prev-next"]//a[@rel="prev"]')[0]
    following = page.xpath('//nav[@class="prev-next"]//a[@rel="next"]')[0]
    assert previous.get("href") == timeline["s3"].get_absolute_url()
    assert "Previous article" in previous.text_content() and "s3" in previous.text_content()
    assert following.get("href") == timeline["s4"].get_absolute_url()


def test_the_first_and_newest_articles_offer_only_one_direction(client, timeline) -> None:
    oldest, newest = end_of(client, timeline["s1"]), end_of(client, timeline["s6"])
    assert oldest.xpath('//a[@rel="prev"][ancestor::nav[@class="prev-next"]]') == []
    assert newest.xpath('//nav[@class="prev-next"]//a[@rel="next"]') == []  # no draft, no future


def test_more_in_category_is_the_newest_others_without_repeating_previous_or_next(
    client, timeline
) -> None:
    page = end_of(client, timeline["s3"])  # previous s2, next m2
    more = page.xpath('//section[@class="more-in-category"]//a/text()')
    assert more == ["s6", "s5", "s4"]
    assert page.xpath('//section[@class="more-in-category"]/h2/text()') == ["More in Science"]
    neighbours = Article.objects.published().around(timeline["s5"])  # previous s4, next s6
    assert (neighbours.previous.title, neighbours.next.title) == ("s4", "s6")
    assert [a.title for a in neighbours.more_in_category] == ["s3", "s2", "s1"]


def test_an_only_article_has_no_article_end_links(client, site_settings) -> None:
    page = end_of(client, make_article())
    assert page.xpath('//nav[@class="prev-next"] | //section[@class="more-in-category"]') == []


def test_articles_published_at_the_same_moment_are_ordered_by_id(site_settings) -> None:
    moment = timezone.now() - timedelta(hours=1)
    first, second, third = (make_article(published_at=moment) for _ in range(3))
    neighbours = Article.objects.published().around(second)
    assert (neighbours.previous, neighbours.next) == (first, third)
