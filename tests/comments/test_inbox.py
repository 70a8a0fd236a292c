"""The moderators' inbox: pending first, whole comments with their context, decisions in place."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import inbox
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

INBOX = reverse("admin:comments_comment_changelist")
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def moderate(client, comment, action, **extra):
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    return client.post(url, {"action": action}, **extra)


def test_the_admin_index_pending_count_leads_to_the_pending_comments(moderator_client) -> None:
    make_comment(status="pending", text="Waiting for you")
    make_comment(status="approved", text="Already public")
    index = moderator_client.get(reverse("admin:index")).content.decode()
    assert "Comments (1 pending)" in index
    assert f'href="{INBOX}"' in index
    html = moderator_client.get(INBOX).content.decode()
    assert "Waiting for you" in html
    assert "Already public" not in html
    assert 'aria-current="page">Pending <span class="inbox-count" data-count-for="pending"' in html


def test_each_tab_shows_its_status_with_live_counts(moderator_client) -> None:
    make_comment(status="spam", text="Cheap pills")
    make_comment(status="approved", text="Lovely")
    html = moderator_client.get(f"{INBOX}?status=spam").content.decode()
    assert "Cheap pills" in html and "Lovely" not in html
    assert 'data-count-for="spam" data-count="1"' in html
    assert 'data-count-for="approved" data-count="1"' in html
    assert 'data-count-for="pending" data-count="0"' in html


def test_a_row_shows_the_whole_comment_its_parent_the_commenter_and_their_record(
    moderator_client,
) -> None:
    article = make_article(title="Clean water")
    parent = make_comment(article=article, author_name="Grace", text="The wells were dug in 1990.")
    for _ in range(3):
        make_comment(author_email="KIM@example.org", status="approved")
    long_text = "Wells matter. " * 80
    make_comment(
        parent=parent,
        author_name="Kim",
        author_email="kim@example.org",
        author_url="https://kim.example/",
        text=long_text,
        status="pending",
        reason="first_time",
    )
    html = moderator_client.get(INBOX).content.decode()
    assert "In reply to Grace:" in html
    assert "The wells were dug in 1990." in html
    assert "3 approved, 0 spam" in html
    assert "https://kim.example/" in html
    assert "Clean water" in html
    assert "First comment from this address" in html
    assert "Show the whole comment" in html  # long ones folded, all of it one click away
    assert html.count("Wells matter.") >= 80


def test_the_inbox_runs_the_same_queries_whatever_the_number_of_comments(
    moderator_client, django_assert_num_queries
) -> None:
    def queries_for_page() -> int:
        cache.clear()  # the filter's accuracy is cached: count the page that computes it
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(INBOX).status_code == 200
        return len(captured)

    article = make_article()
    for number in range(2):
        make_comment(article=article, author_email=f"a{number}@example.org", status="pending")
    few = queries_for_page()
    parent = make_comment(article=article, status="approved")
    for number in range(40):
        make_comment(
            parent=parent,
            article=article,
            author_email=f"b{number}@example.org",
            status="pending",
            created_at=timezone.now() - timedelta(minutes=number),
        )
    many = queries_for_page()
    assert many == few
    cache.clear()
    with django_assert_num_queries(few):
        moderator_client.get(f"{INBOX}?status=pending&before={parent.pk + 20}")
    with CaptureQueriesContext(connection) as cached:
        moderator_client.get(f"{INBOX}?status=pending&before={parent.pk + 20}")
    assert len(cached) < few  # the filter's accuracy, computed once, is not read again


def test_older_comments_are_a_page_away(moderator_client) -> None:
    now = timezone.now()
    comments = [
        make_comment(status="pending", text=f"Comment number {n}.", created_at=now - timedelta(n))
        for n in range(25)
    ]
    first = moderator_client.get(INBOX).content.decode()
    assert "Comment number 0." in first and "Comment number 24." not in first
    older = moderator_client.get(f"{INBOX}?status=pending&before={comments[19].pk}")
    assert "Comment number 24." in older.content.decode()
    assert "Comment number 19." not in older.content.decode()


def test_a_decision_from_the_inbox_is_logged_everywhere_and_answers_in_json(
    moderator_client, moderator
) -> None:
    comment = make_comment(status="pending")
    response = moderate(moderator_client, comment, "approve", **JSON)
    assert response.json()["status"] == "approved"
    assert response.json()["changed"] is True
    comment.refresh_from_db()
    assert comment.status == "approved"
    change = comment.status_changes.get(changed_by=moderator)
    assert (change.from_status, change.to_status) == ("pending", "approved")
    entry = LogEntry.objects.get(object_id=str(comment.pk))
    assert entry.user == moderator
    assert "Approve: Pending → Approved" in entry.get_change_message()
    recent = moderator_client.get(reverse("admin:index")).content.decode()
    assert "Approve: Pending" in recent or str(comment) in recent


def test_without_javascript_a_button_leads_back_to_the_inbox(moderator_client) -> None:
    comment = make_comment(status="pending")
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    response = moderator_client.post(url, {"action": "spam", "next": f"{INBOX}?status=pending"})
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?status=pending"
    evil = moderator_client.post(url, {"action": "trash", "next": "https://evil.example/"})
    assert evil["Location"] == reverse("admin:comments_comment_change", args=[comment.pk])


def test_undo_takes_back_the_last_decision(moderator_client) -> None:
    comment = make_comment(status="pending")
    moderate(moderator_client, comment, "spam", **JSON)
    response = moderate(moderator_client, comment, "undo", **JSON)
    assert response.json()["status"] == "pending"
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert list(comment.status_changes.values_list("to_status", "note"))[-1] == (
        "pending",
        "Undone",
    )
    assert LogEntry.objects.filter(object_id=str(comment.pk)).count() == 2


def test_undo_with_nothing_to_take_back_changes_nothing(moderator_client) -> None:
    comment = make_comment(status="pending")
    assert moderate(moderator_client, comment, "undo", **JSON).json()["changed"] is False


def test_restore_returns_a_comment_to_where_it_was_and_is_recorded(moderator_client) -> None:
    comment = make_comment(status="approved")
    moderate(moderator_client, comment, "spam", **JSON)
    assert moderate(moderator_client, comment, "restore", **JSON).json()["status"] == "approved"
    assert comment.status_changes.last().note == "Restored"


def test_a_quick_reply_from_the_inbox_approves_the_parent(moderator_client, moderator) -> None:
    comment = make_comment(status="pending")
    url = reverse("admin:comments_comment_reply", args=[comment.pk])
    response = moderator_client.post(url, {"text": "Thanks, fixed."}, **JSON)
    assert response.json()["status"] == "approved"
    comment.refresh_from_db()
    assert comment.status == "approved"
    reply = Comment.objects.get(parent=comment)
    assert (reply.text, reply.status, reply.user) == ("Thanks, fixed.", "approved", moderator)
    assert LogEntry.objects.filter(user=moderator).count() == 2  # the approval and the reply


def test_searching_opens_the_full_change_list(moderator_client) -> None:
    make_comment(status="approved", text="Findable words")
    html = moderator_client.get(f"{INBOX}?q=Findable").content.decode()
    assert "Select comment to change" in html or "result" in html
    assert "Findable words" in html


def test_always_from_a_row_adds_the_rule_shown_in_the_discussion_settings(
    moderator_client, moderator
) -> None:
    comment = make_comment(status="pending", author_url="https://www.pills.example/buy")
    html = moderator_client.get(INBOX).content.decode()
    assert "Always spam this website domain (pills.example)" in html
    url = reverse("admin:comments_comment_rule", args=[comment.pk])
    response = moderator_client.post(url, {"rule": "spam:domain"}, **JSON)
    assert response.json()["status"] == "spam"
    assert LogEntry.objects.filter(object_id=str(comment.pk), user=moderator).exists()
    settings_page = moderator_client.get(
        reverse("admin:comments_discussionsettings_changelist"), follow=True
    ).content.decode()
    assert "Always spam website domain pills.example" in settings_page
    forged = moderator_client.post(url, {"rule": "approve:nothing"})
    assert forged.status_code == 403


def test_the_inbox_shows_the_learning_filters_accuracy(moderator_client, moderator) -> None:
    assert "still learning" in moderator_client.get(INBOX).content.decode()
    for number in range(15):
        comment = make_comment(status="pending", text=f"Casino bonus spins {number}")
        moderate(moderator_client, comment, "spam")
        other = make_comment(status="pending", text=f"The well diagram helped {number}")
        moderate(moderator_client, other, "approve")
    html = moderator_client.get(INBOX).content.decode()
    assert "latest decisions it was not trained on, spam precision 100% · recall 100%" in html


def test_pages_of_comments_written_in_the_same_instant_neither_repeat_nor_skip(
    moderator_client,
) -> None:
    instant = timezone.now() - timedelta(hours=1)
    made = [
        make_comment(status="pending", text=f"Same instant {n}.", created_at=instant)
        for n in range(25)
    ]
    first = moderator_client.get(INBOX).content.decode()
    shown_first = {c.pk for c in made if f"Same instant {made.index(c)}." in first}
    assert len(shown_first) == 20
    last_shown = min(shown_first)  # newest first: ties broken by the higher id
    older = moderator_client.get(f"{INBOX}?status=pending&before={last_shown}").content.decode()
    shown_older = {c.pk for c in made if f"Same instant {made.index(c)}." in older}
    assert shown_older == {c.pk for c in made} - shown_first


def test_counts_past_the_cap_read_as_more_than_the_cap(moderator_client, monkeypatch) -> None:
    monkeypatch.setattr(inbox, "COUNT_CAP", 3)
    for _ in range(5):
        make_comment(status="pending")
    assert "Comments (3+ pending)" in moderator_client.get(reverse("admin:index")).content.decode()
    html = moderator_client.get(INBOX).content.decode()
    assert 'data-count-for="pending" data-count="4">3+<' in html
