"""An editor reorders FAQs by dragging and related links from the keyboard, and readers see that
order; new and removed rows keep what was typed; the two inlines pass axe."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, FAQItem
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_article, make_category, make_faq, make_related_link

FAQS = "#faqs-group"
LINKS = "#related_links-group"


@pytest.fixture
def article(site_settings) -> Article:
    health = make_category(name="Health", slug="health")
    source = make_article(title="Water at home", slug="water-at-home", category=health)
    for n, question in enumerate(["Is it safe?", "Is it cheap?", "Who tests it?"], start=1):
        make_faq(source, question=question, answer=f"Answer {n}.", position=n)
    for n, title in enumerate(["Wells", "Filters", "Boiling"], start=1):
        target = make_article(title=title, slug=title.lower(), category=health)
        make_related_link(source=source, target=target, position=n)
    return source


def drag(page, handle, target) -> None:
    """Press on ``handle``, move the pointer onto ``target``'s upper part, let go."""
    target.evaluate("row => row.scrollIntoView({block: 'start'})")
    box = handle.bounding_box()
    to = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(to["x"] + to["width"] / 2, to["y"] + 5, steps=8)
    page.mouse.up()


def faq_rows(page):
    return page.locator(f"{FAQS} .inline-related:not(.empty-form):not(.tabular)")


def test_editor_drags_faqs_and_moves_a_related_link_from_the_keyboard(
    page, console, editor, article
) -> None:
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(f"{FAQS} [name$='-position']").first).to_be_hidden()

    # With the mouse: "Who tests it?" to the top, then "Is it cheap?" above "Is it safe?".
    rows = faq_rows(page)
    drag(page, rows.nth(2).locator(".inline-order__handle"), rows.nth(0))
    expect(page.locator(f"{FAQS} [role=status]")).to_have_text(
        "Moved “Who tests it?” to position 1 of 3."  # the empty row for a new one is not counted
    )
    drag(page, rows.nth(2).locator(".inline-order__handle"), rows.nth(1))
    questions = [row.locator("[name$='-question']").input_value() for row in rows.all()]
    assert questions == ["Who tests it?", "Is it cheap?", "Is it safe?", ""]

    # From the keyboard: "Boiling" up one place.
    links = page.locator(f"{LINKS} tr.form-row:not(.empty-form)")
    links.nth(2).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{LINKS} [role=status]")).to_have_text(
        "Moved “Boiling” to position 2 of 3."
    )
    moved = links.nth(1).get_by_role("button", name="Move up")
    expect(moved).to_be_focused()  # focus stays with the row that moved
    page.keyboard.press("Space")  # and on to the top: Move up turns off, focus goes to Move down
    expect(links.nth(0).get_by_role("button", name="Move down")).to_be_focused()
    expect(links.nth(0).get_by_role("button", name="Move up")).to_be_disabled()

    found = axe_violations(page, within=FAQS) + axe_violations(page, within=LINKS)
    screenshot(page, "inline-order")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto(article.get_absolute_url())
    expect(page.locator(".faq summary")).to_have_text(
        ["Who tests it?", "Is it cheap?", "Is it safe?"]
    )
    expect(page.locator(".related-card__title")).to_have_text(["Boiling", "Wells", "Filters"])
    assert found == [], "\n".join(found)
    assert not [line for line in console if line.startswith("pageerror")]


def test_new_rows_moved_among_saved_ones_are_kept_and_empty_ones_skipped(
    page, editor, article
) -> None:
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    add = page.get_by_role("button", name="Add another Frequently asked question")
    add.click()
    add.click()
    rows = faq_rows(page)
    # Three saved, the extra the form starts with, two added: fill the last and move it first.
    expect(rows).to_have_count(6)
    rows.nth(5).locator("[name$='-question']").fill("Can I drink it warm?")
    rows.nth(5).locator("[name$='-answer']").fill("Yes, once it has boiled.")
    for _ in range(5):
        rows.nth(5 - _).get_by_role("button", name="Move up").click()
    # Removing the empty row the form came with makes Django renumber the forms in page order
    # (the new one first, where a saved one's index was).
    expect(rows.nth(4).locator("[name$='-question']")).to_have_value("")
    rows.nth(4).locator(".inline-deletelink").click()
    # Five, and the fresh empty row that typing in the last one brought (it is not saved).
    expect(rows).to_have_count(6)

    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert list(article.faqs.values_list("question", flat=True)) == [
        "Can I drink it warm?",
        "Is it safe?",
        "Is it cheap?",
        "Who tests it?",
    ]
    assert FAQItem.objects.filter(article=article).count() == 4


def test_a_form_shown_again_after_an_error_keeps_the_order_the_editor_made(
    page, editor, article
) -> None:
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    rows = faq_rows(page)
    drag(page, rows.nth(2).locator(".inline-order__handle"), rows.nth(0))
    page.get_by_label("Title:", exact=True).fill("")  # refused: the form comes back
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    # Django lists a bound formset in form order; the rows still show the editor's order.
    questions = [row.locator("[name$='-question']").input_value() for row in faq_rows(page).all()]
    assert questions[:3] == ["Who tests it?", "Is it safe?", "Is it cheap?"]
    page.get_by_label("Title:", exact=True).fill("Water at home")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert list(article.faqs.values_list("question", flat=True)) == [
        "Who tests it?",
        "Is it safe?",
        "Is it cheap?",
    ]


def test_a_move_is_announced_among_the_rows_readers_will_see(page, editor, article) -> None:
    # A row marked for deletion is not one of them, as the empty row for a new one is not.
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    rows = faq_rows(page)
    rows.nth(0).locator("input[name$='-DELETE']").check()
    rows.nth(2).get_by_role("button", name="Move up").click()
    expect(page.locator(f"{FAQS} [role=status]")).to_have_text(
        "Moved “Who tests it?” to position 1 of 2."
    )
