"""What the moderators' inbox shows: one status's comments, the counts, each commenter's record.

Every read here is a fixed number of indexed queries, whatever the number of comments: the
counts stop at :data:`COUNT_CAP` (an index range scan that cannot grow past it), the page is
read by keyset (``before`` an id) instead of an offset, and the commenters' records are one
grouped query over the page's addresses.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Subquery
from django.db.models.functions import Upper

from comments import moderation
from comments.models import Comment, SenderRule

Status = Comment.Status
TABS = [Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH]
PAGE_SIZE = 20
COUNT_CAP = 10_000
# A longer comment is folded: its opening shows, the rest one click (or the Enter key) away.
FOLD_AT = 600


@dataclass(frozen=True)
class Tab:
    """One status tab: its name, label and how many comments it holds (up to the cap)."""

    status: str
    label: str
    count: int

    @property
    def count_label(self) -> str:
        return count_label(self.count)


@dataclass(frozen=True)
class History:
    """What the moderators decided before about one email address."""

    approved: int = 0
    spam: int = 0

    def __str__(self) -> str:
        return f"{self.approved} approved, {self.spam} spam"


@dataclass(frozen=True)
class Row:
    """One comment as the inbox shows it."""

    comment: Comment
    history: History
    actions: list[moderation.Action]
    can_reply: bool
    rule_choices: list[tuple[str, str]]

    @property
    def folded(self) -> bool:
        return len(self.comment.text) > FOLD_AT


def capped_count(status: str) -> int:
    """How many comments have ``status``, counting no further than one past :data:`COUNT_CAP`."""
    return Comment.objects.filter(status=status).order_by()[: COUNT_CAP + 1].count()


def count_label(count: int) -> str:
    """A capped count as shown: "1,234", or "10,000+" past the cap."""
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


def tabs() -> list[Tab]:
    """The four status tabs with their counts, each count capped so it stays cheap."""
    return [Tab(status, status.label, capped_count(status)) for status in TABS]


def histories(emails: list[str]) -> dict[str, History]:
    """Approved and spam counts for each address (compared case-insensitively), in one query."""
    keys = {email.upper() for email in emails}
    if not keys:
        return {}
    rows = (
        Comment.objects.annotate(email_key=Upper("author_email"))
        .filter(email_key__in=keys)
        .order_by()
        .values("email_key")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            spam=Count("pk", filter=Q(status=Status.SPAM)),
        )
    )
    return {row["email_key"]: History(row["approved"], row["spam"]) for row in rows}


def page(status: str, *, before: int | None = None) -> tuple[list[Row], int | None]:
    """One page of ``status``'s comments, newest first, and the id the next page starts before."""
    comments = Comment.objects.filter(status=status).select_related("article", "parent")
    if before is not None:
        # Keyset on (created_at, id), the order of the (status, created_at) index. Written as a
        # range plus an exclusion rather than "earlier OR (same time AND lower id)": with the OR,
        # SQLite gave up the index range and sorted every match (660 ms at 100,000 pending,
        # 18 ms this way; bench/inbox.py).
        mark = Subquery(Comment.objects.filter(pk=before).values("created_at")[:1])
        comments = comments.filter(created_at__lte=mark).exclude(created_at=mark, pk__gte=before)
    found = list(comments.order_by("-created_at", "-pk")[: PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    records = histories([comment.author_email for comment in found])
    rows = [
        Row(
            comment=comment,
            history=records.get(comment.author_email.upper(), History()),
            actions=moderation.actions_for(comment),
            can_reply=comment.status in moderation.STAFF_REPLIES_TO,
            rule_choices=rule_choices(comment),
        )
        for comment in found
    ]
    return rows, (found[-1].pk if more else None)


def rule_choices(comment: Comment) -> list[tuple[str, str]]:
    """The "always…" rules a row offers: ("spam:email", "Always spam this email (x@y.z)")."""
    keys = moderation.sender_keys(
        email=comment.author_email, ip=comment.ip_address, url=comment.author_url
    )
    return [
        (f"{verdict}:{kind}", f"{verdict.label} this {kind.label} ({keys[kind]})")
        for verdict in SenderRule.Verdict
        for kind in SenderRule.Kind
        if kind in keys
    ]
