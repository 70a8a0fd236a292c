"""What staff do in the admin, step by step, shared by the browser scenarios."""

from pathlib import Path

from playwright.sync_api import Locator, Page, expect


def log_in(page: Page, username: str, password: str = "password") -> None:
    """Log in through the admin's own form."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def choose_autocomplete(page: Page, field_id: str, text: str) -> None:
    """Pick ``text`` in one of the admin's select2 autocomplete widgets."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    page.locator(f'.select2-search__field[aria-controls="select2-{field_id}-results"]').fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def start_article(page: Page, title: str, summary: str, category: str) -> None:
    """Open a new article and type a body with a heading and an attributed pull quote."""
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill(title)
    page.get_by_label("Summary:", exact=True).fill(summary)
    page.locator(".ProseMirror[contenteditable=true]").click()
    # Typed as an editor would, with the editor's own shortcuts: "## " for H2, "> " for quotes.
    page.keyboard.type("Clean water is the cheapest medicine there is.")
    page.keyboard.press("Enter")
    page.keyboard.type("## Why it matters")
    page.keyboard.press("Enter")
    page.keyboard.type("Most illness in the area came from the wells.")
    page.keyboard.press("Enter")
    page.keyboard.type("> Clean water saves more lives than any drug we stock.")
    page.keyboard.press("Enter")
    page.keyboard.type("— Dr Amina Okafor, community health lead")
    choose_autocomplete(page, "id_category", category)


def upload_featured_image(page: Page, path: Path, *, alt: str) -> None:
    """Upload a new featured image from the form's chooser; it joins the library and is chosen."""
    page.get_by_role("button", name="Choose an image").click()
    dialog = page.get_by_role("dialog", name="Choose the featured image")
    dialog.get_by_label("Image file").set_input_files(str(path))
    dialog.get_by_label("Alt text").fill(alt)
    dialog.get_by_role("button", name="Upload and choose").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".image-chooser__thumb")).to_be_visible()


def put_cursor_in(page: Page, target: Locator, *, at_start: bool = False) -> None:
    """Click ``target`` (at its start) and wait for the caret to be there: ProseMirror settles
    a click's position a moment after the click."""
    target.click(position={"x": 2, "y": 5} if at_start else None)
    target.evaluate(
        """(el, atStart) => new Promise(resolve => {
            const check = () => {
                const selection = getSelection()
                const inside = el.contains(selection.anchorNode)
                const there = inside && (!atStart || selection.anchorOffset === 0)
                there ? resolve() : setTimeout(check, 20)
            }
            check()
        })""",
        at_start,
    )
