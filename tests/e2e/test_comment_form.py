"""The comment form as every reader meets it: errors tied to fields, replies by keyboard."""

from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations
from tests.factories import make_comment


def test_comment_form_with_errors_is_accessible(page, two_linked_articles) -> None:
    source, _target = two_linked_articles
    page.goto(source.get_absolute_url())
    page.locator("#commentform").evaluate("form => form.noValidate = true")  # server-side errors
    page.get_by_role("textbox", name="Email", exact=True).fill("not an address")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#comment-notice")).to_be_focused()
    expect(page.get_by_text("Please give your name.", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Name: Please give your name.")).to_be_visible()
    assert axe_violations(page) == []
    # Each error is tied to its field, so a screen reader announces it with the field.
    name = page.get_by_role("textbox", name="Name", exact=True)
    described_by = name.get_attribute("aria-describedby") or ""
    assert any(
        "Please give your name." in page.locator(f"#{ident}").inner_text()
        for ident in described_by.split()
    )


def test_reply_link_is_usable_by_keyboard(page, two_linked_articles) -> None:
    source, _target = two_linked_articles
    parent = make_comment(article=source, author_name="Grace", text="Lovely and clear.")
    page.goto(source.get_absolute_url())
    reply = page.get_by_role("link", name="Reply to Grace")
    reply.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Grace")
    expect(page.locator("input[name=parent]")).to_have_value(str(parent.pk))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#respond') !== null")
    assert focused
