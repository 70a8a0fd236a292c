"""One address per list page: page 1 is the bare address, ``?page=1`` answers 301."""

import pytest
from lxml import html as lxml_html

from tests.factories import make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db

LISTS = ["/", "/category/science/", "/tag/light/", "/author/ada/"]


@pytest.fixture
def many(site_settings) -> None:
    """Twelve articles by one author in one category and tag: two pages of every list."""
    author = make_user(username="ada", first_name="Ada", last_name="Lovelace")
    science = make_category(name="Science", slug="science")
    light = make_tag(name="light", slug="light")
    for n in range(12):
        make_article(title=f"Volcano {n}", author=author, category=science, tags=[light])


@pytest.mark.parametrize("path", LISTS)
def test_page_one_has_one_address(client, many, path: str) -> None:
    response = client.get(f"{path}?page=1")
    assert response.status_code == 301
    assert response["Location"] == path
    second = lxml_html.fromstring(client.get(f"{path}?page=2").content)
    assert second.xpath('//nav[@class="pagination"]//a[@rel="prev"]/@href') == [path]
    first = lxml_html.fromstring(client.get(path).content)
    assert first.xpath('//nav[@class="pagination"]//a[@rel="next"]/@href') == [f"{path}?page=2"]


def test_page_one_of_a_search_keeps_the_search(client, many) -> None:
    response = client.get("/search/?q=volcano&page=1")
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=volcano"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Latest articles, page 2 – Test Byline"),
        ("/category/science/", "Science, page 2 – Test Byline"),
        ("/tag/light/", "Articles tagged “light”, page 2 – Test Byline"),
        ("/author/ada/", "Articles by Ada Lovelace, page 2 – Test Byline"),
        ("/search/?q=volcano", "Search results for “volcano”, page 2 – Test Byline"),
    ],
)
def test_every_second_page_has_its_own_title(client, many, path: str, title: str) -> None:
    separator = "&" if "?" in path else "?"
    page = lxml_html.fromstring(client.get(f"{path}{separator}page=2").content)
    assert page.findtext(".//title") == title
