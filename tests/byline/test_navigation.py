"""The header's categories: the editors' ordered choice, else those that have articles."""

import pytest
from lxml import html as lxml_html

from articles.models import Article
from byline.models import HeaderCategory
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def header_links(client, url: str = "/") -> list[tuple[str, str]]:
    page = lxml_html.fromstring(client.get(url).content)
    return [(a.text, a.get("href")) for a in page.xpath('//nav[@aria-label="Main"]//a')]


@pytest.fixture
def sections(site_settings) -> dict:
    made = {
        name: make_category(name=name, slug=name.lower())
        for name in ("Science", "Money", "Health", "Empty")
    }
    for name in ("Science", "Money", "Health"):
        make_article(category=made[name])
    make_article(category=made["Empty"], status=Article.Status.DRAFT, published_at=None)
    return made


def test_without_a_choice_the_header_lists_categories_with_articles_by_name(
    client, sections
) -> None:
    assert header_links(client) == [
        ("Home", "/"),
        ("Health", "/category/health/"),
        ("Money", "/category/money/"),
        ("Science", "/category/science/"),
        ("Search", "/search/"),
    ]


def test_the_header_lists_the_chosen_categories_in_the_chosen_order(
    client, site_settings, sections
) -> None:
    for position, name in enumerate(["Science", "Empty", "Health"]):
        HeaderCategory.objects.create(
            settings=site_settings, category=sections[name], position=position
        )
    assert [name for name, _ in header_links(client)] == [
        "Home",
        "Science",
        "Empty",
        "Health",
        "Search",
    ]


def test_the_header_marks_the_page_the_reader_is_on(client, sections) -> None:
    page = lxml_html.fromstring(client.get("/category/money/").content)
    assert page.xpath('//nav[@aria-label="Main"]//a[@aria-current="page"]/text()') == ["Money"]


@pytest.mark.parametrize("chosen", [0, 3])
def test_the_header_costs_one_query_whatever_is_chosen(
    client, site_settings, sections, django_assert_num_queries, chosen: int
) -> None:
    for position, category in enumerate(list(sections.values())[:chosen]):
        HeaderCategory.objects.create(settings=site_settings, category=category, position=position)
    client.get("/search/")
    # the site settings and the header's categories: the empty search runs no query of its own
    with django_assert_num_queries(2):
        client.get("/search/")


def test_the_site_settings_admin_chooses_the_header_categories(admin_client, sections) -> None:
    response = admin_client.get("/admin/byline/sitesettings/1/change/")
    assert response.status_code == 200
    assert "categories in the header" in response.content.decode().lower()
