"""Retention and privacy requests: the work behind ``manage.py comments_housekeeping``."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from comments.text import render_text

PURGE_AFTER_DAYS = 30
ERASED_NAME = "Anonymous"
ERASED_TEXT = "This comment was removed at its author's request."


def purge_spam_and_trash(*, now: datetime | None = None, days: int = PURGE_AFTER_DAYS) -> int:
    """Delete spam and trash older than ``days`` (by when they were written); returns how many."""
    now = now or timezone.now()
    old = Comment.objects.filter(
        status__in=[Comment.Status.SPAM, Comment.Status.TRASH],
        created_at__lt=now - timedelta(days=days),
    )
    # Replies hidden under a purged comment go with it, and are counted.
    _total, per_model = old.delete()
    return per_model.get(Comment._meta.label, 0)


def drop_old_ip_addresses(*, now: datetime | None = None, days: int | None = None) -> int:
    """Forget the IP address of comments older than the retention setting; returns how many."""
    now = now or timezone.now()
    days = DiscussionSettings.load().ip_retention_days if days is None else days
    return Comment.objects.filter(
        ip_address__isnull=False, created_at__lt=now - timedelta(days=days)
    ).update(ip_address=None)


def export_for_email(email: str) -> list[dict[str, Any]]:
    """Everything stored about one email address's comments (a subject access request)."""
    comments = (
        Comment.objects.filter(author_email__iexact=email.strip())
        .select_related("article")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": comment.pk,
            "article": comment.article.title,
            "article_url": comment.article.get_absolute_url(),
            "in_reply_to": comment.parent_id,
            "name": comment.author_name,
            "email": comment.author_email,
            "website": comment.author_url,
            "text": comment.text,
            "status": comment.status,
            "ip_address": comment.ip_address,
            "notify_replies": comment.notify_replies,
            "written_at": comment.created_at.isoformat(),
        }
        for comment in comments
    ]


@transaction.atomic
def erase_email(email: str) -> dict[str, int]:
    """Erase one email address's comments (a right-to-erasure request).

    Comments nobody replied to are deleted. Those with replies stay as an anonymous placeholder
    so the replies keep their place; every personal detail in them is removed.
    """
    mine = Comment.objects.filter(author_email__iexact=email.strip())
    with_replies = mine.filter(replies__isnull=False).distinct()
    anonymised = Comment.objects.filter(pk__in=with_replies.values("pk")).update(
        author_name=ERASED_NAME,
        author_email="",
        author_url="",
        text=ERASED_TEXT,
        text_html=render_text(ERASED_TEXT),
        ip_address=None,
        notify_replies=False,
        user=None,
    )
    _total, per_model = mine.delete()
    return {"deleted": per_model.get(Comment._meta.label, 0), "anonymised": anonymised}
