"""An editor puts a library image and a link chosen by title into a body, and readers see both;
the chooser is a keyboard-friendly dialog and, like the media list, passes axe at both widths."""

from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_actions import log_in, start_article
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories import make_article, make_category, make_image, make_upload


def library(count: int = 3) -> None:
    make_image(
        title="River at dawn",
        alt="A river under morning mist",
        caption="The river above the weir",
        file=make_upload("river.jpg", size=(1600, 900)),
    )
    for n in range(count - 1):
        make_image(title=f"Market stall {n}", alt=f"Vegetables on a market stall ({n})")


def test_editor_inserts_a_library_image_and_a_link_chosen_by_title(page, console, editor) -> None:
    make_category(name="Money", slug="money")
    target = make_article(title="Compound interest for and against you", slug="compound-interest")
    basics = make_article(title="Budgeting basics", slug="budgeting-basics")
    library()
    log_in(page, editor.username)
    start_article(page, "Saving for a rainy day", "Small sums, early.", "Money")
    editor_area = page.locator(".ProseMirror[contenteditable=true]")
    editor_area.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Before you start, read ")

    # The link button: the article is found by title and chosen from the keyboard.
    page.get_by_role("button", name="Insert a link (an article or an address)").click()
    dialog = page.get_by_role("dialog", name="Link")
    dialog.get_by_label("Find an article by title").fill("compound")
    results = dialog.get_by_role("listbox", name="Articles")
    expect(results.get_by_role("option")).to_have_count(1)
    expect(results.get_by_role("option").first).to_contain_text("Published")
    results.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    link = editor_area.locator("a", has_text=target.title)
    expect(link).to_have_attribute("data-article", str(target.pk))
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    # Words selected first: the dialog offers the articles they name, and they stay the link's.
    page.keyboard.type("Our budgeting basics")
    for _ in "budgeting basics":
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="Insert a link (an article or an address)").click()
    dialog = page.get_by_role("dialog", name="Link")
    expect(dialog.get_by_label("Find an article by title")).to_have_value("budgeting basics")
    expect(dialog.get_by_role("option")).to_have_count(1)
    dialog.get_by_role("option", name="Budgeting basics").click()
    expect(dialog).to_have_count(0)
    chosen = editor_area.locator("a", has_text="budgeting basics")
    expect(chosen).to_have_text("budgeting basics")
    expect(chosen).to_have_attribute("data-article", str(basics.pk))
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    # The image button: search the library, adjust the words for this use, insert.
    page.get_by_role("button", name="Insert an image from the library").click()
    dialog = page.get_by_role("dialog", name="Choose an image")
    dialog.get_by_label("Search the library").fill("river")
    expect(dialog.get_by_role("option")).to_have_count(1)
    dialog.get_by_role("option").click()
    expect(dialog.get_by_label("Alt text for this use")).to_have_value("A river under morning mist")
    expect(dialog.get_by_label("Caption for this use")).to_have_value("The river above the weir")
    dialog.get_by_label("Alt text for this use").fill("The river in mist, seen from the bridge")
    dialog.get_by_role("button", name="Insert image").click()
    expect(dialog).to_have_count(0)
    expect(editor_area.locator("figure img")).to_have_attribute(
        "alt", "The river in mist, seen from the bridge"
    )

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    article = Article.objects.get(title="Saving for a rainy day")
    page.goto(article.get_absolute_url())
    body = page.locator(".article__body")
    read = body.get_by_role("link", name=target.title)
    expect(read).to_have_attribute("href", "/articles/compound-interest/")
    picture = body.locator("figure picture img")
    expect(picture).to_have_attribute("alt", "The river in mist, seen from the bridge")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(body.locator("figure:has(picture) figcaption")).to_have_text("The river above the weir")
    read.click()
    expect(page).to_have_url(f"{page.url.split('/articles/')[0]}/articles/compound-interest/")
    assert console.csp_violations() == []
    assert not [line for line in console if line.startswith("pageerror")]


def test_the_chooser_is_a_dialog_for_the_keyboard(page, editor) -> None:
    library()
    log_in(page, editor.username)
    page.goto("/admin/articles/article/add/")
    opener = page.get_by_role("button", name="Choose an image")
    opener.click()
    dialog = page.get_by_role("dialog", name="Choose the featured image")
    expect(dialog.get_by_label("Search the library")).to_be_focused()
    expect(dialog.get_by_role("option")).to_have_count(3)

    # Tab never leaves the dialog.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert dialog.evaluate("d => d.contains(document.activeElement)")

    # Arrow keys move through the results; Enter chooses.
    dialog.get_by_role("listbox").focus()
    page.keyboard.press("End")
    active = dialog.get_by_role("option", selected=True)
    expect(active).to_have_count(1)
    last_title = active.inner_text()
    page.keyboard.press("Home")
    expect(dialog.get_by_role("option", selected=True)).not_to_have_text(last_title)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(opener).to_be_focused()  # Escape closes and gives focus back
    expect(page.locator("input[name=featured_image]")).to_have_value("")

    opener.click()
    dialog = page.get_by_role("dialog", name="Choose the featured image")
    dialog.get_by_label("Search the library").fill("river")
    expect(dialog.get_by_role("option")).to_have_count(1)
    dialog.get_by_role("listbox").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Featured image alt text:")).to_have_value(
        "A river under morning mist"
    )
    expect(page.locator(".image-chooser__title")).to_have_text("River at dawn")


def test_chooser_and_media_list_screenshots_pass_axe(page, editor) -> None:
    library(count=8)
    log_in(page, editor.username)
    found = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto("/admin/articles/article/add/")
        page.get_by_role("button", name="Insert an image from the library").click()
        dialog = page.get_by_role("dialog", name="Choose an image")
        expect(dialog.get_by_role("option")).to_have_count(8)
        dialog.get_by_role("listbox").focus()
        page.keyboard.press("ArrowRight")
        found += [f"chooser {label}: {v}" for v in axe_violations(page)]
        page.screenshot(path=str(screenshot_path(f"media-chooser-{label}", size)))
        page.keyboard.press("Escape")

        page.get_by_role("button", name="Insert a link (an article or an address)").click()
        expect(page.get_by_role("dialog", name="Link")).to_be_visible()
        found += [f"link chooser {label}: {v}" for v in axe_violations(page)]
        page.screenshot(path=str(screenshot_path(f"link-chooser-{label}", size)))
        page.keyboard.press("Escape")

        page.goto("/admin/media/image/")
        expect(page.locator("img.media-thumb")).to_have_count(8)
        found += [f"media list {label}: {v}" for v in axe_violations(page)]
    page.set_viewport_size(DESKTOP)
    screenshot(page, "media-list")
    assert found == []


def screenshot_path(name: str, size: dict) -> object:
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
