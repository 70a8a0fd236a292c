"""An editor's home in the admin: the desk, at both widths, readable by everyone."""

from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone
from playwright.sync_api import expect

from byline import roles
from tests.conftest import make_staff
from tests.e2e.admin_actions import log_in
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_article, make_comment


def test_an_editor_opens_the_admin_on_their_desk_and_goes_to_the_pending_queue(page) -> None:
    editor = make_staff("editor", roles.EDITORS, first_name="Eleanor", last_name="Editor")
    make_article(
        title="What a fixed-rate mortgage really costs",
        author=editor,
        status="draft",
        published_at=None,
    )
    make_article(
        title="Reading a payslip, line by line",
        status="scheduled",
        published_at=timezone.now() + timedelta(days=2),
    )
    live = make_article(title="Why the sky is blue")
    make_comment(article=live, status="pending", text="Does this hold at sunset too?")
    spam = make_comment(article=live, status="spam", text="Cheap watches")
    LogEntry.objects.log_actions(
        user_id=make_staff("moderator", roles.MODERATORS, first_name="Morgan").pk,
        queryset=[spam],
        action_flag=CHANGE,
        change_message="Mark as spam: Pending → Spam",
        single_object=True,
    )

    log_in(page, "editor")
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()
    expect(page.get_by_role("link", name="What a fixed-rate mortgage really costs")).to_be_visible()
    expect(page.get_by_role("link", name="Reading a payslip, line by line")).to_be_visible()
    expect(page.get_by_role("heading", name="Link health")).to_be_visible()
    expect(page.get_by_text("Mark as spam: Pending → Spam")).to_be_visible()
    for path in screenshot(page, "admin-dashboard"):
        assert path.stat().st_size > 10_000
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], f"at {width} px"
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the desk scrolls sideways at {width} px"

    page.get_by_role("link", name="Open the pending queue").click()
    expect(page.get_by_text("Does this hold at sunset too?")).to_be_visible()
