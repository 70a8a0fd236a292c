"""Comments held by a moderator's rule or by the learning filter, as readers and moderators see
them in a real Chromium; the discussion settings page passes axe."""

from playwright.sync_api import expect

from byline import roles
from comments.models import Comment, DiscussionSettings
from tests.comments.test_classifier import decide_all
from tests.conftest import make_staff
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations
from tests.e2e.reader_actions import post_comment
from tests.factories import make_article, make_comment

CRYPTO = "Crypto wallet recovery agents: we recover lost wallets."


def test_comments_held_by_a_rule_and_by_the_filter_show_in_the_inbox_with_their_reason(
    browser, live_server, site_settings
) -> None:
    DiscussionSettings.objects.update_or_create(
        pk=1, defaults={"min_seconds": 0, "flood_interval_seconds": 0}
    )
    moderator = make_staff("moderator", roles.MODERATORS)
    decide_all(moderator)  # seven crypto-recovery spams and seven ordinary comments, decided
    article = make_article(title="Clean water for every village")
    # Rosa is a known commenter: without a rule her next comment would go straight up.
    make_comment(article=article, author_name="Rosa", author_email="rosa@example.net")
    make_comment(
        article=article,
        author_name="Rosa",
        author_email="rosa@example.net",
        text="Another one about the pump.",
        status="pending",
        reason="moderation_word",
        reason_detail="pump",
    )

    staff = browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    log_in(staff, "moderator")
    staff.goto("/admin/comments/comment/")
    card = staff.locator(".inbox-card", has_text="Another one about the pump.")
    card.get_by_text("Always…").click()
    card.get_by_label("For every comment from this sender").select_option(
        label="Always hold this email (rosa@example.net)"
    )
    card.get_by_role("button", name="Add rule").click()
    expect(staff.get_by_role("status")).to_have_text(
        "Rule added: Always hold email rosa@example.net."
    )

    reader = browser.new_context(base_url=live_server.url, viewport=PHONE).new_page()
    reader.goto(article.get_absolute_url())
    post_comment(reader, "The new pump works.", name="Rosa", email="rosa@example.net")
    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_have_count(1)
    spammer = browser.new_context(base_url=live_server.url, viewport=PHONE).new_page()
    spammer.goto(article.get_absolute_url())
    post_comment(spammer, CRYPTO, name="Quick Helper", email="agent@recovery.example")
    # Whether held or marked as spam, its author is told no more than any held reader.
    expect(spammer.get_by_text("Your comment is awaiting moderation.")).to_have_count(1)

    staff.goto("/admin/comments/comment/")
    ruled = staff.locator(".inbox-card", has_text="The new pump works.")
    expect(ruled).to_contain_text(
        "Why it is here: On a moderator's always-list (Always hold email rosa@example.net)"
    )
    learned = Comment.objects.get(text=CRYPTO)
    assert learned.reason == Comment.Reason.LEARNED
    staff.goto(f"/admin/comments/comment/?status={learned.status}")
    card = staff.locator(f"#inbox-{learned.pk}")
    expect(card).to_contain_text("Why it is here: The learning filter's score (score ")
    for word in ("crypto", "wallet", "recovery"):
        expect(card.locator(".inbox-card__reason")).to_contain_text(word)


def test_the_discussion_settings_and_their_preview_have_no_accessibility_violations(
    browser, live_server, site_settings
) -> None:
    make_staff("moderator", roles.MODERATORS)
    make_comment(text="See https://example.org/wells and https://example.org/map.")
    page = browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    log_in(page, "moderator")
    page.goto("/admin/comments/discussionsettings/")
    expect(page.get_by_label("Link threshold:")).to_be_visible()
    found = {}
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if violations := axe_violations(page):
            found[f"settings ({width})"] = violations
    page.get_by_label("Link threshold:").fill("1")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("1 comment would be decided differently.")).to_be_visible()
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if violations := axe_violations(page):
            found[f"preview ({width})"] = violations
    assert found == {}
