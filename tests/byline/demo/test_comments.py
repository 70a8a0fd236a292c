from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from byline.demo import comments as demo_comments
from comments.models import Comment, StatusChange
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_demo_comments_cover_every_status_with_a_thread_and_load_once() -> None:
    make_article()
    make_article()
    call_command("load_demo", stdout=StringIO())
    statuses = set(Comment.objects.values_list("status", flat=True))
    assert statuses == {"pending", "approved", "spam", "trash"}
    assert Comment.objects.filter(depth=2, status="approved").exists()
    assert Comment.objects.filter(user__username="moderator").exists()
    trashed = Comment.objects.get(status="trash")
    assert [c.to_status for c in trashed.status_changes.all()] == ["approved", "trash"]
    count = Comment.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Comment.objects.count() == count


def test_demo_comments_wait_for_articles(monkeypatch) -> None:
    # Only the comments loader: the articles' demo loader would publish articles first.
    monkeypatch.setattr(
        "byline.demo.management.commands.load_demo.DEMO_LOADERS", [demo_comments.load]
    )
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Comment.objects.count() == 0
    assert "no published articles" in out.getvalue()


def test_demo_comments_come_after_their_article_and_replies_after_their_parents() -> None:
    make_article(published_at=timezone.now() - timedelta(days=2))
    make_article(published_at=timezone.now() - timedelta(hours=3))
    call_command("load_demo", stdout=StringIO())
    now = timezone.now()
    for comment in Comment.objects.select_related("article", "parent"):
        assert comment.article.published_at < comment.created_at <= now
        if comment.parent:
            assert comment.parent.created_at < comment.created_at
    for change in StatusChange.objects.select_related("comment"):
        assert change.comment.article.published_at < change.changed_at <= now
