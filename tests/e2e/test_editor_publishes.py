"""The issue's done-when scenario, as an editor does it in the admin of a real browser."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from byline import roles
from tests.factories import make_category, make_image_bytes

EDITOR_PASSWORD = "password"


@pytest.fixture
def editor(transactional_db) -> User:
    """An editor in the Editors group.

    A transactional test may start after another one flushed the database, which takes the
    group that the data migrations made; recreate it with the article permissions the
    migrations grant (tests/articles/test_admin.py checks the migrations themselves).
    """
    group, _created = Group.objects.get_or_create(name=roles.EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles"),
        Permission.objects.get(codename="view_user"),
    )
    user = User.objects.create_user(username="edna", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def logged_in(page, editor: User):
    """The editor's tab, logged in through the admin's own form."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def choose_autocomplete(page, field: str, text: str) -> None:
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(f'.select2-search__field[aria-controls="select2-id_{field}-results"]').fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def start_article(page, title: str, category: str) -> None:
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill(title)
    page.get_by_label("Summary:", exact=True).fill(f"What {title.lower()} means for you.")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
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
    choose_autocomplete(page, "category", category)


def test_editor_writes_and_publishes_an_article_that_readers_see_as_written(
    logged_in, tmp_path, console
) -> None:
    page = logged_in
    make_category(name="Health", slug="health")
    start_article(page, "Water and health", "Health")
    image = tmp_path / "well.jpg"
    image.write_bytes(make_image_bytes(size=(1600, 900)))
    page.set_input_files("#id_featured_image", str(image))
    page.get_by_label("Featured image alt text:").fill("A village well at dawn")
    page.select_option("#id_status", "published")
    page.fill("#id_faqs-0-question", "Is boiled water safe?")
    page.fill("#id_faqs-0-answer", "Boiling for one minute kills most germs.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)  # waits for the redirect

    article = Article.objects.get(title="Water and health")
    page.goto("/")
    assert page.get_by_role("link", name="Water and health").count() == 1
    page.goto(article.get_absolute_url())
    assert page.locator("h2#why-it-matters").inner_text() == "Why it matters"
    caption = page.locator("figure.pull-quote figcaption")
    assert caption.inner_text() == "says Dr Amina Okafor, community health lead"
    assert page.locator("figure.pull-quote cite").inner_text() == "Dr Amina Okafor"
    assert page.locator(".faq summary").inner_text() == "Is boiled water safe?"
    hero = page.locator(".article__image img")
    assert hero.get_attribute("alt") == "A village well at dawn"
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    assert console.csp_violations() == []


def test_scheduled_article_appears_by_itself(logged_in, live_server, browser) -> None:
    page = logged_in
    make_category(name="Money", slug="money")
    start_article(page, "Savings and you", "Money")
    soon = timezone.localtime() + timedelta(seconds=4)
    page.select_option("#id_status", "scheduled")
    page.fill("#id_published_at_0", soon.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", soon.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(title="Savings and you")
    reader = browser.new_page(base_url=live_server.url)
    assert reader.goto(article.get_absolute_url()).status == 404
    reader.wait_for_timeout(max(0, (soon - timezone.localtime()).total_seconds() * 1000) + 500)
    assert reader.goto(article.get_absolute_url()).status == 200
    reader.goto("/")
    assert reader.get_by_role("link", name="Savings and you").count() == 1
    reader.close()
