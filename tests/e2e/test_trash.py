"""An editor deletes an article: readers get "Gone" at its addresses; restored from the trash,
it comes back whole (addresses, links, comments)."""

from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.admin_actions import log_in
from tests.factories import make_article, make_comment, make_related_link


def test_a_trashed_article_answers_410_and_comes_back_whole(
    page, editor, browser, live_server, console
) -> None:
    article = make_article(title="Reading your payslip", slug="payslips")
    article.slug = "reading-your-payslip"
    article.save()
    other = make_article(title="Tax codes explained")
    make_related_link(source=article, target=other, anchor_text="What your tax code means")
    make_comment(article=article, text="This finally made sense of my payslip.")

    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator(".action-bar-more summary").click()  # Delete waits in the action bar's menu
    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.locator("#content")).to_contain_text("moves the article to the trash")
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("is in the trash")

    reader = browser.new_page(base_url=live_server.url)
    for address in ("/articles/reading-your-payslip/", "/articles/payslips/"):
        response = reader.goto(address)
        assert response.status == 410
        expect(reader.get_by_role("heading", level=1)).to_have_text("This article has been removed")

    page.goto("/admin/articles/article/?trash=yes")
    page.get_by_role("row", name="Reading your payslip").get_by_role("checkbox").check()
    page.select_option("select[name=action]", "restore_from_trash")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("Restored 1 article")

    response = reader.goto("/articles/payslips/")
    assert response.status == 200
    assert reader.url.endswith("/articles/reading-your-payslip/")
    expect(reader.locator("main")).to_contain_text("This finally made sense of my payslip.")
    expect(reader.get_by_role("link", name="What your tax code means")).to_be_visible()
    assert Article.objects.get(pk=article.pk).is_live
    reader.close()
    assert not console.csp_violations()
