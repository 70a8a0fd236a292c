"""Without JavaScript, a reader still reads, replies in a thread and searches."""

from playwright.sync_api import expect

from comments.models import Comment, DiscussionSettings
from tests.e2e.conftest import DESKTOP
from tests.e2e.reader_actions import open_from_home, post_comment
from tests.factories import make_comment


def test_pages_read_and_comments_post_without_javascript(
    browser, live_server, two_linked_articles
) -> None:
    source, _target = two_linked_articles
    parent = make_comment(article=source, author_name="Grace", text="Lovely and clear.")
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 0})
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, java_script_enabled=False
    )
    page = context.new_page()
    open_from_home(page, "Why the sky is blue")
    expect(page.get_by_text("Air molecules scatter blue light")).to_be_visible()
    page.get_by_role("link", name="Reply to Grace").click()  # a plain link: ?replytocom=
    expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Grace")
    post_comment(page, "I agree with Grace.", name="Alan", email="alan@example.org")
    reply = Comment.objects.get(author_name="Alan")
    assert reply.parent == parent
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("awaiting moderation")
    page.goto("/search/?q=rainbows")
    expect(page.get_by_role("link", name="How rainbows form")).to_be_visible()
    context.close()
