"""Comment pages in a real Chromium: page links a keyboard and a screen reader can use, an old
link to a comment finds its page, and a reader replies from a later page."""

import re

from playwright.sync_api import expect

from comments.models import Comment, DiscussionSettings
from tests.comments.test_pages import threads
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.e2e.reader_actions import post_comment
from tests.factories import make_article, make_comment


def test_a_reader_pages_through_comments_and_replies_from_page_two(page, live_server) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 0})
    article = make_article(title="Clean water for every village")
    roots = threads(article, 120)
    reply = make_comment(article=article, parent=roots[75], author_name="Ola", text="Agreed!")

    # A link to a comment since removed settles on the article's comments, once.
    gone = make_comment(article=article, parent=roots[80], status="trash")
    page.goto(f"{article.get_absolute_url()}?cpage=2#comment-{gone.pk}")
    expect(page).to_have_url(re.compile(r"/#comments$"))

    # A link from before comments had pages: the article's address and the comment's anchor.
    page.goto("/")  # (from the article itself, only the anchor would change: no page load)
    page.goto(f"{article.get_absolute_url()}#comment-{reply.pk}")
    expect(page).to_have_url(re.compile(rf"\?cpage=2#comment-{reply.pk}$"))
    expect(page.locator(f"#comment-{reply.pk}")).to_be_in_viewport()

    nav = page.get_by_role("navigation", name="Comment pages", exact=True)
    expect(nav.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    found = {}
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if violations := axe_violations(page):
            found[width] = violations
    assert found == {}
    nav.scroll_into_view_if_needed()
    screenshot(page, "comment-pages")

    nav.get_by_role("link", name="Newer comments").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?cpage=3#comments$"))
    expect(page.get_by_text("Thread 119.")).to_be_visible()
    page.get_by_role("navigation", name="More comment pages").get_by_role(
        "link", name="Page 2"
    ).click()
    expect(page.get_by_text("Thread 75.", exact=True)).to_be_visible()

    page.get_by_role("link", name="Reply to Reader 60").click()
    post_comment(page, "Sixty was right.", name="Pia", email="pia@example.net")
    answer = Comment.objects.get(text="Sixty was right.")
    assert answer.parent == roots[60]
    expect(page).to_have_url(re.compile(rf"\?cpage=2#comment-{answer.pk}$"))
    expect(page.locator(f"#comment-{answer.pk}")).to_contain_text(
        "Your comment is awaiting moderation."
    )
