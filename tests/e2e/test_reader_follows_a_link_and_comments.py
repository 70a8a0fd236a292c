"""A reader goes from the home page through an inline related link and leaves a comment."""

import re

from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.reader_actions import open_from_home, post_comment


def test_reader_follows_an_inline_link_and_comments(page, console, two_linked_articles) -> None:
    _source, target = two_linked_articles
    open_from_home(page, "Why the sky is blue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Why the sky is blue")
    expect(page.get_by_text("Air molecules scatter blue light")).to_be_visible()

    related = page.get_by_role("complementary", name="Related article").get_by_role("link")
    expect(related).to_have_text("Rainbows: the same sunlight, split by raindrops")
    related.click()
    expect(page).to_have_url(re.compile(r"/articles/how-rainbows-form/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How rainbows form")

    page.wait_for_timeout(3_100)  # reading: a form sent within seconds of loading is spam
    post_comment(
        page,
        "So that is why the angle never changes. Thank you!",
        name="Rosalind",
        email="rosalind@example.org",
    )

    comment = Comment.objects.get()
    assert (comment.article, comment.status) == (target, Comment.Status.PENDING)
    expect(page).to_have_url(re.compile(rf"/articles/how-rainbows-form/#comment-{comment.pk}$"))
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine).to_contain_text("So that is why the angle never changes.")
    expect(mine).to_contain_text("Your comment is awaiting moderation.")
    assert console.csp_violations() == []
