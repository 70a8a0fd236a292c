"""Browser fixtures: Playwright's sync API driving Chromium against the live server.

Every test under tests/e2e/ is marked ``browser``; it is skipped where Chromium is missing and
fails under CI, where it must run.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from articles.links.models import RelatedLink
from tests.conftest import require
from tests.factories import make_article, make_category, make_related_link

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to be called from
# a thread with a running loop unless told it is safe (the live server's queries run elsewhere,
# the test's own ORM calls are sequential).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every browser test, and give each one a live server's transactional database.

    serialized_rollback restores the rows migrations create (staff groups, permissions) that the
    transactional flush after each test would otherwise take away from the next one.
    """
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture
def browser(chromium_path: Path, live_server, transactional_db) -> Iterator["Browser"]:  # noqa: F821
    """A Chromium for one test, started after the test's database is ready.

    Once Playwright's sync API runs, the test thread sees Django's connections through another
    context: the database must be set up (and its migration rows restored) before that.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(chromium_path), args=CHROMIUM_ARGS
            )
        except playwright_api.Error as error:
            require(False, f"Chromium at {chromium_path} does not start: {error}")
        yield browser
        browser.close()
        # Close the connections opened in Playwright's context; nothing else would.
        connections.close_all()


class ConsoleLog(list):
    """The browser console's messages and page errors, to assert that none is a CSP violation."""

    def csp_violations(self) -> list[str]:
        return [text for text in self if "Content Security Policy" in text]


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(live_server, site_settings, browser, console: ConsoleLog) -> Iterator["Page"]:  # noqa: F821
    """A fresh desktop-sized tab whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    yield tab
    context.close()


def screenshot(page, name: str) -> list[Path]:
    """Save full-page screenshots of the current page at phone and desktop widths."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        path = SCREENSHOTS / f"{name}-{label}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(original)
    return paths


def axe_violations(page, within: str | None = None) -> list[str]:
    """Run axe-core (bundled with axe-playwright-python, no network) on the page, WCAG 2.2 AA.

    ``within`` (a CSS selector) limits the scan to one part of the page.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "resultTypes": ["violations"],
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
        },
    }
    results = Axe().run(page, context=within, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["html"][:160] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


@pytest.fixture
def two_linked_articles(site_settings):
    """An article whose second paragraph is followed by an inline link to another."""
    science = make_category(name="Science", slug="science")
    target = make_article(
        title="How rainbows form",
        slug="how-rainbows-form",
        summary="Raindrops split sunlight into its colours.",
        body="<p>Each raindrop acts as a tiny prism.</p><p>The angle is always 42 degrees.</p>",
        category=science,
    )
    source = make_article(
        title="Why the sky is blue",
        slug="why-the-sky-is-blue",
        summary="Short wavelengths scatter more.",
        body=(
            "<p>Sunlight is a mix of colours.</p>"
            "<p>Air molecules scatter blue light far more than red.</p>"
            "<p>At sunset the light crosses more air.</p>"
        ),
        category=science,
        is_featured=True,
    )
    make_related_link(
        source=source,
        target=target,
        placement=RelatedLink.Placement.INLINE,
        after_paragraph=2,
        anchor_text="Rainbows: the same sunlight, split by raindrops",
    )
    return source, target
