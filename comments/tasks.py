"""Notification emails, run as Django tasks so a slow mail server never slows a reader down."""

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from byline.models import SiteSettings

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"


# Long enough for any email still in an inbox, short enough that an old leaked link dies.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def unsubscribe_token(comment_id: int) -> str:
    """The signed, timestamped token in a reply notice's unsubscribe link (no address in it).

    It names one subscription, the reply emails about that one comment.
    """
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int | None:
    """The comment id in an unsubscribe link, or None when the link was not made by us.

    Raises :class:`~django.core.signing.SignatureExpired` for a link older than
    :data:`UNSUBSCRIBE_MAX_AGE`.
    """
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def moderator_emails() -> list[str]:
    """Addresses of active users who may moderate comments."""
    permission = Permission.objects.get(
        content_type__app_label="comments", codename="moderate_comment"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions=permission)
            | Q(user_permissions=permission)
        )
        .distinct()
        .order_by("email")
    )
    return list(users.values_list("email", flat=True))


def _send(kind: str, comment_id: int, **message: Any) -> None:
    """Send one notification; a failure is logged and recorded for administrators, then raised.

    Raised again so the task's own result says it failed too (the database backend keeps it).
    """
    from comments.models import NotificationFailure

    try:
        send_mail(**message)
    except Exception as error:
        logger.exception("The %s notification about comment %s was not sent", kind, comment_id)
        NotificationFailure.objects.create(
            kind=kind, comment_id=comment_id, error=f"{type(error).__name__}: {error}"
        )
        raise


@task
def notify_moderators(comment_id: int, site_url: str) -> int:
    """Tell moderators a comment is waiting for them; returns how many were told."""
    from comments.models import Comment, DiscussionSettings, NotificationFailure

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    if not DiscussionSettings.load().notify_moderators:
        return 0
    recipients = moderator_emails()
    if not recipients:
        return 0
    context = {
        "comment": comment,
        "review_url": urljoin(site_url, comment.admin_url()),
        "queue_url": urljoin(site_url, reverse("admin:comments_comment_changelist")),
    }
    _send(
        NotificationFailure.Kind.MODERATORS,
        comment.pk,
        subject=f"[{SiteSettings.load().site_name}] Please moderate: “{comment.article.title}”",
        message=render_to_string("comments/email/moderators.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)


@task
def notify_reply(comment_id: int, site_url: str) -> bool:
    """Tell a commenter who asked for it that a reply to them is published (once per reply)."""
    from comments.models import Comment, NotificationFailure

    reply = Comment.objects.select_related("article", "parent").filter(pk=comment_id).first()
    if reply is None or reply.status != Comment.Status.APPROVED or reply.parent is None:
        return False
    parent = reply.parent
    # Claim the notice first so a retried or doubled task cannot send it twice.
    claimed = Comment.objects.filter(pk=reply.pk, reply_notice_sent=False).update(
        reply_notice_sent=True
    )
    if not claimed:
        return False
    if (
        not parent.notify_replies
        or not parent.author_email
        or parent.author_email.lower() == reply.author_email.lower()
    ):
        return False
    context = {
        "reply": reply,
        "parent": parent,
        "reply_url": urljoin(site_url, reply.get_absolute_url()),
        "unsubscribe_url": urljoin(
            site_url, reverse("comments:unsubscribe", args=[unsubscribe_token(parent.pk)])
        ),
    }
    try:
        _send(
            NotificationFailure.Kind.REPLY,
            reply.pk,
            subject=(
                f"[{SiteSettings.load().site_name}] New reply to your comment on "
                f"“{reply.article.title}”"
            ),
            message=render_to_string("comments/email/reply.txt", context),
            from_email=None,
            recipient_list=[parent.author_email],
        )
    except Exception:
        # Not told after all: give the claim back so approving the reply again can retry.
        Comment.objects.filter(pk=reply.pk).update(reply_notice_sent=False)
        raise
    return True
