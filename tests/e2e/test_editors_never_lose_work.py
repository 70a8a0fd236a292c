"""Two editors on one article, and an editor leaving a changed form: nobody loses what they
typed (articles/editing)."""

from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.models import Article
from byline import roles
from tests.conftest import make_staff
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import DESKTOP, screenshot
from tests.factories import make_article, make_category


def named_editor(username: str, first: str, last: str) -> User:
    return make_staff(username, roles.EDITORS, first_name=first, last_name=last)


def open_as(browser, live_server, console, user: User, article: Article):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    log_in(tab, user.username)
    tab.goto(f"/admin/articles/article/{article.pk}/change/")
    return tab


def test_two_editors_conflict_and_neither_loses_text(browser, live_server, console) -> None:
    ann, bob = named_editor("ann", "Ann", "Lee"), named_editor("bob", "Bob", "Marsh")
    article = make_article(
        author=ann,
        title="Reading your payslip",
        summary="What each line means.",
        body="<p>Your payslip has three parts.</p><p>Gross pay comes first.</p>",
    )
    ann_tab = open_as(browser, live_server, console, ann, article)
    bob_tab = open_as(browser, live_server, console, bob, article)
    expect(bob_tab.locator(".presence-notice")).to_contain_text("Ann Lee has this article open")

    ann_tab.get_by_label("Summary:", exact=True).fill("What each line of your payslip means.")
    ann_tab.get_by_role("button", name="Save and continue editing").click()
    expect(ann_tab.locator(".messagelist .success")).to_have_count(1)

    bob_tab.get_by_label("Title:", exact=True).fill("How to read your payslip")
    bob_tab.locator(".ProseMirror[contenteditable=true] p").last.click()
    bob_tab.keyboard.press("End")
    bob_tab.keyboard.type(" Then come the deductions.")
    bob_tab.get_by_role("button", name="Save and continue editing").click()

    expect(bob_tab.locator(".errornote")).to_be_visible()
    expect(bob_tab.locator(".errorlist")).to_contain_text(
        "Ann Lee saved this article at", use_inner_text=True
    )
    conflict = bob_tab.locator(".edit-conflict")
    expect(conflict).to_contain_text("What Ann Lee changed")
    expect(conflict.locator("h2")).to_contain_text("Ann Lee saved this article at")
    expect(conflict.locator("ins")).to_contain_text("What each line of your payslip means.")
    # Everything Bob typed is still in his form.
    expect(bob_tab.get_by_label("Title:", exact=True)).to_have_value("How to read your payslip")
    expect(bob_tab.locator(".ProseMirror[contenteditable=true]")).to_contain_text(
        "Then come the deductions."
    )
    screenshot(bob_tab, "edit-conflict")
    stored = Article.objects.get(pk=article.pk)
    assert stored.summary == "What each line of your payslip means."
    assert stored.title == "Reading your payslip"

    # Bob takes Ann's summary into his form and saves: both changes are kept.
    bob_tab.get_by_label("Summary:", exact=True).fill("What each line of your payslip means.")
    bob_tab.get_by_role("button", name="Save and continue editing").click()
    expect(bob_tab.locator(".messagelist .success")).to_have_count(1)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "How to read your payslip"
    assert stored.summary == "What each line of your payslip means."
    assert "Then come the deductions." in stored.body
    assert not console.csp_violations()


def test_leaving_a_changed_form_asks_first(page, editor, console) -> None:
    money = make_category(name="Money", slug="money")
    other = make_article(
        title="Saving for a rainy day", category=money, body="<p>Start small savings.</p>"
    )
    article = make_article(
        author=editor, title="Savings", category=money, body="<p>Start small savings.</p>"
    )
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")

    # Unchanged: links just work.
    page.locator(".breadcrumbs a[href='/admin/articles/article/']").click()
    expect(page.locator("#changelist")).to_be_visible()
    page.go_back()
    page.wait_for_load_state("load")

    page.locator(".ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Then keep going.")
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", stay)
    page.locator(".breadcrumbs a[href='/admin/articles/article/']").click()
    assert asked and "unsaved changes" in asked[0]
    expect(page.locator(".ProseMirror[contenteditable=true]")).to_contain_text("Then keep going.")
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")

    # The suggestion panel's one-click add posts elsewhere: it asks too.
    page.once("dialog", stay)
    page.get_by_role("button", name="Add as related link").first.click()
    assert len(asked) == 2
    assert not article.related_links.filter(target=other).exists()

    # Closing the tab (or the back button) asks through the browser's own prompt.
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert "beforeunload" in asked
    assert not console.csp_violations()
