"""An editor sees the checks while writing, and publishing with a serious one asks first."""

from playwright.sync_api import expect

from articles.models import Article
from byline import roles
from tests.conftest import make_staff
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, axe_violations
from tests.factories import make_article, make_related_link

BODY = (
    "<p>Most tap water is tested every day and is safe to drink. The results are public.</p>"
    "<h3>Old pipes</h3>"
    "<p>Homes built before 1970 may have lead pipes. For the test, "
    '<a href="https://water.example/test">click here</a>.</p>'
)


def test_the_checks_flag_a_problem_and_publishing_asks_before_going_ahead(page) -> None:
    make_staff("editor", roles.EDITORS, first_name="Eleanor", last_name="Editor")
    article = make_article(
        title="Is tap water safe to drink?",
        summary="What the daily tests check and when old pipes matter.",
        body=BODY,
        status="draft",
        published_at=None,
    )
    make_related_link(
        source=article,
        target=make_article(title="Lead pipes, explained"),
        placement="inline",
        after_paragraph=1,
    )
    log_in(page, "editor")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    panel = page.locator("#checks-panel")
    expect(panel).to_contain_text("skips a level (H1 to H3)")
    expect(panel).to_contain_text("“click here” does not say where it goes")
    expect(panel.locator("[data-preview=title]")).to_have_text("Is tap water safe to drink?")

    # Writing aids follow the typing: the title's counter and the preview.
    title = page.get_by_label("Title:", exact=True)
    title.fill("Is the tap water in your town really safe to drink, and how would you know?")
    expect(page.locator("#id_title_count")).to_contain_text("search results cut the rest")
    expect(panel.locator("[data-preview=title]")).to_contain_text("…")
    expect(panel).to_contain_text("The title is 75 characters", timeout=10_000)
    expect(page.locator("#id_body_words")).to_contain_text("words")
    # "After paragraph N" offers the body's paragraphs by their first words.
    options = page.locator("#body-paragraphs option")
    expect(options).to_have_count(2)
    assert options.nth(1).get_attribute("label").startswith("After paragraph 2: Homes built")
    assert page.locator("#id_related_links-0-after_paragraph").get_attribute("list") == (
        "body-paragraphs"
    )

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"change-form-top-{label}-{size['width']}.png"))
        width = page.locator("#id_title").bounding_box()["width"]
        assert width > min(size["width"] * 0.6, 600), f"the title box is {width} px wide"
    page.set_viewport_size(DESKTOP)
    # The block-type menu draws its arrow instead of the "⏷" glyph the fonts lack (tofu).
    arrow = page.evaluate(
        "getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content"
    )
    assert arrow == '""'
    panel.scroll_into_view_if_needed()
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        panel.screenshot(path=str(SCREENSHOTS / f"checks-panel-{label}-{size['width']}.png"))
        # The panel, and the fields its aids sit under (the rest of the form is another's).
        for part in ("#checks-panel", ".field-title", ".field-body"):
            assert axe_violations(page, part) == [], f"{part} at {size['width']} px"
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the form scrolls sideways at {size['width']} px"
    page.set_viewport_size(DESKTOP)

    # A related link pointed at a draft: the panel says readers will not see it.
    make_article(title="Filters, a draft", status="draft", published_at=None)
    page.locator(".field-target .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill("Filters")
    page.locator(".select2-results__option", has_text="Filters, a draft").click()
    expect(panel).to_contain_text(
        "The related link to “Filters, a draft” goes to an article that is not published",
        timeout=10_000,
    )

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("The checks found 2 serious problems")).to_be_visible()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    expect(title).to_have_value(
        "Is the tap water in your town really safe to drink, and how would you know?"
    )
    page.get_by_label("Publish anyway: I have read the checks").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    article.refresh_from_db()
    assert article.is_live
