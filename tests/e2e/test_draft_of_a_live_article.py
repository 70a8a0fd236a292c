"""An editor drafts changes to a live article, previews them and schedules them; the task worker
publishes them at that time, and readers saw the live text until then (articles/editing/drafts)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from articles.editing.models import Draft
from articles.models import Article
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import screenshot
from tests.factories import make_article, make_category

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_task_worker() -> None:
    """One pass of ``manage.py db_worker``: run every task that is due, then stop.

    Called from the test's own thread, which shares the live server's in-memory SQLite
    connection (a worker thread with its own connection meets SQLite's table locks).
    """
    Worker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e-worker",
        excluded_queue_names=[],
    ).run()


def test_a_draft_is_previewed_scheduled_and_goes_live_by_itself(
    page, editor, browser, live_server, console, settings
) -> None:
    settings.TASKS = DATABASE_TASKS  # queued in the database for the worker
    money = make_category(name="Money", slug="money")
    article = make_article(
        author=editor,
        title="Reading your payslip",
        category=money,
        body="<p>Your payslip has three parts.</p>",
    )
    reader = browser.new_page(base_url=live_server.url)
    log_in(page, editor.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_load_state("load")

    page.get_by_label("Title:", exact=True).fill("How to read your payslip")
    page.locator(".ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Gross pay comes first.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    expect(page.locator(".draft-notice")).to_contain_text("This is a draft of changes")
    expect(page.get_by_label("Title:", exact=True)).to_have_value("How to read your payslip")
    screenshot(page, "draft-of-a-live-article")

    # Readers still get the live text.
    reader.goto(article.get_absolute_url())
    expect(reader.locator("h1")).to_have_text("Reading your payslip")

    # The draft, previewed in a new tab.
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview").first.click()
    preview = new_tab.value
    frame = preview.frame_locator("iframe.preview-frame")
    expect(frame.locator("h1")).to_have_text("How to read your payslip")
    expect(frame.locator(".article__body")).to_contain_text("Gross pay comes first.")
    preview.close()

    # Scheduled a few seconds ahead (the field takes seconds too, as typed here).
    at = (timezone.localtime() + timedelta(seconds=6)).replace(microsecond=0)
    page.locator("#id_changes_publish_at").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Schedule changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Changes scheduled")
    expect(page.locator(".draft-notice")).to_contain_text("Changes scheduled for")

    run_task_worker()  # the worker polls before the time: the task is not due yet
    reader.goto(article.get_absolute_url())
    expect(reader.locator("h1")).to_have_text("Reading your payslip")
    assert "Gross pay comes first." not in reader.content()
    assert Article.objects.get(pk=article.pk).title == "Reading your payslip"

    # Nobody does anything more: the worker, polling, publishes the changes at that time.
    while Draft.objects.filter(article=article).exists():
        assert timezone.localtime() < at + timedelta(seconds=20), "not published"
        reader.wait_for_timeout(250)
        run_task_worker()
    assert timezone.localtime() >= at
    reader.goto(article.get_absolute_url())
    expect(reader.locator("h1")).to_have_text("How to read your payslip")
    expect(reader.locator(".article__body")).to_contain_text("Gross pay comes first.")
    reader.goto("/")
    expect(reader.get_by_role("link", name="How to read your payslip")).to_have_count(1)
    reader.close()

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".draft-notice")).to_have_count(0)
    expect(page.get_by_label("Title:", exact=True)).to_have_value("How to read your payslip")
    assert not console.csp_violations()
