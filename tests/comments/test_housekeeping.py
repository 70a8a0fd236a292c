"""Retention and privacy requests through ``manage.py comments_housekeeping``."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.housekeeping import ERASED_TEXT
from comments.models import Comment, DiscussionSettings
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("comments_housekeeping", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_spam_and_trash_older_than_30_days_are_purged_and_nothing_else() -> None:
    old_spam = make_comment(status="spam", created_at=days_ago(31))
    old_trash = make_comment(status="trash", created_at=days_ago(45))
    recent_spam = make_comment(status="spam", created_at=days_ago(29))
    old_approved = make_comment(status="approved", created_at=days_ago(400))
    old_pending = make_comment(status="pending", created_at=days_ago(60))
    out, _ = run()
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert remaining == {recent_spam.pk, old_approved.pk, old_pending.pk}
    assert old_spam.pk not in remaining and old_trash.pk not in remaining
    assert "Purged 2 spam/trash comments" in out


def test_ip_addresses_older_than_the_retention_are_dropped() -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"ip_retention_days": 90})
    old = make_comment(ip_address="203.0.113.5", created_at=days_ago(91))
    recent = make_comment(ip_address="203.0.113.6", created_at=days_ago(89))
    out, _ = run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "203.0.113.6"
    assert "dropped 1 stored IP addresses" in out


def test_export_prints_every_comment_of_the_address_as_json() -> None:
    article = make_article(title="Mortgages explained")
    make_comment(article=article, author_email="Pat@Example.org", text="Mine one")
    make_comment(status="spam", author_email="pat@example.org", text="Mine two")
    make_comment(author_email="someone@example.org", text="Not mine")
    out, _ = run("--export", "pat@example.org")
    data = json.loads(out)
    assert [row["text"] for row in data] == ["Mine one", "Mine two"]
    assert data[0]["article"] == "Mortgages explained"
    assert {"email", "ip_address", "website", "status"} <= set(data[0])


def test_erase_deletes_comments_and_anonymises_those_with_replies(client) -> None:
    article = make_article()
    lonely = make_comment(article=article, author_email="pat@example.org", text="Alone")
    answered = make_comment(
        article=article,
        author_email="pat@example.org",
        author_name="Pat Private",
        author_url="https://pat.example",
        text="Answered",
    )
    reply = make_comment(parent=answered, author_email="other@example.org", text="A reply")
    _, err = run("--erase", "PAT@example.org")
    assert not Comment.objects.filter(pk=lonely.pk).exists()
    answered.refresh_from_db()
    assert (answered.author_name, answered.author_email, answered.author_url) == (
        "Anonymous",
        "",
        "",
    )
    assert answered.text == ERASED_TEXT and answered.ip_address is None
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert not Comment.objects.filter(author_email__iexact="pat@example.org").exists()
    assert "1 deleted, 1 kept as anonymous" in err
    # Readers see the placeholder, not the erased words (the page shows the stored HTML).
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Answered" not in html and "Pat Private" not in html
    assert ERASED_TEXT.replace("'", "&#x27;") in html and "A reply" in html
