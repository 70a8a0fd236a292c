"""The moderators' inbox in a real Chromium: ten decisions by keyboard alone, no page load."""

from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.utils import timezone
from playwright.sync_api import expect

from byline import roles
from comments.models import Comment, StatusChange
from tests.conftest import make_staff
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, axe_violations
from tests.factories import make_article, make_comment

NAMES = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"]


def _pending_comments() -> dict[str, Comment]:
    article = make_article(title="Clean water for every village")
    grace = make_comment(article=article, author_name="Grace", text="The wells were dug in 1990.")
    make_comment(author_email="ada@example.net", status="approved")
    now = timezone.now()
    comments = {}
    for number, name in enumerate(NAMES):
        comments[name] = make_comment(
            article=article,
            parent=grace if name == "Dev" else None,
            author_name=name,
            author_email=f"{name.lower()}@example.net",
            author_url="https://example.net/" if name == "Gus" else "",
            text=(
                f"{name} writes: the pump broke again last week. " * (40 if name == "Ben" else 1)
            ),
            status="pending",
            reason="first_time" if number % 3 else "too_many_links",
            reason_detail="" if number % 3 else "3 links",
            created_at=now - timedelta(minutes=number),  # newest first: Ada on top
        )
    return comments


def test_a_moderator_decides_ten_comments_by_keyboard_without_a_page_load(
    browser, live_server, site_settings, console
) -> None:
    moderator = make_staff("moderator", roles.MODERATORS)
    comments = _pending_comments()
    page = browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()
    page.on("console", lambda message: console.append(message.text))
    log_in(page, "moderator")
    page.get_by_role("link", name="Comments (10 pending)").click()
    expect(page.get_by_role("link", name="Pending 10")).to_have_attribute("aria-current", "page")
    expect(page.locator(".inbox-card")).to_have_count(10)
    expect(page.get_by_text("In reply to Grace:")).to_be_visible()
    expect(page.get_by_text("1 approved, 0 spam")).to_be_visible()  # Ada's record
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inbox-desktop-1280.png"), full_page=False)
    page.set_viewport_size(PHONE)
    assert axe_violations(page) == []  # one card per comment at 390 px, still no violations
    page.screenshot(path=str(SCREENSHOTS / "inbox-phone-390.png"), full_page=False)
    widths = page.locator(".inbox-card").evaluate_all("cards => cards.map(c => c.offsetWidth)")
    assert all(width <= PHONE["width"] for width in widths)
    page.set_viewport_size(DESKTOP)
    page.evaluate("window.stillTheSamePage = true")

    def card(name: str):
        return page.locator(f"#inbox-{comments[name].pk}")

    steps = [("a", "Ada"), ("s", "Ben"), ("t", "Cleo")]
    for key, name in steps:
        expect(card(name)).to_be_focused()
        page.keyboard.press(key)
        expect(card(name)).to_contain_text("Press u to undo")
    expect(card("Dev")).to_be_focused()
    page.keyboard.press("r")
    expect(page.get_by_role("textbox", name="Your reply")).to_be_focused()
    page.keyboard.type("Thanks, Dev: the pump is on our list.")
    page.keyboard.press("Control+Enter")
    expect(card("Dev")).to_contain_text("Approved. Press u to undo")
    for key, name in [("a", "Eli"), ("s", "Fay")]:
        expect(card(name)).to_be_focused()
        page.keyboard.press(key)
        expect(card(name)).to_contain_text("Press u to undo")
    page.keyboard.press("u")  # Fay was not spam after all
    expect(card("Fay")).not_to_contain_text("Press u to undo")
    expect(card("Fay")).to_be_focused()
    for key, name in [("t", "Fay"), ("a", "Gus"), ("s", "Hana"), ("t", "Ivo"), ("a", "Jo")]:
        expect(card(name)).to_be_focused()
        page.keyboard.press(key)
        expect(card(name)).to_contain_text("Press u to undo")
    expect(page.locator('[data-count-for="pending"]')).to_have_text("0")
    # Five approved here, the staff reply, Grace's and Ada's earlier comment.
    expect(page.locator('[data-count-for="approved"]')).to_have_text("8")
    assert page.evaluate("window.stillTheSamePage") is True  # no page load
    assert [c for c in console if "Content Security Policy" in c] == []

    expected = {
        "Ada": "approved",
        "Ben": "spam",
        "Cleo": "trash",
        "Dev": "approved",
        "Eli": "approved",
        "Fay": "trash",
        "Gus": "approved",
        "Hana": "spam",
        "Ivo": "trash",
        "Jo": "approved",
    }
    for name, comment in comments.items():
        comment.refresh_from_db()
        assert comment.status == expected[name], name
        assert LogEntry.objects.filter(object_id=str(comment.pk), user=moderator).exists()
        assert StatusChange.objects.filter(comment=comment, changed_by=moderator).exists()
    reply = Comment.objects.get(parent=comments["Dev"], user=moderator)
    assert reply.status == "approved"

    page.goto("/admin/")  # Recent actions: the latest decisions, newest first
    recent = page.locator("#recent-actions-module")
    for name in ["Jo", "Ivo", "Hana", "Gus", "Fay"]:
        expect(recent).to_contain_text(str(comments[name]))
    page.goto(f"/admin/comments/statuschange/?changed_by__id__exact={moderator.pk}")
    for name in NAMES:
        expect(page.locator("#result_list")).to_contain_text(name)
    page.goto(f"/admin/comments/comment/{comments['Fay'].pk}/change/")
    log = page.locator(".inline-group")
    expect(log).to_contain_text("Undone")
    expect(log).to_contain_text("Trash")
