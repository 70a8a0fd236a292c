"""Layout details a reader notices on a phone: spacing under the byline, the pagination line."""

import pytest

from tests.e2e.conftest import PHONE
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_body_keeps_its_distance_from_the_byline_without_image_or_contents(page) -> None:
    article = make_article(body="<p>No image, no headings: the body follows the byline.</p>")
    page.set_viewport_size(PHONE)
    page.goto(article.get_absolute_url())
    byline = page.locator(".article__header .meta").bounding_box()
    body = page.locator(".article__body p").first.bounding_box()
    assert body["y"] - (byline["y"] + byline["height"]) >= 16


def test_page_two_links_and_page_number_share_a_line_on_a_phone(page) -> None:
    category = make_category()
    for _ in range(11):
        make_article(category=category)
    page.set_viewport_size(PHONE)
    page.goto("/?page=2")
    # Where the words sit (a stretched flex item's box hides a misplaced line of text).
    text_middles = page.evaluate(
        """[...document.querySelectorAll('.pagination > *')].filter(e => e.textContent.trim())
            .map(e => { const r = document.createRange(); r.selectNodeContents(e);
                        const b = r.getBoundingClientRect(); return b.y + b.height / 2; })"""
    )
    assert len(text_middles) == 2
    assert abs(text_middles[0] - text_middles[1]) <= 2
