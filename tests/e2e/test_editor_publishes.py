"""An editor writes an article in the admin: published now it reaches the home page, feed and
sitemap; scheduled it goes live by itself."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_actions import (
    choose_autocomplete,
    log_in,
    start_article,
    upload_featured_image,
)
from tests.factories import make_article, make_category, make_image_bytes


def test_scheduled_article_appears_by_itself(page, editor, live_server, browser) -> None:
    make_category(name="Money", slug="money")
    log_in(page, editor.username)
    start_article(page, "Savings and you", "What saving means for you.", "Money")
    # Far enough ahead for a busy machine to save and look before it goes live.
    soon = timezone.localtime() + timedelta(seconds=10)
    page.select_option("#id_status", "scheduled")
    page.fill("#id_published_at_0", soon.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", soon.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(title="Savings and you")
    reader = browser.new_page(base_url=live_server.url)
    assert reader.goto(article.get_absolute_url()).status == 404
    reader.wait_for_timeout(max(0, (soon - timezone.localtime()).total_seconds() * 1000) + 500)
    assert reader.goto(article.get_absolute_url()).status == 200
    reader.goto("/")
    assert reader.get_by_role("link", name="Savings and you").count() == 1
    reader.close()


def test_editor_writes_an_article_that_reaches_home_feed_and_sitemap(
    page, console, editor, tmp_path
) -> None:
    health = make_category(name="Health", slug="health")
    older = make_article(
        title="How filters clean water", slug="how-filters-clean-water", category=health
    )
    log_in(page, "edna")
    start_article(page, "Water and health", "Why clean water matters more than medicine.", "Health")
    image = tmp_path / "well.jpg"
    image.write_bytes(make_image_bytes(size=(1600, 900)))
    upload_featured_image(page, image, alt="A village well at dawn")
    expect(page.get_by_label("Featured image alt text:")).to_have_value("A village well at dawn")
    # Enter makes the typed quote the pull quote block; "?? " starts a question in the text.
    page.locator(".ProseMirror[contenteditable=true]").press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("?? Is boiled water safe?")
    page.keyboard.press("Enter")
    page.keyboard.type("Boiling for one minute kills most germs.")
    page.get_by_text("Add another Related link").click()
    choose_autocomplete(page, "id_related_links-0-target", "How filters clean water")
    page.fill("#id_related_links-0-anchor_text", "How a sand filter works")
    page.select_option("#id_related_links-0-placement", "inline")
    page.fill("#id_related_links-0-after_paragraph", "1")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    article = Article.objects.get(title="Water and health")
    assert article.is_live
    page.goto("/")
    page.get_by_role("link", name="Water and health").click()
    expect(page.locator("h2#why-it-matters")).to_have_text("Why it matters")
    expect(page.locator("figure.pull-quote blockquote")).to_contain_text("saves more lives")
    caption = page.locator("figure.pull-quote figcaption")
    expect(caption).to_have_text("says Dr Amina Okafor, community health lead")
    expect(caption.locator("cite")).to_have_text("Dr Amina Okafor")
    faq = page.locator(".article__body details.faq")
    expect(faq.locator("summary")).to_have_text("Is boiled water safe?")
    faq.locator("summary").click()
    expect(faq.get_by_text("Boiling for one minute kills most germs.")).to_be_visible()
    hero = page.locator(".article__image img")
    expect(hero).to_have_attribute("alt", "A village well at dawn")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    inline = page.get_by_role("complementary", name="Related article").get_by_role("link")
    expect(inline).to_have_text("How a sand filter works")
    expect(inline).to_have_attribute("href", older.get_absolute_url())
    assert console.csp_violations() == []

    feed = page.request.get("/feed/").text()
    assert "<title>Water and health</title>" in feed
    assert f"<link>{page.url}</link>" in feed
    sitemap = page.request.get("/sitemap-articles.xml").text()
    assert f"<loc>{page.url}</loc>" in sitemap
