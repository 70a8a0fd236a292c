"""Related links as a reader meets them: accessible at both widths, and they lead somewhere."""

import pytest

from articles.links import index
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories import make_article, make_category, make_image, make_related_link


@pytest.fixture
def linked_article(site_settings):
    health = make_category(name="Health", slug="health")
    worker = make_article(
        title="What does a community health worker do?",
        slug="community-health-workers",
        summary="They bring care to villages far from clinics.",
        category=health,
    )
    pictured = make_article(
        title="Clean water and health",
        slug="clean-water",
        summary="Why wells matter more than medicine.",
        category=health,
    )
    pictured.featured_image = make_image(alt="A village well")
    pictured.featured_image_alt = "A village well"
    pictured.save()
    source = make_article(
        title="Vaccination clinics in rural areas",
        slug="rural-clinics",
        summary="Mobile teams bring vaccines to villages.",
        body="<p>Clinics are far.</p><p>Mobile teams travel weekly.</p><p>Records matter.</p>",
        category=health,
    )
    make_related_link(
        source=source,
        target=worker,
        placement="inline",
        after_paragraph=1,
        anchor_text="what does a community health worker do",
    )
    make_related_link(source=source, target=pictured, position=1)
    index.index_links(source)
    return source


def test_article_with_related_links_has_no_accessibility_violations(page, linked_article) -> None:
    page.goto(linked_article.get_absolute_url())
    found = {}
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if violations := axe_violations(page):
            found[width] = violations
    screenshot(page, "related-links-article")
    assert found == {}


def test_reader_follows_an_inline_related_link(page, linked_article) -> None:
    page.goto(linked_article.get_absolute_url())
    aside = page.get_by_role("complementary", name="Related article")
    aside.get_by_role("link", name="what does a community health worker do").click()
    page.wait_for_url("**/articles/community-health-workers/")
    assert page.locator("h1").inner_text() == "What does a community health worker do?"


def test_reader_follows_a_related_reading_card(page, linked_article) -> None:
    page.goto(linked_article.get_absolute_url())
    reading = page.get_by_role("region", name="Related reading")
    assert reading.locator("img").get_attribute("alt") == ""  # decorative beside the title
    reading.get_by_role("link", name="Clean water and health").click()
    page.wait_for_url("**/articles/clean-water/")
