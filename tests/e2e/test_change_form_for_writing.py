"""The article change form is laid out for writing: the action bar and the editor's toolbar
stay in view, the side column shares a draft without losing what is typed, the keyboard
reaches everything, and axe finds nothing on the add and change pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import richtext
from articles.models import ShareLink
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories import make_article, make_category, make_tag

#: A body long enough to scroll through for a while (about 40 screens' worth of lines at 390 px).
LONG_BODY = "".join(
    f"<h2>Part {n}</h2>"
    + f"<p>Paragraph {n} of a long explainer, with enough words in it. </p>" * 4
    for n in range(1, 13)
)


def in_view(page, selector: str) -> bool:
    """Whether the element is wholly inside the window (not scrolled away, not cut off)."""
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight + 0.5
                && box.left >= 0 && box.right <= window.innerWidth + 0.5;
        }""",
        selector,
    )


def long_draft(editor):
    return make_article(
        title="Reading your payslip",
        body=LONG_BODY,
        status="draft",
        published_at=None,
        author=editor,
        category=make_category(name="Money", slug="money"),
        tags=[make_tag(name="Work", slug="work")],
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_action_bar_and_the_editors_toolbar_stay_in_view_down_a_long_body(
    page, editor, size
) -> None:
    article = long_draft(editor)
    page.set_viewport_size(size)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator(".ProseMirror[contenteditable=true]")
    expect(body).to_contain_text("Paragraph 12")
    # Down into the body, then to its last paragraph, as a writer scrolls while reading it over.
    for paragraph in ("Paragraph 6", "Paragraph 12"):
        body.get_by_text(paragraph).first.scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(100)
        assert page.evaluate("window.scrollY") > 1000
        assert in_view(page, ".action-bar"), f"the action bar scrolled away at {paragraph}"
        assert in_view(page, ".prose-menubar"), f"the toolbar scrolled away at {paragraph}"
        bar = page.locator(".action-bar").bounding_box()
        toolbar = page.locator(".prose-menubar").bounding_box()
        # One never covers the other: the toolbar sits under the bar (on phones the bar is below).
        assert (
            toolbar["y"] >= bar["y"] + bar["height"] - 1
            or bar["y"] >= toolbar["y"] + toolbar["height"] - 1
        )
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_be_visible()
    if size == PHONE:
        assert bar["y"] + bar["height"] == pytest.approx(PHONE["height"], abs=1)  # at the bottom
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, f"the form scrolls sideways at {size['width']} px"


def test_a_share_link_is_made_copied_and_revoked_in_the_form_keeping_what_is_typed(
    page, editor, browser, live_server
) -> None:
    article = long_draft(editor)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    title = page.get_by_label("Title:", exact=True)
    title.fill("Reading your payslip, line by line")  # typed, not saved

    panel = page.locator("#share-panel")
    # One click makes the link and copies it; Copy copies it again.
    panel.get_by_role("button", name="Create a share link and copy it").click()
    address = panel.get_by_role("textbox")
    expect(panel.locator(".share-status")).to_contain_text("Share link created")
    expect(panel.locator(".share-status")).to_contain_text("Copied to the clipboard")
    url = address.input_value()
    assert url == f"{live_server.url}{ShareLink.objects.get().get_absolute_url()}"
    assert page.evaluate("navigator.clipboard.readText()") == url
    page.evaluate("navigator.clipboard.writeText('something else')")
    copy = panel.get_by_role("button", name="Copy", exact=True)
    expect(copy).to_be_focused()
    copy.click()
    expect(panel.get_by_role("status")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == url
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the long address pushes the form sideways"
    expect(title).to_have_value("Reading your payslip, line by line")

    reader = browser.new_page()  # no session: an anonymous reader with the link
    assert reader.goto(url).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text("Reading your payslip")

    panel.get_by_role("button", name="Revoke").click()
    expect(panel.get_by_role("status")).to_contain_text("Share link revoked")
    expect(panel.get_by_role("textbox")).to_have_count(0)
    expect(panel.get_by_role("button", name="Create a share link")).to_be_focused()
    assert reader.goto(url).status == 410
    reader.close()

    # The typed title is still there, and saving it now keeps it.
    expect(title).to_have_value("Reading your payslip, line by line")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.title == "Reading your payslip, line by line"


def tab_to(page, predicate: str, limit: int = 200) -> list[str]:
    """Press Tab until the focused element matches ``predicate`` (JS, given ``el``); the path."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        described = page.evaluate(
            "() => { const el = document.activeElement;"
            " return (el.name || el.id || el.textContent.trim().slice(0, 30)); }"
        )
        path.append(described)
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate}; }}"):
            return path
    raise AssertionError(f"never reached {predicate}: {path}")


def test_the_keyboard_reaches_the_action_bar_then_the_writing_then_the_side_column(
    page, editor
) -> None:
    article = long_draft(editor)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#content h1").click()  # start from the page, as after opening it

    before_bar = tab_to(page, "el.closest('.action-bar') !== null")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save draft"
    assert "id_title" not in before_bar  # the bar comes first in the form
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no focus ring"

    to_title = tab_to(page, "el.id === 'id_title'")
    assert to_title == ["_continue", "_preview", "More", "title"]  # Publish, Preview, More
    page.keyboard.press("Enter")  # Enter in a field saves a draft, never publishes
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert not article.is_live

    page.locator("#id_title").focus()
    to_side = tab_to(page, "el.closest('.form-column-side') !== null", limit=400)
    assert page.evaluate("document.activeElement.name") == "status"
    assert "body" in " ".join(to_side) or len(to_side) > 5  # through the writing first
    tab_to(page, "el.classList.contains('share-create')", limit=100)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_axe_finds_nothing_on_the_add_and_change_pages_at_both_widths(page, editor) -> None:
    article = long_draft(editor)
    make_article(title="Tax codes, explained")
    log_in(page, editor.username)
    found = []
    for name, url in (
        ("add", "/admin/articles/article/add/"),
        ("change", f"/admin/articles/article/{article.pk}/change/"),
    ):
        page.goto(url)
        expect(page.locator(".ProseMirror[contenteditable=true]")).to_be_visible()
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            found += [f"{name} at {size['width']}: {v}" for v in axe_violations(page)]
        screenshot(page, f"form-{name}")
    assert found == []


def test_a_share_link_asked_for_after_the_session_ran_out_changes_nothing(page, editor) -> None:
    article = long_draft(editor)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    csrf = [cookie for cookie in page.context.cookies() if cookie["name"] == "csrftoken"]
    page.context.clear_cookies()  # signed out meanwhile (the form's token stays valid)
    page.context.add_cookies(csrf)
    panel = page.locator("#share-panel")
    panel.get_by_role("button", name="Create a share link").click()
    expect(panel.get_by_role("status")).to_contain_text("That did not work")
    expect(panel.get_by_role("button", name="Create a share link")).to_be_enabled()
    assert "null" not in panel.inner_text()
    assert not ShareLink.objects.exists()


def test_publish_says_schedule_while_the_publication_time_is_in_the_future(page, editor) -> None:
    article = long_draft(editor)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    publish = page.locator(".action-bar button[value=publish]")
    expect(publish).to_have_text("Publish")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.locator("#id_published_at_0").fill(tomorrow.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill("09:30:00")
    expect(publish).to_have_text("Schedule")
    # The admin's "Today" and "Now" links fill the fields without an input event.
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()
    page.locator(".datetimeshortcuts a", has_text="Now").first.click()
    expect(publish).to_have_text("Publish")
    page.locator("#id_published_at_0").fill(tomorrow.strftime("%Y-%m-%d"))
    publish.click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    expect(page.locator(".action-bar-state")).to_contain_text("Scheduled for")
    article.refresh_from_db()
    assert not article.is_live
    assert timezone.localtime(article.published_at).date() == tomorrow.date()


def test_the_live_word_count_keeps_marked_letters_in_their_words(page, editor) -> None:
    # Hindi vowel signs, Arabic and Hebrew points, an accent typed apart: each word counted once,
    # in the browser as on the page (split() had it right; letters-only regexes cut words up).
    body = (
        "<p>नमस्ते दुनिया</p><p>مَرْحَبًا بِكُمْ</p><p>שָׁלוֹם עֲלֵיכֶם</p>"
        "<p>Re\u0301sume\u0301 of a cafe\u0301</p>"
    )
    article = make_article(
        title="Greetings", body=body, status="draft", published_at=None, author=editor
    )
    assert richtext.render(article.body).word_count == 10
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#id_body_words")).to_have_text("10 words · 1 minute to read")


def test_the_live_word_count_ends_words_where_the_page_does(page, editor) -> None:
    # An image between two words, a question and its answer, emphasis inside a word.
    body = (
        '<p>Tap<img src="/static/favicon.png" alt="">water is <em>un</em>beatable</p>'
        '<details class="faq"><summary>Safe?</summary><p>Yes.</p></details>'
    )
    article = make_article(
        title="Taps", body=body, status="draft", published_at=None, author=editor
    )
    assert richtext.render(article.body).word_count == 6
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#id_body_words")).to_have_text("6 words · 1 minute to read")


def test_a_share_link_made_without_clipboard_access_says_it_was_made(page, editor) -> None:
    article = long_draft(editor)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    # No clipboard for this page: writing to it is refused, and so is the fallback's copy.
    page.evaluate(
        """() => {
            Object.defineProperty(navigator, "clipboard", {value: {writeText: () =>
                Promise.reject(new Error("denied"))}});
            document.execCommand = () => { throw new Error("denied"); };
        }"""
    )
    panel = page.locator("#share-panel")
    panel.get_by_role("button", name="Create a share link and copy it").click()
    status = panel.locator(".share-status")
    expect(status).to_contain_text("Share link created")
    expect(status).to_contain_text("Copy it with its Copy button")
    expect(panel.get_by_role("textbox")).to_have_value(
        re.compile(re.escape(ShareLink.objects.get(article=article).get_absolute_url()) + "$")
    )
