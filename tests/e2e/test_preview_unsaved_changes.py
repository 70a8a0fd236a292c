"""An editor previews what they typed without saving it, at phone and desktop widths
(articles/editing/preview.py)."""

from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import PHONE, SCREENSHOTS, axe_violations
from tests.factories import make_article, make_category


def test_preview_shows_typed_changes_in_a_new_tab_at_phone_and_desktop_widths(
    page, editor, console
) -> None:
    money = make_category(name="Money", slug="money")
    article = make_article(
        author=editor,
        title="Reading your payslip",
        category=money,
        body="<p>Your payslip has three parts.</p>",
    )
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")
    page.get_by_label("Title:", exact=True).fill("How to read your payslip")
    page.locator(".ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Gross pay comes first.")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))

    page.context.on(
        "page", lambda tab: tab.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    )
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview").first.click()
    preview = new_tab.value
    preview.wait_for_load_state("load")
    frame = preview.frame_locator("iframe.preview-frame")
    expect(frame.locator("h1")).to_have_text("How to read your payslip")
    expect(frame.locator(".article__body")).to_contain_text(
        "Your payslip has three parts. Gross pay comes first."
    )
    expect(frame.locator(".preview-banner")).to_contain_text("Preview of unsaved changes.")
    # Not its own "next article": the form's time is to the second, the stored one finer.
    expect(frame.get_by_role("link", name="Reading your payslip")).to_have_count(0)
    iframe = preview.locator("iframe.preview-frame")
    assert axe_violations(preview) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # Desktop: the article page at the window's width, with its desktop layout.
    assert iframe.bounding_box()["width"] == preview.viewport_size["width"]
    preview.screenshot(path=str(SCREENSHOTS / "preview-unsaved-desktop.png"))

    # Phone: the frame narrows to a phone's width and the page lays itself out for it.
    preview.get_by_label("Phone (390 px)").check()
    expect(iframe).to_have_js_property("clientWidth", PHONE["width"])
    inner_width = frame.locator("html").evaluate(
        "node => node.ownerDocument.defaultView.innerWidth"
    )
    scroll_width = frame.locator("html").evaluate("node => node.scrollWidth")
    assert inner_width == PHONE["width"] and scroll_width <= inner_width  # no sideways scroll
    preview.screenshot(path=str(SCREENSHOTS / "preview-unsaved-phone-in-desktop-window.png"))

    # On a phone itself the bar wraps and the frame keeps the whole width.
    preview.set_viewport_size(PHONE)
    preview.get_by_label("Desktop").check()
    expect(iframe).to_have_js_property("clientWidth", PHONE["width"])
    preview.screenshot(path=str(SCREENSHOTS / "preview-unsaved-phone.png"))

    # Nothing was saved, the form still holds the typing, and the form did not ask to leave.
    assert Article.objects.get(pk=article.pk).title == "Reading your payslip"
    expect(page.get_by_label("Title:", exact=True)).to_have_value("How to read your payslip")
    assert not asked
    assert not console.csp_violations()
