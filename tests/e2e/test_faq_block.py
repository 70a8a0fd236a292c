"""An editor writes questions and answers in the body itself, puts them in order by dragging and
from the keyboard, and readers see them where they were written, as collapsible questions."""

import re

from playwright.sync_api import Locator, Page, expect

from articles.models import Article
from tests.e2e.admin_actions import choose_autocomplete, log_in, put_cursor_in, start_article
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_category


def questions(editor_area: Locator) -> Locator:
    return editor_area.locator(".faq-block .faq-block__question")


def drag_below(page: Page, handle: Locator, target: Locator) -> None:
    """Press on ``handle``, move the pointer onto ``target``'s lower part, let go."""
    box = handle.bounding_box()
    to = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(to["x"] + to["width"] / 2, to["y"] + to["height"] - 4, steps=8)
    page.mouse.up()


def test_editor_writes_faqs_in_the_body_and_orders_them(page, console, editor) -> None:
    make_category(name="Health", slug="health")
    log_in(page, editor.username)
    start_article(page, "Water at home", "Keeping it clean.", "Health")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    last_line = editor_area.locator("p").last
    last_line.click(position={"x": last_line.bounding_box()["width"] - 4, "y": 4})
    page.keyboard.press("End")
    page.keyboard.press("Enter")  # the quote start_article typed becomes the pull quote block

    # "?? " starts a question; Enter goes to the answer; Enter on an empty line leaves the block.
    for line in [
        "?? Is a jug filter worth it?",
        "For taste, yes.",
        "For safety, no.",
        "",
        "?? Is tap water safe to drink?",
        "Yes: it is tested every day.",
        "",
        "Questions end here.",
    ]:
        page.keyboard.type(line)
        page.keyboard.press("Enter")
    expect(questions(editor_area)).to_have_text(
        ["Is a jug filter worth it?", "Is tap water safe to drink?"]
    )
    expect(
        editor_area.locator(".faq-block").first.locator("p:not(.faq-block__question)")
    ).to_have_text(["For taste, yes.", "For safety, no."])
    expect(editor_area.locator("> p", has_text="Questions end here.")).to_have_count(1)

    # From the keyboard: Alt+↑ inside the second question moves it above the first, announced.
    put_cursor_in(page, questions(editor_area).nth(1))
    page.keyboard.press("Alt+ArrowUp")
    expect(questions(editor_area)).to_have_text(
        ["Is tap water safe to drink?", "Is a jug filter worth it?"]
    )
    expect(page.locator("#faq-block-status")).to_contain_text("Moved “Is tap water safe to drink?”")
    # The caret moved with it; the move is a step of its own to undo and redo.
    assert questions(editor_area).first.evaluate("q => q.contains(getSelection().anchorNode)")
    page.keyboard.press("Control+z")
    expect(questions(editor_area).first).to_have_text("Is a jug filter worth it?")
    page.keyboard.press("Control+Shift+z")
    expect(questions(editor_area).first).to_have_text("Is tap water safe to drink?")

    # By dragging its handle below the other one, it goes back.
    blocks = editor_area.locator(".faq-block")
    drag_below(page, blocks.first.locator(".faq-block__handle"), blocks.nth(1))
    expect(questions(editor_area)).to_have_text(
        ["Is a jug filter worth it?", "Is tap water safe to drink?"]
    )

    # Backspace at the start of a question makes it plain paragraphs again, nothing lost; undo
    # brings the block back.
    put_cursor_in(page, questions(editor_area).first, at_start=True)
    page.keyboard.press("Backspace")
    expect(blocks).to_have_count(1)
    expect(editor_area.locator("> p", has_text="Is a jug filter worth it?")).to_have_count(1)
    page.keyboard.press("Control+z")
    expect(blocks).to_have_count(2)

    # The toolbar's button makes the line the cursor is on a question.
    put_cursor_in(page, editor_area.locator("> p", has_text="Questions end here."))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Can I drink from the garden tap?")
    page.get_by_role("button", name="Question and answer (FAQ)").click()
    page.keyboard.type("Not always: it may come from a tank.")
    expect(questions(editor_area)).to_have_count(3)
    expect(questions(editor_area).nth(2)).to_have_text("Can I drink from the garden tap?")
    screenshot(page, "faq-blocks-editor")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    article = Article.objects.get(title="Water at home")
    assert (
        '<details class="faq"><summary>Is a jug filter worth it?</summary><p>For taste, yes.</p>'
        "<p>For safety, no.</p></details>"
        '<details class="faq"><summary>Is tap water safe to drink?</summary>'
        "<p>Yes: it is tested every day.</p></details><p>Questions end here.</p>"
        '<details class="faq"><summary>Can I drink from the garden tap?</summary>'
        "<p>Not always: it may come from a tank.</p></details>"
    ) in article.body, article.body

    # Readers see them in place, closed, and open one with a click.
    page.goto(article.get_absolute_url())
    faqs = page.locator(".article__body details.faq")
    expect(faqs.locator("summary")).to_have_text(
        [
            "Is a jug filter worth it?",
            "Is tap water safe to drink?",
            "Can I drink from the garden tap?",
        ]
    )
    answer = faqs.nth(1).get_by_text("Yes: it is tested every day.")
    expect(answer).to_be_hidden()
    faqs.nth(1).locator("summary").click()
    expect(answer).to_be_visible()
    assert axe_violations(page) == []
    assert not [line for line in console if line.startswith("pageerror")]


def test_faq_blocks_move_by_finger_at_phone_width(page, console, editor) -> None:
    """At 390 px the handle is in reach and dragging it reorders, as with a mouse."""
    make_category(name="Health", slug="health")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, editor.username)
    start_article(page, "Water on the go", "Refills.", "Health")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    put_cursor_in(page, editor_area.locator("p").last)
    page.keyboard.press("Control+End")  # the attribution wraps at this width
    page.keyboard.press("Enter")
    for line in ["?? Where can I refill?", "Cafés with a sticker.", "", "?? Is it free?", "Yes."]:
        page.keyboard.type(line)
        page.keyboard.press("Enter")
    blocks = editor_area.locator(".faq-block")
    handle = blocks.nth(1).locator(".faq-block__handle")
    box = handle.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # a target a finger can hit
    blocks.first.scroll_into_view_if_needed()
    # The second dragged above the first.
    to = blocks.first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(to["x"] + to["width"] / 2, to["y"] + 4, steps=8)
    page.mouse.up()
    expect(questions(editor_area)).to_have_text(["Is it free?", "Where can I refill?"])
    screenshot(page, "faq-blocks-editor-390")
    assert not [line for line in console if line.startswith("pageerror")]


def paste_html(editor_area: Locator, markup: str) -> None:
    """Paste ``markup`` where the caret is, as a copy from another article's editor pastes."""
    editor_area.evaluate(
        """(el, markup) => {
            const data = new DataTransfer()
            data.setData("text/html", markup)
            data.setData("text/plain", "")
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}))
        }""",
        markup,
    )


def test_an_faq_pasted_into_a_list_or_a_quote_lands_after_it_whole(page, console, editor) -> None:
    """An FAQ belongs at the top level of the text (only there does the page keep it one): pasted
    into a list item, a quote or another FAQ's answer, it goes right after that block, whole."""
    make_category(name="Health", slug="health")
    log_in(page, editor.username)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill("Pasted questions")
    page.get_by_label("Summary:", exact=True).fill("From another article.")
    choose_autocomplete(page, "id_category", "Health")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.click()
    copied = '<details class="faq"><summary>Is it {}?</summary><p>Yes, it is.</p></details>'
    paste_html(
        editor_area,
        "<ul><li><p>A list item</p></li></ul><blockquote><p>A quote</p></blockquote>"
        '<details class="faq"><summary>Is it answered?</summary><ul><li><p>In a list</p></li></ul>'
        "</details><p>The end.</p>",
    )
    for where, question in [
        ("li", "listed"),
        ("blockquote p", "quoted"),
        (".faq-block li", "answered twice"),
    ]:
        put_cursor_in(page, editor_area.locator(where).first)
        page.keyboard.press("End")
        paste_html(editor_area, copied.format(question))

    expect(questions(editor_area)).to_have_text(
        ["Is it listed?", "Is it quoted?", "Is it answered?", "Is it answered twice?"]
    )
    expect(editor_area.locator("li .faq-block, blockquote .faq-block")).to_have_count(0)
    expect(editor_area.locator(".faq-block .faq-block")).to_have_count(0)
    # One step to undo, with the paste.
    page.keyboard.press("Control+z")
    expect(questions(editor_area)).to_have_text(
        ["Is it listed?", "Is it quoted?", "Is it answered?"]
    )
    page.keyboard.press("Control+Shift+z")

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    body = Article.objects.get(title="Pasted questions").body
    assert body.count('<details class="faq">') == 4, body
    assert "<ul><li><p>A list item</p></li></ul>" in body, body
    assert not [line for line in console if line.startswith("pageerror")]


def test_backspace_at_the_edges_of_an_faq_joins_text_and_never_makes_a_question(
    page, console, editor
) -> None:
    """Backspace at the start of the paragraph after an FAQ joins it to the answer (it made a
    second FAQ with no question); at the start of the answer it goes up to the question, moving
    no words into it (a link there would have been lost)."""
    log_in(page, editor.username)
    page.goto("/admin/articles/article/add/")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.click()
    paste_html(
        editor_area,
        '<p>Before.</p><details class="faq"><summary>Is it clear?</summary>'
        '<p>See <a href="https://example.com/">the guide</a>.</p></details><p>After.</p>'
        "<p></p><p>Last.</p>",
    )
    put_cursor_in(page, editor_area.locator("> p", has_text="After."), at_start=True)
    page.keyboard.press("Home")
    page.keyboard.press("Backspace")
    expect(editor_area.locator(".faq-block")).to_have_count(1)
    expect(editor_area.locator(".faq-block p:not(.faq-block__question)")).to_have_text(
        ["See the guide.After."]
    )
    page.keyboard.type(" Then")
    expect(editor_area.locator(".faq-block p:not(.faq-block__question)")).to_have_text(
        ["See the guide. ThenAfter."]
    )
    # The empty line after it goes, and the caret is at the end of the answer.
    put_cursor_in(page, editor_area.locator("> p").nth(1))
    page.keyboard.press("Backspace")
    expect(editor_area.locator("> p")).to_have_text(["Before.", "Last."])
    page.keyboard.type("!")
    expect(editor_area.locator(".faq-block p:not(.faq-block__question)")).to_have_text(
        ["See the guide. ThenAfter.!"]
    )

    put_cursor_in(
        page, editor_area.locator(".faq-block p:not(.faq-block__question)"), at_start=True
    )
    page.keyboard.press("Home")
    page.keyboard.press("Backspace")
    page.keyboard.type("?")
    expect(questions(editor_area)).to_have_text(["Is it clear??"])
    expect(editor_area.locator(".faq-block a")).to_have_text("the guide")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    expect(editor_area.locator(".faq-block")).to_have_count(1)
    assert not [line for line in console if line.startswith("pageerror")]


def test_an_faq_dragged_to_the_edge_of_the_screen_scrolls_the_page_to_the_top(
    page, console, editor
) -> None:
    """At 390 px a long body is taller than the screen: holding the block at the top edge
    scrolls up, so a finger can take it to the very start (it stopped at the screen's edge)."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, editor.username)
    page.goto("/admin/articles/article/add/")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.click()
    paragraphs = "".join(f"<p>Paragraph {n} of a long article.</p>" for n in range(1, 31))
    paste_html(
        editor_area,
        paragraphs + '<details class="faq"><summary>Is it long?</summary><p>Yes.</p></details>',
    )
    handle = editor_area.locator(".faq-block__handle")
    handle.evaluate("handle => handle.scrollIntoView({block: 'center'})")  # clear of the bar
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, 5, steps=8)
    # Held there while the page scrolls up to the start of the body.
    first = editor_area.locator("> p").first
    first.evaluate(
        """p => new Promise(resolve => {
            const check = () => {
                p.getBoundingClientRect().top >= 0 ? resolve() : setTimeout(check, 20)
            }
            check()
        })"""
    )
    page.wait_for_timeout(300)  # the scrolling stops at the text's start
    top = first.evaluate("p => p.getBoundingClientRect().top")
    page.mouse.move(box["x"] + box["width"] / 2, top + 2, steps=2)
    page.mouse.up()
    expect(editor_area.locator("> *").first).to_have_class(re.compile("faq-block"))
    assert not [line for line in console if line.startswith("pageerror")]


def test_alt_up_on_the_first_block_says_it_is_already_first(page, console, editor) -> None:
    """From the keyboard, a move that cannot happen is announced too (it said nothing)."""
    log_in(page, editor.username)
    page.goto("/admin/articles/article/add/")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.click()
    page.keyboard.type("?? Is it first?")
    page.keyboard.press("Enter")
    page.keyboard.type("Yes.")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#faq-block-status")).to_have_text("“Is it first?” is already at the top.")
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#faq-block-status")).to_have_text(
        "“Is it first?” is already at the bottom."
    )
