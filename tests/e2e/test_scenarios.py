"""The issue's scenarios, acted out in Chromium as a reader, a moderator and an editor would."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import RelatedLink
from comments.models import Comment
from tests.e2e.conftest import DESKTOP, axe_violations
from tests.factories import make_article, make_category, make_comment, make_related_link


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


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_reader_follows_an_inline_link_and_comments(page, console, two_linked_articles) -> None:
    _source, target = two_linked_articles
    page.goto("/")
    page.get_by_role("link", name="Why the sky is blue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why the sky is blue")
    expect(page.get_by_text("Air molecules scatter blue light")).to_be_visible()

    related = page.get_by_role("complementary", name="Related article").get_by_role("link")
    expect(related).to_have_text("Rainbows: the same sunlight, split by raindrops")
    related.click()
    expect(page).to_have_url(re.compile(r"/articles/how-rainbows-form/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How rainbows form")

    page.wait_for_timeout(3_100)  # reading: a form sent within seconds of loading is spam
    page.get_by_role("textbox", name="Comment", exact=True).fill(
        "So that is why the angle never changes. Thank you!"
    )
    page.get_by_role("textbox", name="Name", exact=True).fill("Rosalind")
    page.get_by_role("textbox", name="Email", exact=True).fill("rosalind@example.org")
    page.get_by_role("button", name="Post Comment").click()

    comment = Comment.objects.get()
    assert (comment.article, comment.status) == (target, Comment.Status.PENDING)
    expect(page).to_have_url(re.compile(rf"/articles/how-rainbows-form/#comment-{comment.pk}$"))
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine).to_contain_text("So that is why the angle never changes.")
    expect(mine).to_contain_text("Your comment is awaiting moderation.")
    assert console.csp_violations() == []


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
    admin.get_by_role("link", name=re.compile("So that is why")).click()
    admin.get_by_role("button", name="Approve").click()
    expect(admin.locator(".messagelist")).to_be_visible()
    staff.close()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    page.reload()
    published = page.locator(f"#comment-{comment.pk}")
    expect(published).to_contain_text("So that is why the angle never changes.")
    expect(published).not_to_contain_text("awaiting moderation")
    expect(page.get_by_role("heading", name=re.compile("One comment on"))).to_be_visible()


def test_comment_form_with_errors_is_accessible(page, two_linked_articles) -> None:
    source, _target = two_linked_articles
    page.goto(source.get_absolute_url())
    page.locator("#commentform").evaluate("form => form.noValidate = true")  # server-side errors
    page.get_by_role("textbox", name="Email", exact=True).fill("not an address")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Please give your name.")).to_be_visible()
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
