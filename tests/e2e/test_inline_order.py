"""An editor reorders related links by dragging and from the keyboard, and readers see that order;
new and removed rows keep what was typed; the inline passes axe. (FAQs are blocks in the body:
their order is the text's, tests/e2e/test_faq_block.py.)"""

import pytest
from playwright.sync_api import expect

from articles.links.models import RelatedLink
from articles.models import Article
from tests.e2e.admin_actions import choose_autocomplete, log_in
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_article, make_category, make_related_link

LINKS = "#related_links-group"


@pytest.fixture
def article(site_settings) -> Article:
    health = make_category(name="Health", slug="health")
    source = make_article(title="Water at home", slug="water-at-home", category=health)
    for n, title in enumerate(["Wells", "Filters", "Boiling"], start=1):
        target = make_article(title=title, slug=title.lower(), category=health)
        make_related_link(source=source, target=target, position=n)
    make_article(title="Rainwater", slug="rainwater", category=health)
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


def link_rows(page):
    return page.locator(f"{LINKS} tr.form-row:not(.empty-form)")


def targets(page) -> list[str]:
    """The related links' targets, in the order the form shows them."""
    return [
        row.locator("[name$='-target'] option:checked").inner_text()
        for row in link_rows(page).all()
    ]


def saved_targets(article: Article) -> list[str]:
    links = RelatedLink.objects.filter(source=article).order_by("position", "id")
    return [link.target.title for link in links]


def test_editor_drags_a_related_link_and_moves_one_from_the_keyboard(
    page, console, editor, article
) -> None:
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(f"{LINKS} [name$='-position']").first).to_be_hidden()

    # With the mouse: "Boiling" to the top.
    rows = link_rows(page)
    drag(page, rows.nth(2).locator(".inline-order__handle"), rows.nth(0))
    expect(page.locator(f"{LINKS} [role=status]")).to_have_text(
        "Moved “Boiling” to position 1 of 3."
    )
    assert targets(page) == ["Boiling", "Wells", "Filters"]

    # From the keyboard: "Filters" up one place.
    rows.nth(2).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{LINKS} [role=status]")).to_have_text(
        "Moved “Filters” to position 2 of 3."
    )
    moved = rows.nth(1).get_by_role("button", name="Move up")
    expect(moved).to_be_focused()  # focus stays with the row that moved
    page.keyboard.press("Space")  # and on to the top: Move up turns off, focus goes to Move down
    expect(rows.nth(0).get_by_role("button", name="Move down")).to_be_focused()
    expect(rows.nth(0).get_by_role("button", name="Move up")).to_be_disabled()

    found = axe_violations(page, within=LINKS)
    screenshot(page, "inline-order")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto(article.get_absolute_url())
    expect(page.locator(".related-card__title")).to_have_text(["Filters", "Boiling", "Wells"])
    assert found == [], "\n".join(found)
    assert not [line for line in console if line.startswith("pageerror")]


def test_a_new_row_moved_among_saved_ones_is_kept(page, editor, article) -> None:
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Add another Related link").click()
    rows = link_rows(page)
    expect(rows).to_have_count(4)
    new_target = rows.nth(3).locator("[name$='-target']").get_attribute("id")
    choose_autocomplete(page, new_target, "Rainwater")
    for index in range(3, 0, -1):
        rows.nth(index).get_by_role("button", name="Move up").click()
    assert targets(page) == ["Rainwater", "Wells", "Filters", "Boiling"]

    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert saved_targets(article) == ["Rainwater", "Wells", "Filters", "Boiling"]


def test_a_form_shown_again_after_an_error_keeps_the_order_the_editor_made(
    page, editor, article
) -> None:
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    rows = link_rows(page)
    drag(page, rows.nth(2).locator(".inline-order__handle"), rows.nth(0))
    page.get_by_label("Title:", exact=True).fill("")  # refused: the form comes back
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    # Django lists a bound formset in form order; the rows still show the editor's order.
    assert targets(page) == ["Boiling", "Wells", "Filters"]
    page.get_by_label("Title:", exact=True).fill("Water at home")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert saved_targets(article) == ["Boiling", "Wells", "Filters"]


def test_a_move_is_announced_among_the_rows_readers_will_see(page, editor, article) -> None:
    # A row marked for deletion is not one of them.
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    rows = link_rows(page)
    rows.nth(0).locator("input[name$='-DELETE']").check()
    rows.nth(2).get_by_role("button", name="Move up").click()
    expect(page.locator(f"{LINKS} [role=status]")).to_have_text(
        "Moved “Boiling” to position 1 of 2."
    )
