"""An editor schedules an article in the admin and it goes live by itself."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_actions import log_in, start_article
from tests.factories import make_category


def test_scheduled_article_appears_by_itself(page, editor, live_server, browser) -> None:
    make_category(name="Money", slug="money")
    log_in(page, editor.username)
    start_article(page, "Savings and you", "What saving means for you.", "Money")
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
