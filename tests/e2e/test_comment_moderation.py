"""The issue's "done when", tried in a real Chromium: a reader comments and replies, a moderator
approves one and marks the other as spam from the queue."""

import re

from playwright.sync_api import expect

from comments.models import Comment, DiscussionSettings
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.reader_actions import post_comment
from tests.factories import make_article, make_comment


def test_reader_comments_and_replies_then_a_moderator_approves_one_and_spams_one(
    browser, live_server, moderator, site_settings
) -> None:
    DiscussionSettings.objects.update_or_create(
        pk=1, defaults={"min_seconds": 0, "flood_interval_seconds": 0}
    )
    article = make_article(title="Reading a payslip")
    make_comment(article=article, author_name="Lena", text="Useful, thanks.")
    url = live_server.url + article.get_absolute_url()

    reader = browser.new_context(viewport=PHONE).new_page()
    errors: list[str] = []
    reader.on("console", lambda m: errors.append(m.text) if "Security Policy" in m.text else None)
    reader.goto(url)
    post_comment(reader, "What does the tax code mean?", name="Pia", email="pia@example.net")
    assert re.search(r"#comment-\d+$", reader.url)
    assert reader.get_by_text("Your comment is awaiting moderation.").count() == 1

    # Reply with JavaScript: the form moves under Lena's comment.
    reader.get_by_role("link", name="Reply to Lena").click()
    assert reader.locator("#reply-title").inner_text().startswith("Leave a Reply to Lena")
    lena = reader.locator(".comment").first
    assert lena.locator("#commentform").count() == 1
    post_comment(reader, "Agreed with Lena.", name="Pia", email="pia@example.net")
    assert re.search(r"#comment-\d+$", reader.url)
    assert reader.get_by_text("Your comment is awaiting moderation.").count() == 2
    assert errors == []
    question = Comment.objects.get(text="What does the tax code mean?")
    reply = Comment.objects.get(text="Agreed with Lena.")
    assert reply.parent.author_name == "Lena"

    stranger = browser.new_context().new_page()
    stranger.goto(url)
    assert "tax code" not in stranger.content() and "Agreed with Lena" not in stranger.content()

    staff = browser.new_context(viewport=DESKTOP, base_url=live_server.url).new_page()
    log_in(staff, moderator.username)
    expect(staff.get_by_role("link", name="Comments (2 pending)")).to_be_visible()  # the index
    staff.goto(live_server.url + "/admin/comments/comment/?q=")  # the full list's bulk actions
    staff.locator(f"input[name=_selected_action][value='{question.pk}']").check()
    staff.select_option("select[name=action]", "approve_selected")
    staff.get_by_role("button", name="Run").click()
    staff.locator(f"input[name=_selected_action][value='{reply.pk}']").check()
    staff.select_option("select[name=action]", "spam_selected")
    staff.get_by_role("button", name="Run").click()

    stranger.reload()
    assert "What does the tax code mean?" in stranger.content()
    assert "Agreed with Lena." not in stranger.content()


def test_moderator_approves_and_the_reader_sees_it(page, browser, live_server, moderator) -> None:
    article = make_article(title="How rainbows form", slug="how-rainbows-form")
    comment = make_comment(
        article=article,
        author_name="Rosalind",
        text="So that is why the angle never changes.",
        status=Comment.Status.PENDING,
        reason=Comment.Reason.FIRST_TIME,
    )
    page.goto(article.get_absolute_url())
    expect(page.get_by_text("So that is why the angle never changes.")).to_have_count(0)

    staff = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    admin = staff.new_page()
    log_in(admin, "mo")
    admin.goto("/admin/comments/comment/")
    card = admin.locator(".inbox-card", has_text="So that is why")
    card.get_by_role("button", name="Approve").click()
    expect(card).to_contain_text("Approved. Press u to undo")
    staff.close()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    page.reload()
    published = page.locator(f"#comment-{comment.pk}")
    expect(published).to_contain_text("So that is why the angle never changes.")
    expect(published).not_to_contain_text("awaiting moderation")
    expect(page.get_by_role("heading", name=re.compile("One comment on"))).to_be_visible()
