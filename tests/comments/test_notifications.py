"""Emails sent as Django tasks after the transaction commits, through the test outbox."""

import re
import smtplib
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from comments import moderation, tasks
from comments.models import Comment, DiscussionSettings, NotificationFailure
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

SITE = "http://testserver/"


def test_moderators_are_emailed_about_a_new_pending_comment(
    client, form_data, moderator, editor, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    article = make_article(title="Energy bills")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.to) == sorted([moderator.email, editor.email])
    assert "Energy bills" in message.subject
    comment = Comment.objects.get()
    assert f"http://testserver/admin/comments/comment/{comment.pk}/change/" in message.body
    assert "First comment from this address" in message.body


def test_nothing_is_sent_before_the_transaction_commits(
    client, form_data, moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    article = make_article()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert mailoutbox == []


def test_moderators_are_not_emailed_when_the_setting_is_off(
    client, form_data, moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"notify_moderators": False})
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert mailoutbox == []


def test_approved_comments_and_spam_send_no_moderator_email(
    client, form_data, moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"flood_interval_seconds": 0})
    make_comment(author_email="rosa@example.org", created_at=timezone.now() - timedelta(days=1))
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comments:post", args=[article.pk]), form_data(article))
        client.post(
            reverse("comments:post", args=[article.pk]),
            form_data(article, homepage="bot", author_email="bot@spam.example", text="Buy"),
        )
    assert [c.status for c in Comment.objects.order_by("id")] == ["approved", "approved", "spam"]
    assert mailoutbox == []


def test_a_commenter_who_asked_is_emailed_once_when_a_reply_is_approved(
    moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    parent = make_comment(author_email="asker@example.org", notify_replies=True)
    reply = make_comment(parent=parent, status="pending", author_name="Helpful Hana")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(reply, moderator=moderator, site_url=SITE)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam(reply, moderator=moderator, site_url=SITE)
        moderation.restore(reply, moderator=moderator, site_url=SITE)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["asker@example.org"]
    assert "Helpful Hana" in message.body
    # The permalink: it finds the reply's comment page even after pages shift.
    assert f"{SITE.rstrip('/')}/comments/{reply.pk}/" in message.body
    assert "/comments/unsubscribe/" in message.body
    # The replier's address stays private.
    assert reply.author_email not in message.body


def test_no_reply_email_without_the_box_or_for_replying_to_yourself(
    moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    quiet = make_comment(author_email="quiet@example.org", notify_replies=False)
    chatty = make_comment(author_email="me@example.org", notify_replies=True)
    first = make_comment(parent=quiet, status="pending")
    own = make_comment(parent=chatty, status="pending", author_email="ME@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(first, moderator=moderator, site_url=SITE)
        moderation.approve(own, moderator=moderator, site_url=SITE)
    assert mailoutbox == []


def test_a_staff_reply_notifies_the_commenter(
    moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    parent = make_comment(author_email="asker@example.org", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reply_as_staff(parent=parent, moderator=moderator, text="Thanks!", site_url=SITE)
    assert [m.to for m in mailoutbox] == [["asker@example.org"]]


def test_the_unsubscribe_link_shows_a_button_and_only_the_post_unsubscribes(
    moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    parent = make_comment(author_email="asker@example.org", notify_replies=True)
    other = make_comment(author_email="Asker@example.org", notify_replies=True)
    reply = make_comment(parent=parent, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(reply, moderator=moderator, site_url=SITE)
    url = re.search(r"http://testserver(/comments/unsubscribe/\S+/)", mailoutbox[0].body)[1]

    client = Client()
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop reply emails" in page.content.decode()
    assert '<form method="post">' in page.content.decode()
    parent.refresh_from_db()
    assert parent.notify_replies  # a mail scanner following the link changes nothing

    done = client.post(url)
    assert done.status_code == 200
    assert "Done" in done.content.decode()
    parent.refresh_from_db()
    other.refresh_from_db()
    assert not parent.notify_replies
    # One link names one subscription: the same address's other comment is still followed.
    assert other.notify_replies


def test_a_forged_unsubscribe_link_is_a_404_that_says_what_to_do(client) -> None:
    comment = make_comment(notify_replies=True)
    for response in (
        client.get(f"/comments/unsubscribe/{comment.pk}/"),
        client.post(f"/comments/unsubscribe/{comment.pk}/"),
    ):
        assert response.status_code == 404
        assert "This unsubscribe link is not valid" in response.content.decode()
        assert "most recent reply email" in response.content.decode()
    comment.refresh_from_db()
    assert comment.notify_replies


class SignedLastYear(signing.TimestampSigner):
    """Signs as if it were a year and a day ago."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 366 * 24 * 3600)


def test_an_unsubscribe_link_older_than_a_year_has_expired_with_a_page_saying_what_to_do(
    client,
) -> None:
    comment = make_comment(notify_replies=True)
    old = SignedLastYear(salt=tasks.UNSUBSCRIBE_SALT).sign_object(comment.pk)
    url = reverse("comments:unsubscribe", args=[old])
    for response in client.get(url), client.post(url):
        assert response.status_code == 410
        html = response.content.decode()
        assert "This link has expired" in html
        assert "most recent reply email" in html
    comment.refresh_from_db()
    assert comment.notify_replies  # nothing changed

    fresh = reverse("comments:unsubscribe", args=[tasks.unsubscribe_token(comment.pk)])
    assert client.post(fresh).status_code == 200


def test_with_the_database_backend_mail_waits_for_the_worker(
    client, form_data, moderator, mailoutbox, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}
    article = make_article(title="Heat pumps")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert mailoutbox == []  # queued, not sent by the web process
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "comments.tasks.notify_moderators"

    # What `manage.py db_worker` does with each task it claims (its loop would also close
    # connections, which would end the test's transaction).
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(queued)
    assert len(mailoutbox) == 1
    assert "Heat pumps" in mailoutbox[0].subject


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages: list) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_notification_that_cannot_be_sent_is_logged_and_listed_for_administrators(
    client,
    form_data,
    moderator,
    admin_client,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    article = make_article(title="Energy bills")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert response.status_code == 303  # the reader's comment is stored whatever the mail does
    comment = Comment.objects.get()
    [record] = [r for r in caplog.records if r.name == "comments.tasks"]
    assert record.exc_info and "was not sent" in record.getMessage()
    failure = NotificationFailure.objects.get()
    assert (failure.kind, failure.comment) == ("moderators", comment)
    assert "Connection unexpectedly closed" in failure.error

    for _ in range(3):
        NotificationFailure.objects.create(kind="reply", comment=comment, error="Refused")
    with django_assert_max_num_queries(12):
        listing = admin_client.get(reverse("admin:comments_notificationfailure_changelist"))
    html = listing.content.decode()
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    assert comment.admin_url() in html


def test_a_line_break_in_a_stored_title_fails_the_email_visibly_not_silently(
    moderator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # Typed titles refuse line breaks; one stored before that rule would break the headers.
    parent = make_comment(author_email="asker@example.org", notify_replies=True)
    Article.objects.filter(pk=parent.article_id).update(title="Energy\r\nBcc: x@spam.example")
    reply = make_comment(parent=parent, article=parent.article, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(reply, moderator=moderator, site_url=SITE)
    assert mailoutbox == []
    failure = NotificationFailure.objects.get(kind="reply")
    assert failure.comment == reply
    assert "may not contain linefeed" in failure.error
    reply.refresh_from_db()
    assert not reply.reply_notice_sent  # not told, so it can be sent again
