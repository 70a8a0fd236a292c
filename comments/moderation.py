"""The moderation pipeline and the moderator's actions, shared by the public views and the admin.

A submitted comment runs through :data:`PIPELINE`, an ordered list of plain functions. Each
step either refuses the comment (raises :class:`Refused`: nothing is stored and the reader gets
the form back with the text), decides a status (returns a :class:`Verdict` with its reason), or
passes (returns ``None``). A too-fast form is refused, not stored: the reader who does as the
message says and sends it again must not leave a spam copy in the queue. Every status a
comment ever has is written to its :class:`~comments.models.StatusChange` log.
"""

import hashlib
import ipaddress
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, display_name
from byline import invalidation
from comments import classifier, tasks
from comments.models import Comment, DiscussionSettings, SenderRule, StatusChange

Status = Comment.Status
Reason = Comment.Reason
User = AbstractBaseUser | AnonymousUser

LINK_RE = re.compile(r"\bhttps?://|\bwww\.", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """The status a step gives a comment and why."""

    status: str
    reason: str
    detail: str = ""


class Refused(Exception):
    """A step turned the comment away: the reader gets the form back with their text."""

    def __init__(
        self, code: str, message: str, *, http_status: int = 400, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submission:
    """Everything the pipeline looks at for one posted comment."""

    article: Article
    author_name: str
    author_email: str
    text: str
    author_url: str = ""
    notify_replies: bool = False
    parent: Comment | None = None
    ip: str | None = None
    user: User | None = None
    issued_at: float | None = None  # the form token's time; None when it did not verify
    honeypot: str = ""
    form_key: str = ""  # the page load and browser the form came from; see find_resubmission
    now: datetime = field(default_factory=timezone.now)

    @property
    def is_staff_author(self) -> bool:
        return bool(
            self.user and self.user.is_authenticated and self.user.has_perm(MODERATE_PERMISSION)
        )

    def searchable_fields(self) -> list[str]:
        """The fields word lists are matched against, as WordPress does."""
        return [
            self.author_name,
            self.author_email,
            self.author_url,
            self.text,
            self.ip or "",
        ]


MODERATE_PERMISSION = "comments.moderate_comment"
# How long after posting an identical resend from the same browser counts as the same comment.
RESUBMISSION_WINDOW = timedelta(minutes=10)

type Step = Callable[[Submission, DiscussionSettings], Verdict | None]


# 1. Thread closed


def can_reply_under(comment: Comment, *, rules: DiscussionSettings) -> bool:
    """Whether a reply may nest under ``comment``: the thread is not yet at its deepest level."""
    return comment.depth + 1 < rules.thread_depth


def comments_closed(article: Article, rules: DiscussionSettings, now: datetime) -> bool:
    """Whether an article takes no new comments: turned off, unpublished, or too old."""
    if not article.comments_open or not article.is_live:
        return True
    if rules.close_after_days and article.published_at is not None:
        return article.published_at < now - timedelta(days=rules.close_after_days)
    return False


def check_thread_open(submission: Submission, rules: DiscussionSettings) -> None:
    """Refuse comments on articles that are closed, unpublished or older than the setting."""
    if comments_closed(submission.article, rules, submission.now):
        raise Refused(
            "closed",
            _("Comments are closed on this article, so your comment was not sent."),
            http_status=403,
        )


# 2. Form integrity (CSRF is checked by the middleware before we get here)


def check_form_integrity(submission: Submission, rules: DiscussionSettings) -> Verdict | None:
    """Refuse a form whose token fails, has expired or came back too fast; a honeypot is spam."""
    if submission.issued_at is None:
        raise Refused(
            "bad_token",
            _(
                "We could not check that this form came from this page. Your comment is kept "
                "below: please send it again."
            ),
        )
    now = submission.now.timestamp()
    if rules.form_expired(submission.issued_at, now):
        raise Refused(
            "expired",
            _(
                "This page was open for a long time, so the form has expired. Your comment is "
                "kept below: please send it again."
            ),
        )
    if submission.honeypot.strip():
        return Verdict(Status.SPAM, Reason.HONEYPOT)
    if now - submission.issued_at < rules.min_seconds:
        # Refused, not stored: a person who was merely quick sends it again as asked, and a
        # stored copy would sit in the spam queue as their duplicate.
        raise Refused("too_fast", _("That was quick! Please check your comment and send it again."))
    return None


# Too-fast attempts were once stored as spam as well as handed back. As far as their readers
# know they were never sent: they must not make a resend look like flooding or a duplicate.
HANDED_BACK = Q(status=Status.SPAM, reason=Reason.TOO_FAST)


# 3. Flood and duplicates


def check_flood(submission: Submission, rules: DiscussionSettings) -> None:
    """Refuse a second comment from the same IP or email within the flood interval."""
    if submission.is_staff_author or not rules.flood_interval_seconds:
        return
    since = submission.now - timedelta(seconds=rules.flood_interval_seconds)
    same_sender = Q(author_email__iexact=submission.author_email)
    if submission.ip:
        same_sender |= Q(ip_address=submission.ip)
    latest = (
        Comment.objects.filter(same_sender, created_at__gt=since)
        .exclude(HANDED_BACK)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is not None:
        wait = rules.flood_interval_seconds - (submission.now - latest).total_seconds()
        # A post that waited for the sender lock can find a comment stamped after its own time.
        seconds = min(rules.flood_interval_seconds, max(1, math.ceil(wait)))
        raise Refused(
            "flood",
            _(
                "You are posting comments too quickly. Your comment is kept below: please wait "
                "%(seconds)s seconds and send it again."
            )
            % {"seconds": seconds},
            http_status=429,
            retry_after=seconds,
        )


def check_duplicate(submission: Submission, rules: DiscussionSettings) -> None:
    """Refuse the same text from the same email on the same article a second time."""
    duplicate = (
        Comment.objects.filter(
            article=submission.article,
            author_email__iexact=submission.author_email,
            text=submission.text,
        )
        .exclude(status=Status.TRASH)
        .exclude(HANDED_BACK)
        .exists()
    )
    if duplicate:
        raise Refused(
            "duplicate",
            _("It looks as though you have already said that: this comment was sent before."),
            http_status=409,
        )


# 4. The moderators' always-lists, then word, address and link lists


def website_domain(url: str) -> str:
    """The host of a commenter's website, lower case and without "www.", or ""."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def sender_keys(*, email: str, ip: str | None, url: str) -> dict[str, str]:
    """What sender rules can match for one commenter: kind → value."""
    keys = {SenderRule.Kind.EMAIL: email.lower()}
    if ip:
        keys[SenderRule.Kind.IP] = ip
    if domain := website_domain(url):
        keys[SenderRule.Kind.DOMAIN] = domain
    return keys


# When rules for one commenter disagree, the most careful wins.
RULE_ORDER = [SenderRule.Verdict.SPAM, SenderRule.Verdict.HOLD, SenderRule.Verdict.APPROVE]
RULE_STATUS = {
    SenderRule.Verdict.SPAM: Status.SPAM,
    SenderRule.Verdict.HOLD: Status.PENDING,
    SenderRule.Verdict.APPROVE: Status.APPROVED,
}


def check_sender_rules(submission: Submission, rules: DiscussionSettings) -> Verdict | None:
    """Apply a moderator's "always hold / spam / approve" for this email, IP or website."""
    keys = sender_keys(email=submission.author_email, ip=submission.ip, url=submission.author_url)
    matches = Q()
    for kind, value in keys.items():
        matches |= Q(kind=kind, value=value)
    return sender_rule_verdict(list(SenderRule.objects.filter(matches)))


def sender_rule_verdict(found: list[SenderRule]) -> Verdict | None:
    """The verdict of the most careful of the rules that match one commenter, if any."""
    if not found:
        return None
    rule = min(found, key=lambda rule: RULE_ORDER.index(rule.verdict))
    return Verdict(RULE_STATUS[rule.verdict], Reason.LISTED, str(rule))


def _first_match(words: list[str], haystacks: list[str]) -> str | None:
    lowered = [haystack.lower() for haystack in haystacks]
    for word in words:
        if any(word in haystack for haystack in lowered):
            return word
    return None


def _ip_listed(ip: str | None, entries: list[str]) -> str | None:
    if not ip:
        return None
    address = ipaddress.ip_address(ip)
    for entry in entries:
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            # Entries that are not addresses (like "192.168.") match as prefixes, as in WordPress.
            if ip.startswith(entry):
                return entry
            continue
        if address in network:
            return entry
    return None


def _email_listed(email: str, entries: list[str]) -> str | None:
    email = email.lower()
    for entry in entries:
        if email == entry or (entry.startswith("@") and email.endswith(entry)):
            return entry
    return None


def check_disallowed(submission: Submission, rules: DiscussionSettings) -> Verdict | None:
    """Send comments matching the disallowed words, IPs or emails to spam."""
    if word := _first_match(rules.disallowed_word_list, submission.searchable_fields()):
        return Verdict(Status.SPAM, Reason.DISALLOWED_WORD, word)
    if entry := _ip_listed(submission.ip, rules.disallowed_ip_list):
        return Verdict(Status.SPAM, Reason.DISALLOWED_IP, entry)
    if entry := _email_listed(submission.author_email, rules.disallowed_email_list):
        return Verdict(Status.SPAM, Reason.DISALLOWED_EMAIL, entry)
    return None


def check_moderation(submission: Submission, rules: DiscussionSettings) -> Verdict | None:
    """Hold comments with a moderation word, or with as many links as the threshold."""
    if word := _first_match(rules.moderation_word_list, submission.searchable_fields()):
        return Verdict(Status.PENDING, Reason.MODERATION_WORD, word)
    links = len(LINK_RE.findall(submission.text))
    if rules.link_threshold and links >= rules.link_threshold:
        return Verdict(Status.PENDING, Reason.TOO_MANY_LINKS, f"{links} links")
    return None


# 5. What the moderators' past decisions say


def check_learned(submission: Submission, rules: DiscussionSettings) -> Verdict | None:
    """Hold, or mark as spam, what the learning filter scores high; it never approves."""
    if submission.is_staff_author:
        return None
    return learned_verdict(
        classifier.score(
            classifier.tokens(
                text=submission.text,
                author_name=submission.author_name,
                author_url=submission.author_url,
                author_email=submission.author_email,
            )
        )
    )


def learned_verdict(result: classifier.Score | None) -> Verdict | None:
    """What the learning filter's score means: spam, held, or no say (it never approves)."""
    if result is None or result.probability < classifier.HOLD_AT:
        return None
    status = Status.SPAM if result.probability >= classifier.SPAM_AT else Status.PENDING
    return Verdict(status, Reason.LEARNED, str(result))


# 6. Who is writing


def check_commenter(submission: Submission, rules: DiscussionSettings) -> Verdict:
    """Approve staff and known commenters; hold first-timers (and everybody in hold-all mode)."""
    if submission.is_staff_author:
        return Verdict(Status.APPROVED, Reason.STAFF)
    if rules.hold_all:
        return commenter_verdict(hold_all=True, known=False)  # no need to look the sender up
    known = Comment.objects.approved().filter(author_email__iexact=submission.author_email).exists()
    return commenter_verdict(hold_all=False, known=known)


def commenter_verdict(*, hold_all: bool, known: bool) -> Verdict:
    """The last word on a reader's comment: held in hold-all mode or for a first-timer."""
    if hold_all:
        return Verdict(Status.PENDING, Reason.HOLD_ALL)
    if known:
        return Verdict(Status.APPROVED, Reason.KNOWN_COMMENTER)
    return Verdict(Status.PENDING, Reason.FIRST_TIME)


PIPELINE: list[Step] = [
    check_thread_open,
    check_form_integrity,
    check_flood,
    check_duplicate,
    check_sender_rules,
    check_disallowed,
    check_moderation,
    check_learned,
    check_commenter,
]


def evaluate(submission: Submission, rules: DiscussionSettings | None = None) -> Verdict:
    """Run the pipeline: the first step with a verdict decides; refusals raise Refused."""
    rules = rules or DiscussionSettings.load()
    for step in PIPELINE:
        if verdict := step(submission, rules):
            return verdict
    raise AssertionError("check_commenter always decides")  # pragma: no cover


def _note(verdict: Verdict) -> str:
    label = Reason(verdict.reason).label
    return f"{label}: {verdict.detail}" if verdict.detail else str(label)


def _lock_sender(submission: Submission) -> None:
    """Make posts from one address or email wait for each other until the first commits.

    The flood, duplicate and first-comment checks read the comments already stored; two posts
    checked side by side would each see none and both be stored. On PostgreSQL a
    transaction-scoped advisory lock per address and per email queues them (taken in a fixed
    order, so two posts sharing only one of them cannot deadlock). SQLite needs no lock here:
    its transactions begin IMMEDIATE (see ``database_config`` in the settings and
    :func:`comments.checks.sqlite_begins_immediate`), which takes the database's write lock
    before the first read.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    names = {f"email:{submission.author_email.lower()}"}
    if submission.ip:
        names.add(f"ip:{submission.ip}")
    keys = sorted(
        int.from_bytes(hashlib.sha256(f"comments.sender:{name}".encode()).digest()[:8], signed=True)
        for name in names
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def submit_comment(
    *, submission: Submission, site_url: str, own_ids: Collection[int] = ()
) -> Comment:
    """Judge a reader's comment and store it with its status, reason and first log line.

    The checks and the insert run in one transaction under :func:`_lock_sender`, so posts
    released together from one address store one comment and the rest get the flood answer.
    A resend of this browser's own comment (a double click, see :func:`find_resubmission`;
    ``own_ids`` are the ids its cookie names) returns the comment already stored.

    Raises :class:`Refused` when the pipeline turns it away. ``site_url`` (like
    ``https://blog.example/``) is used for the links in notification emails.
    """
    parent = submission.parent
    user = submission.user if submission.user and submission.user.is_authenticated else None
    with transaction.atomic():
        _lock_sender(submission)
        if earlier := find_resubmission(submission, own_ids):
            return earlier
        verdict = evaluate(submission)
        comment = Comment.objects.create(
            article=submission.article,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            author_name=submission.author_name,
            author_email=submission.author_email,
            author_url=submission.author_url,
            text=submission.text,
            notify_replies=submission.notify_replies,
            ip_address=submission.ip,
            user=user,
            status=verdict.status,
            reason=verdict.reason,
            reason_detail=verdict.detail[:200],
            created_at=submission.now,
            form_key=submission.form_key,
        )
        StatusChange.objects.create(
            comment=comment,
            from_status="",
            to_status=verdict.status,
            changed_at=submission.now,
            note=_note(verdict),
        )
        _after_status_change(comment, site_url=site_url)
    return comment


def find_resubmission(submission: Submission, own_ids: Collection[int]) -> Comment | None:
    """This browser's own comment with the same text moments ago: a double click, not a new one.

    The browser is known by the form it sent (``form_key``) or by its cookie of own comments
    (``own_ids``). Checked before the flood step and under the same lock, so the second
    request of a double click leads to the comment the first one saved instead of a "wait 15
    seconds" refusal, even when both arrive at once.
    """
    same_browser = Q(pk__in=own_ids)
    if submission.form_key:
        same_browser |= Q(form_key=submission.form_key)
    return (
        Comment.objects.filter(
            same_browser,
            article=submission.article,
            author_email__iexact=submission.author_email,
            text=submission.text,
            created_at__gt=submission.now - RESUBMISSION_WINDOW,
        )
        .exclude(HANDED_BACK)
        .exclude(status=Status.TRASH)
        .order_by("-created_at")
        .first()
    )


def reply_as_staff(
    *, parent: Comment, moderator: AbstractBaseUser, text: str, site_url: str
) -> Comment:
    """A moderator's reply from the queue: approved at once; a pending parent is approved first."""
    rules = DiscussionSettings.load()
    with transaction.atomic():
        if parent.status == Status.PENDING:
            approve(parent, moderator=moderator, site_url=site_url, note="Approved to reply")
        # At the deepest level a reply joins its parent's thread instead of nesting further.
        if not can_reply_under(parent, rules=rules) and parent.parent_id is not None:
            parent = parent.parent
        comment = Comment.objects.create(
            article=parent.article,
            parent=parent,
            depth=parent.depth + 1,
            author_name=display_name(moderator),
            author_email=moderator.email,
            text=text,
            user=moderator,
            status=Status.APPROVED,
            reason=Reason.STAFF,
        )
        StatusChange.objects.create(
            comment=comment,
            from_status="",
            to_status=Status.APPROVED,
            changed_by=moderator,
            note=str(Reason.STAFF.label),
        )
        _after_status_change(comment, site_url=site_url)
    return comment


def _after_status_change(comment: Comment, *, site_url: str) -> None:
    """Queue the emails a new status calls for, once the transaction has committed."""
    if comment.status == Status.PENDING:
        transaction.on_commit(lambda: tasks.notify_moderators.enqueue(comment.pk, site_url))
    elif comment.status == Status.APPROVED and comment.parent_id and not comment.reply_notice_sent:
        transaction.on_commit(lambda: tasks.notify_reply.enqueue(comment.pk, site_url))


def _move(
    comment: Comment,
    to_status: str,
    *,
    moderator: AbstractBaseUser | None,
    note: str = "",
    site_url: str = "",
) -> bool:
    """Change a comment's status and log it; False when it already had that status."""
    with transaction.atomic():
        # Lock the row so two moderators clicking at once log one change, not two.
        current = Comment.objects.select_for_update().only("status").get(pk=comment.pk).status
        if current == to_status:
            comment.status = current
            return False
        Comment.objects.filter(pk=comment.pk).update(status=to_status)
        StatusChange.objects.create(
            comment=comment,
            from_status=current,
            to_status=to_status,
            changed_by=moderator,
            note=note,
        )
        comment.status = to_status
        if Status.APPROVED in (current, to_status):
            # Readers see approved comments: the article's page and its cards change.
            invalidation.comment_status_changed(comment.article_id)
        if moderator is not None:
            # A person's decision teaches the filter; trash (not a judgement) unteaches.
            classifier.learn(comment, to_status)
        if to_status == Status.APPROVED:
            _after_status_change(comment, site_url=site_url)
    return True


def approve(
    comment: Comment, *, moderator: AbstractBaseUser | None, site_url: str, note: str = ""
) -> bool:
    """Publish a comment."""
    return _move(comment, Status.APPROVED, moderator=moderator, note=note, site_url=site_url)


def mark_spam(
    comment: Comment, *, moderator: AbstractBaseUser | None, site_url: str, note: str = ""
) -> bool:
    """Mark a comment as spam (hidden; purged after 30 days)."""
    return _move(comment, Status.SPAM, moderator=moderator, note=note, site_url=site_url)


def trash(
    comment: Comment, *, moderator: AbstractBaseUser | None, site_url: str, note: str = ""
) -> bool:
    """Move a comment to the trash (hidden; purged after 30 days)."""
    return _move(comment, Status.TRASH, moderator=moderator, note=note, site_url=site_url)


def restore(
    comment: Comment, *, moderator: AbstractBaseUser | None, site_url: str, note: str = ""
) -> bool:
    """Take a comment out of spam or trash, back to the status it had before (or pending)."""
    if comment.status not in {Status.SPAM, Status.TRASH}:
        return False
    before = (
        comment.status_changes.filter(to_status=comment.status)
        .order_by("-changed_at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    target = before if before in {Status.PENDING, Status.APPROVED} else Status.PENDING
    return _move(comment, target, moderator=moderator, note=note or "Restored", site_url=site_url)


class ModerationFunction(Protocol):
    """What every moderation action is: the same keyword-only call, True when it changed."""

    def __call__(
        self, comment: Comment, *, moderator: AbstractBaseUser | None, site_url: str, note: str = ""
    ) -> bool: ...


@dataclass(frozen=True)
class Action:
    """A moderation action as buttons and bulk actions offer it."""

    name: str
    label: str
    function: ModerationFunction


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action("approve", _("Approve"), approve),
        Action("spam", _("Spam"), mark_spam),
        Action("trash", _("Trash"), trash),
        Action("restore", _("Restore"), restore),
    ]
}

#: Which actions make sense for a comment in each status (the buttons on its admin page).
ALLOWED_ACTIONS: dict[str, list[str]] = {
    Status.PENDING: ["approve", "spam", "trash"],
    Status.APPROVED: ["spam", "trash"],
    Status.SPAM: ["restore", "trash"],
    Status.TRASH: ["restore", "spam"],
}

#: Staff may reply to a comment still waiting (it is approved first) or already public.
STAFF_REPLIES_TO = {Status.PENDING, Status.APPROVED}


def actions_for(comment: Comment) -> list[Action]:
    """The actions offered for ``comment`` in its current status."""
    return [ACTIONS[name] for name in ALLOWED_ACTIONS[comment.status]]


def perform(action: str, comment: Comment, *, moderator: AbstractBaseUser, site_url: str) -> bool:
    """Run one of :data:`ACTIONS` by name (used by the admin's buttons and bulk actions)."""
    return ACTIONS[action].function(comment, moderator=moderator, site_url=site_url)


def undo(
    comment: Comment, *, moderator: AbstractBaseUser | None, site_url: str, note: str = ""
) -> bool:
    """Take back the last decision on a comment: it returns to the status it had before.

    False when there is nothing to take back (the comment still has the pipeline's status).
    """
    before = (
        comment.status_changes.filter(to_status=comment.status)
        .exclude(from_status="")
        .order_by("-changed_at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    if not before:
        return False
    return _move(comment, before, moderator=moderator, note=note or "Undone", site_url=site_url)


# Offered by the inbox (the "u" key) after a decision, never as a button of its own.
ACTIONS["undo"] = Action("undo", _("Undo"), undo)


def add_sender_rule(
    comment: Comment, *, kind: str, verdict: str, moderator: AbstractBaseUser, site_url: str
) -> SenderRule:
    """From a comment: always hold, spam or approve its email, IP or website domain.

    The rule replaces any earlier one for that sender; the comment itself is moved to spam or
    approved at once when that is the rule (a hold leaves it where it is).
    """
    keys = sender_keys(email=comment.author_email, ip=comment.ip_address, url=comment.author_url)
    if kind not in keys:
        raise ValueError(f"This comment has no {kind} to list.")
    with transaction.atomic():
        rule, _created = SenderRule.objects.update_or_create(
            kind=kind,
            value=keys[kind],
            defaults={"verdict": verdict, "added_by": moderator, "added_at": timezone.now()},
        )
        note = str(rule)
        if verdict == SenderRule.Verdict.SPAM:
            mark_spam(comment, moderator=moderator, site_url=site_url, note=note)
        elif verdict == SenderRule.Verdict.APPROVE:
            approve(comment, moderator=moderator, site_url=site_url, note=note)
    return rule
