"""A reader comments on an article page served from the page cache."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment, DiscussionSettings
from tests.e2e.reader_actions import post_comment

pytestmark = pytest.mark.usefixtures("page_cache")


def test_a_reader_posts_a_comment_from_a_cached_page(browser, live_server, two_linked_articles):
    source, _target = two_linked_articles
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 1})
    url = f"{live_server.url}{source.get_absolute_url()}"
    first_reader = browser.new_page()
    assert first_reader.goto(url).headers["x-page-cache"] == "miss"

    reader = browser.new_page()  # another browser: no cookies of its own yet
    response = reader.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    reader.wait_for_timeout(1100)  # a person takes a moment to write
    post_comment(reader, "Sent from a cached page.", name="Rosa Reader", email="rosa@example.org")

    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_be_visible()
    expect(reader.get_by_text("Sent from a cached page.")).to_be_visible()
    assert Comment.objects.get().text == "Sent from a cached page."
    # The first reader's cached page is unchanged: a pending comment shows to its author only.
    first_reader.reload()
    expect(first_reader.get_by_text("Sent from a cached page.")).to_have_count(0)
