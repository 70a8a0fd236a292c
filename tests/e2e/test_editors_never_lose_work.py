"""Two editors on one article, an editor leaving a changed form or closing the tab, and an
older revision brought back: nobody loses what they typed (articles/editing)."""

import time

from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.editing.models import Autosave, Revision
from articles.links.models import RelatedLink
from articles.models import Article
from byline import roles
from tests.conftest import make_staff
from tests.e2e.admin_actions import log_in, put_cursor_in
from tests.e2e.conftest import DESKTOP, screenshot
from tests.factories import make_article, make_category, make_related_link


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
    ann_tab.get_by_role("button", name="Update", exact=True).click()
    expect(ann_tab.locator(".messagelist .success")).to_have_count(1)

    bob_tab.get_by_label("Title:", exact=True).fill("How to read your payslip")
    bob_tab.locator(".ProseMirror[contenteditable=true] p").last.click()
    bob_tab.keyboard.press("End")
    bob_tab.keyboard.type(" Then come the deductions.")
    bob_tab.get_by_role("button", name="Update", exact=True).click()

    # Said once, in the conflict panel (not again as "Please correct the error below").
    expect(bob_tab.locator(".errornote")).to_have_count(0)
    expect(bob_tab.get_by_text("Ann Lee saved this article at")).to_have_count(1)
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
    bob_tab.get_by_role("button", name="Update", exact=True).click()
    expect(bob_tab.locator(".messagelist .success")).to_have_count(1)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "How to read your payslip"
    assert stored.summary == "What each line of your payslip means."
    assert "Then come the deductions." in stored.body
    assert not console.csp_violations()


def open_article_with_a_suggestion(page, editor) -> tuple[Article, Article]:
    """The editor's article open in the form, with another of its category suggested."""
    money = make_category(name="Money", slug="money")
    other = make_article(
        title="Saving for a rainy day", category=money, body="<p>Start small savings.</p>"
    )
    article = make_article(
        author=editor, title="Savings", category=money, body="<p>Start small savings.</p>"
    )
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    return article, other


def test_leaving_a_changed_form_asks_first(page, editor, console) -> None:
    article, other = open_article_with_a_suggestion(page, editor)
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

    # A suggestion's "Add as related link" joins the form, unsaved like the rest: nothing to ask.
    page.once("dialog", stay)
    page.get_by_role("button", name="Add as related link").first.click()
    added = page.locator("#related_links-group tr.form-row:not(.empty-form) [name$='-target']")
    expect(added.locator("option:checked")).to_have_text(other.title)
    assert len(asked) == 1
    assert not article.related_links.filter(target=other).exists()
    expect(page.locator(".ProseMirror[contenteditable=true]")).to_contain_text("Then keep going.")

    # Closing the tab (or the back button) asks through the browser's own prompt.
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert "beforeunload" in asked
    assert not console.csp_violations()


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.1)


def test_a_closed_tabs_changes_come_back_from_autosave(page, editor, console) -> None:
    article = make_article(
        author=editor, title="Reading your payslip", body="<p>Your payslip has three parts.</p>"
    )
    log_in(page, editor.username)
    url = f"/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.wait_for_load_state("load")
    page.get_by_label("Title:", exact=True).fill("How to read your payslip")
    page.locator(".ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Gross pay comes first.")

    context = page.context
    page.close()  # no prompt: the tab just goes, as after a crash or a slip of the hand
    wait_for(lambda: Autosave.objects.filter(article=article, user=editor).exists())
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Reading your payslip"  # an autosave is not a save

    tab = context.new_page()
    tab.goto(url)
    tab.get_by_role("link", name="Restore the unsaved changes from").click()
    expect(tab.locator(".autosave-notice")).to_contain_text("are back in the form below")
    expect(tab.get_by_label("Title:", exact=True)).to_have_value("How to read your payslip")
    expect(tab.locator(".ProseMirror[contenteditable=true]")).to_contain_text(
        "Your payslip has three parts. Gross pay comes first."
    )
    assert Article.objects.get(pk=article.pk).title == "Reading your payslip"
    screenshot(tab, "autosave-restored")

    tab.get_by_role("button", name="Update", exact=True).click()
    expect(tab.locator(".messagelist .success")).to_have_count(1)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "How to read your payslip"
    assert "Gross pay comes first." in stored.body
    assert not Autosave.objects.exists()
    expect(tab.get_by_role("link", name="Restore the unsaved changes from")).to_have_count(0)
    assert not console.csp_violations()


FAQ = (
    '<details class="faq"><summary>What is gross pay?</summary>'
    "<p>Pay before deductions.</p></details>"
)


def test_a_revision_is_compared_and_restored_with_its_faq_and_related_links(
    page, editor, console
) -> None:
    money = make_category(name="Money", slug="money")
    target = make_article(title="Tax codes, explained", category=money)
    article = make_article(
        author=editor,
        title="Reading your payslip",
        category=money,
        body="<p>Your payslip has three parts.</p><p>Gross pay comes first.</p>" + FAQ,
    )
    make_related_link(source=article, target=target, placement="inline", after_paragraph=1)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")

    # A rewrite that turns the FAQ back into paragraphs and drops the related link.
    page.get_by_label("Title:", exact=True).fill("Payslips in five minutes")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.locator("p", has_text="Gross pay comes first.").click()
    page.keyboard.press("End")
    page.keyboard.type(" Deductions follow.")
    put_cursor_in(page, editor_area.locator(".faq-block__question"), at_start=True)
    page.keyboard.press("Backspace")
    expect(editor_area.locator(".faq-block")).to_have_count(0)
    page.locator("input[name='related_links-0-DELETE']").check()
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert "<details" not in Article.objects.get(pk=article.pk).body

    page.get_by_role("link", name="Revisions").click()
    rows = page.locator(".revisions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Title, Body (+2 −2 paragraphs), Related links")
    expect(rows.last).to_contain_text("As it was before revisions were kept")
    screenshot(page, "revision-list")

    page.get_by_role("button", name="Compare the two chosen revisions").click()
    diff = page.locator(".revision-diff")
    expect(diff.locator("del").first).to_have_text("Reading your payslip")
    expect(diff.locator("ins").first).to_have_text("Payslips in five minutes")
    expect(diff.locator("del")).to_contain_text(["What is gross pay?"])
    expect(diff).to_contain_text("Tax codes, explained (Inline, after a paragraph 1)")
    screenshot(page, "revision-compare")

    page.get_by_role("button", name="Restore the older revision").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Restored the revision of")
    expect(page.get_by_role("button", name="Undo this restore")).to_be_visible()
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Reading your payslip"
    assert "Deductions follow." not in stored.body
    assert stored.body.endswith(FAQ)
    assert [
        (link.target, link.placement, link.after_paragraph)
        for link in RelatedLink.objects.filter(source=article)
    ] == [(target, "inline", 1)]
    assert Revision.objects.filter(article=article).count() == 3  # history kept, one added
    screenshot(page, "revision-list-after-restore")

    # The restore itself is undone the same way.
    page.get_by_role("button", name="Undo this restore").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Restored the revision of")
    assert Article.objects.get(pk=article.pk).title == "Payslips in five minutes"
    assert not console.csp_violations()


def test_a_suggestion_added_then_taken_out_of_the_form_can_be_added_again(
    page, editor, console
) -> None:
    _article, other = open_article_with_a_suggestion(page, editor)
    suggestions = page.locator(".link-suggestions")
    suggestions.get_by_role("button", name="Add as related link").first.click()
    rows = page.locator("#related_links-group tr.form-row:not(.empty-form)")
    expect(rows.locator("[name$='-target'] option:checked")).to_have_text(other.title)
    expect(suggestions).to_contain_text("Added to the related links")

    # The editor thinks better of it: the row goes, and the suggestion says so and offers it again.
    rows.last.locator(".inline-deletelink").click()
    expect(rows).to_have_count(0)
    expect(suggestions).not_to_contain_text("Added to the related links")
    again = suggestions.get_by_role("button", name="Add as related link").first
    again.click()
    expect(rows.locator("[name$='-target'] option:checked")).to_have_text(other.title)
    assert not [line for line in console if line.startswith("pageerror")]


def test_a_suggestion_already_picked_by_hand_is_not_added_twice(page, editor, console) -> None:
    _article, other = open_article_with_a_suggestion(page, editor)
    page.get_by_role("button", name="Add another related link").click()
    rows = page.locator("#related_links-group tr.form-row:not(.empty-form)")
    rows.first.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("rainy")
    page.locator(".select2-results__option", has_text=other.title).click()

    suggestions = page.locator(".link-suggestions")
    suggestions.get_by_role("button", name="Add as related link").first.click()
    # One row, the one picked: a second for the same article would be refused on save.
    expect(rows).to_have_count(1)
    expect(suggestions.get_by_role("status")).to_have_text(
        f"“{other.title}” is already in the related links."
    )
    expect(rows.first.locator("[name$='-after_paragraph']")).to_be_focused()
    assert not [line for line in console if line.startswith("pageerror")]
