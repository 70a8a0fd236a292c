"""What a reader and an admin user see in a real browser: styles, scripts, screenshots, CSP."""

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import make_article, make_category, make_tag, make_upload


@pytest.fixture
def articles(db) -> list:
    """A small site: a featured article and a few more in two categories."""
    science = make_category(name="Science", slug="science")
    money = make_category(name="Money", slug="money")
    tag = make_tag(name="explainers", slug="explainers")
    return [
        make_article(
            title="Why the sky is blue, and why sunsets are red",
            slug="why-the-sky-is-blue",
            summary="Light scatters off the air itself; the shorter the wavelength, the more.",
            body=(
                "<h2>Scattering</h2><p>Sunlight is a mix of colours. Air molecules scatter "
                "short wavelengths far more than long ones.</p>"
                "<h2>Sunsets</h2><p>At dusk light travels through more air, so the blue is "
                "scattered away before it reaches you.</p>"
            ),
            category=science,
            is_featured=True,
            tags=[tag],
            featured_image=make_upload("sky.jpg", size=(1600, 900)),
            featured_image_alt="A clear blue sky over a field",
        ),
        make_article(
            title="How compound interest works",
            slug="compound-interest",
            summary="Interest on interest: small rates, long times, big numbers.",
            category=money,
            tags=[tag],
        ),
        make_article(title="What a central bank does", slug="central-bank", category=money),
    ]


def test_stylesheet_and_script_load_on_the_home_page(page, articles) -> None:
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/")
    static = [r for r in responses if "/static/" in r.url]
    assert {r.url.rsplit("/", 1)[-1] for r in static} >= {"site.css", "site.js"}
    assert all(r.status == 200 for r in static)
    # The stylesheet applied: the skip link is moved off screen.
    assert page.locator(".skip-link").bounding_box()["x"] < 0


def test_admin_gets_its_css_and_js_in_the_live_server(page, admin_user) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/articles/article/add/")
    stylesheets = page.evaluate("Array.from(document.styleSheets, s => s.cssRules.length)")
    assert len(stylesheets) >= 2 and all(count > 0 for count in stylesheets)
    assert page.evaluate("typeof window.django") == "object"  # admin's JavaScript ran


def test_screenshots_of_home_and_article_at_phone_and_desktop_widths(page, articles) -> None:
    page.goto("/")
    paths = screenshot(page, "home")
    page.get_by_role("link", name=articles[0].title).click()
    assert page.get_by_role("heading", level=1).inner_text() == articles[0].title
    hero = page.locator(".article__image img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert hero.get_attribute("width") and hero.get_attribute("height")  # no layout shift
    paths += screenshot(page, "article")
    assert all(path.stat().st_size > 5_000 for path in paths)


def test_pages_raise_no_csp_violations(page, console, articles, admin_user) -> None:
    page.goto("/")
    page.goto(articles[0].get_absolute_url())
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/articles/article/{articles[0].pk}/change/")
    page.wait_for_load_state("networkidle")
    assert console.csp_violations() == []
