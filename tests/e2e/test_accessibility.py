"""axe-core finds no WCAG 2.2 AA violations on the reader's pages, at both widths."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories import make_article, make_category, make_tag, make_user


@pytest.fixture
def article(site_settings):
    science = make_category(name="Science", slug="science", description="How things work.")
    for n in range(3):
        make_article(title=f"Older article about light, part {n + 1}", category=science)
    return make_article(
        title="Why the sky is blue",
        slug="why-the-sky-is-blue",
        summary="Short wavelengths of sunlight scatter more off the air: the sky looks blue.",
        body=(
            '<h2 id="scattering">Scattering</h2><p>Sunlight is a mix of colours; the air '
            "scatters blue light far more than red.</p>"
            '<h2 id="sunsets">Sunsets</h2><p>At dusk the light crosses more air, and the blue '
            "is scattered away before it reaches you.</p>"
        ),
        category=science,
        tags=[make_tag(name="light", slug="light")],
        author=make_user(username="ada", first_name="Ada", last_name="Lovelace"),
        is_featured=True,
    )


READER_PAGES = [
    "/",
    "/articles/why-the-sky-is-blue/",
    "/category/science/",
    "/tag/light/",
    "/author/ada/",
    "/search/?q=light",
    "/search/?q=nothing+matches+this",
    "/no/such/page/",
]


def test_reader_pages_have_no_accessibility_violations(page, article) -> None:
    found = {}
    for url in READER_PAGES:
        page.goto(url)
        for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            if violations := axe_violations(page):
                found[f"{url} ({width})"] = violations
    assert found == {}


def test_search_page_screenshots(page, article) -> None:
    page.goto("/")
    page.goto("/search/?q=light")
    assert page.locator("mark").first.is_visible()
    screenshot(page, "search")


def test_keyboard_user_can_skip_to_the_content(page, article) -> None:
    page.goto(article.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
