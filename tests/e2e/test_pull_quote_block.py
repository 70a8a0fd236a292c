"""An editor adds a pull quote with its name and role from the toolbar, edits it again from the
keyboard, and readers see it attributed; the dialog is keyboard-friendly and passes axe."""

from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_actions import log_in, start_article
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_category


def test_editor_inserts_a_pull_quote_with_name_and_role(page, console, editor) -> None:
    make_category(name="Health", slug="health")
    log_in(page, editor.username)
    start_article(page, "Water at home", "Keeping it clean.", "Health")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    # A click after the end of the last line (a click on the middle of the body, then Ctrl+End,
    # sometimes left the caret where the click was: ProseMirror settles a click's position a
    # moment later).
    last_line = editor_area.locator("p").last
    last_line.click(position={"x": last_line.bounding_box()["width"] - 4, "y": 4})
    page.keyboard.press("End")
    # Enter at the end of the em-dash quote start_article typed makes it a block (own test below).
    page.keyboard.press("Enter")
    page.keyboard.type("Boil it when told to.")

    button = page.get_by_role("button", name="Pull quote (quote, name and role)")
    button.click()
    dialog = page.get_by_role("dialog", name="Insert a pull quote")
    expect(dialog.get_by_label("Quote")).to_be_focused()
    assert axe_violations(page, within="dialog.chooser") == []
    # Escape closes it without inserting anything, and focus goes back.
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(editor_area.locator("figure.pull-quote")).to_have_count(1)

    button.click()
    dialog = page.get_by_role("dialog", name="Insert a pull quote")
    dialog.get_by_label("Quote").fill("Clean water saves more lives than any drug.")
    dialog.get_by_label("Attribution: role").fill("community health lead")
    dialog.get_by_role("button", name="Insert pull quote").click()
    # A role without a name is refused, not dropped.
    expect(dialog.get_by_role("alert")).to_contain_text("Add the name this role belongs to")
    expect(dialog.get_by_label("Attribution: name")).to_be_focused()
    page.keyboard.type("Dr Amina Okafor")
    screenshot(page, "pull-quote-dialog")
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    quote = editor_area.locator("figure.pull-quote").last
    expect(quote).to_contain_text("— Dr Amina Okafor, community health lead")

    # Selected (a click), Enter opens it again with its fields filled; the change replaces it.
    quote.locator("blockquote").click()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Edit the pull quote")
    expect(dialog.get_by_label("Attribution: name")).to_have_value("Dr Amina Okafor")
    dialog.get_by_label("Quote").fill("Clean water saves more lives than any medicine.")
    dialog.get_by_role("button", name="Update pull quote").click()
    expect(dialog).to_have_count(0)
    expect(editor_area.locator("figure.pull-quote")).to_have_count(2)
    expect(quote).to_contain_text("any medicine.")
    screenshot(page, "pull-quote-editor")

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    article = Article.objects.get(title="Water at home")
    assert article.body.endswith(
        '<figure class="pull-quote"><blockquote><p>Clean water saves more lives than any '
        "medicine.</p></blockquote><figcaption><cite>Dr Amina Okafor</cite>, community "
        "health lead</figcaption></figure>"
    )
    page.goto(article.get_absolute_url())
    # The quote start_article typed, and the block from the toolbar: both read the same way.
    old, figure = page.locator(".article__body figure.pull-quote").all()
    expect(old.locator("figcaption")).to_have_text("says Dr Amina Okafor, community health lead")
    expect(figure.locator("blockquote")).to_have_text(
        "Clean water saves more lives than any medicine."
    )
    expect(figure.locator("figcaption")).to_have_text("says Dr Amina Okafor, community health lead")
    expect(figure.locator("cite")).to_have_text("Dr Amina Okafor")
    assert console.csp_violations() == []
    assert not [line for line in console if line.startswith("pageerror")]


def test_a_quote_typed_with_its_attribution_line_becomes_the_block(page, console, editor) -> None:
    make_category(name="Health", slug="health")
    log_in(page, editor.username)
    # start_article types "> Clean water saves…", Enter, "— Dr Amina Okafor, community health
    # lead", and leaves the caret at the end of that line.
    start_article(page, "Water at home", "Keeping it clean.", "Health")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    expect(editor_area.locator("blockquote")).to_have_count(1)
    expect(editor_area.locator("figure.pull-quote")).to_have_count(0)
    last_line = editor_area.locator("blockquote p").last
    last_line.click(position={"x": last_line.bounding_box()["width"] - 4, "y": 4})
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    quote = editor_area.locator("figure.pull-quote")
    expect(quote.locator("figcaption")).to_have_text("— Dr Amina Okafor, community health lead")
    expect(editor_area.locator("blockquote:not(figure blockquote)")).to_have_count(0)
    # Writing goes on below the block.
    page.keyboard.type("Boil it when told to.")
    expect(editor_area.locator("figure.pull-quote + p")).to_have_text("Boil it when told to.")

    # A quote with emphasis in it stays a quote (the block's fields hold plain text only): Enter
    # starts its next line as usual.
    page.keyboard.press("Enter")
    page.keyboard.type("> Wash your ")
    page.keyboard.press("Control+i")
    page.keyboard.type("hands")
    page.keyboard.press("Control+i")
    page.keyboard.press("Enter")
    page.keyboard.type("— Nurse Jo, clinic")
    page.keyboard.press("Enter")
    expect(editor_area.locator("figure.pull-quote")).to_have_count(1)
    expect(editor_area.locator("blockquote em")).to_have_text("hands")
    expect(editor_area.locator("blockquote:not(figure blockquote) p")).to_have_count(3)
    page.keyboard.press("Backspace")

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    article = Article.objects.get(title="Water at home")
    assert (
        '<figure class="pull-quote"><blockquote><p>Clean water saves more lives than any drug we '
        "stock.</p></blockquote><figcaption><cite>Dr Amina Okafor</cite>, community health lead"
        "</figcaption></figure><p>Boil it when told to.</p>"
    ) in article.body
    # Readers see both as pull quotes, as before.
    page.goto(article.get_absolute_url())
    expect(page.locator(".article__body figure.pull-quote figcaption")).to_have_text(
        ["says Dr Amina Okafor, community health lead", "says Nurse Jo, clinic"]
    )
    assert not [line for line in console if line.startswith("pageerror")]


def test_a_quote_that_goes_on_after_a_dash_line_stays_a_quote_once_undone(
    page, console, editor
) -> None:
    # Dialogue is written with dashes in many languages: Enter after "– No." turns the quote into
    # a pull quote by "No."; Ctrl+Z takes that back, and the next Enter starts the next line.
    log_in(page, editor.username)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill("At the well")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.click()
    page.keyboard.type("> – Are you coming?")
    page.keyboard.press("Enter")
    page.keyboard.type("– No.")
    page.keyboard.press("Enter")
    expect(editor_area.locator("figure.pull-quote")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(editor_area.locator("figure.pull-quote")).to_have_count(0)
    page.keyboard.press("Enter")
    page.keyboard.type("She went back to the well alone.")
    expect(editor_area.locator("figure.pull-quote")).to_have_count(0)
    expect(editor_area.locator("blockquote p")).to_have_text(
        ["– Are you coming?", "– No.", "She went back to the well alone."]
    )
    assert not [line for line in console if line.startswith("pageerror")]
