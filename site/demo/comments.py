"""Demo comments in every status, including a short thread, on the newest demo articles."""

from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from articles.models import Article, display_name
from comments.models import Comment, StatusChange

DEMO_DOMAIN = "demo.byline.example"
DEMO_SPAN = timedelta(days=10)

Status = Comment.Status
Reason = Comment.Reason

# (key, parent key, name, status, reason, detail, when, text), where "when" is the share of
# the time between the article's publication and now (at most DEMO_SPAN) at which it was
# written: every comment comes after the article, and every reply after its parent.
FIRST_ARTICLE = [
    (
        "nadia",
        None,
        "Nadia Okafor",
        Status.APPROVED,
        Reason.KNOWN_COMMENTER,
        "",
        0.10,
        "This is the clearest explanation I have read.\n\nOne question: does the same advice "
        "apply in Scotland?",
    ),
    (
        "staff",
        "nadia",
        None,  # the demo moderator
        Status.APPROVED,
        Reason.STAFF,
        "",
        0.25,
        "Good question. Mostly yes: the rules differ on two small points, which we will add "
        "to the article this week. Until then the official summary is at https://www.gov.uk/",
    ),
    (
        "nadia2",
        "staff",
        "Nadia Okafor",
        Status.APPROVED,
        Reason.KNOWN_COMMENTER,
        "",
        0.30,
        "Thank you, that helps a lot.",
    ),
    (
        "tom",
        None,
        "Tom Baker",
        Status.APPROVED,
        Reason.KNOWN_COMMENTER,
        "",
        0.40,
        "I shared this with my parents. The part about checking the small print first "
        "was exactly what they needed.",
    ),
    (
        "ravi",
        None,
        "Ravi Shah",
        Status.PENDING,
        Reason.FIRST_TIME,
        "",
        0.85,
        "First time here. Could you write one of these about pensions for the self-employed?",
    ),
    (
        "links",
        None,
        "Deals Daily",
        Status.PENDING,
        Reason.TOO_MANY_LINKS,
        "3 links",
        0.95,
        "Compare here https://deals.example/a and https://deals.example/b and "
        "https://deals.example/c",
    ),
    (
        "spam",
        None,
        "Cheap Watches",
        Status.SPAM,
        Reason.HONEYPOT,
        "",
        0.60,
        "Best replica watches at low low prices!!!",
    ),
    (
        "trash",
        None,
        "Angry Reader",
        Status.TRASH,
        Reason.KNOWN_COMMENTER,
        "",
        0.50,
        "Off-topic rant that a moderator moved to the trash.",
    ),
]
SECOND_ARTICLE = [
    (
        "lena",
        None,
        "Lena Fischer",
        Status.APPROVED,
        Reason.KNOWN_COMMENTER,
        "",
        0.40,
        "Useful checklist, thank you.",
    ),
    (
        "omar",
        None,
        "Omar Haddad",
        Status.PENDING,
        Reason.FIRST_TIME,
        "",
        0.90,
        "Is there a printable version of the checklist?",
    ),
]


def _email(name: str) -> str:
    return f"{name.split()[0].lower()}@{DEMO_DOMAIN}"


def _create(article: Article, rows: list[tuple], moderator: AbstractBaseUser) -> int:
    made: dict[str, Comment] = {}
    now = timezone.now()
    published = article.published_at or now
    span = min(now - published, DEMO_SPAN)
    for key, parent_key, name, status, reason, detail, when, text in rows:
        parent = made.get(parent_key) if parent_key else None
        staff = name is None
        written = published + span * when
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            author_name=display_name(moderator) if staff else name,
            author_email=moderator.email if staff else _email(name),
            author_url="https://nadia.example" if key == "nadia" else "",
            text=text,
            status=Status.APPROVED if status == Status.TRASH else status,
            reason=reason,
            reason_detail=detail,
            ip_address=None if staff else "198.51.100.23",
            user=moderator if staff else None,
            notify_replies=key == "nadia",
            reply_notice_sent=parent is not None,
            created_at=written,
        )
        StatusChange.objects.create(
            comment=comment,
            from_status="",
            to_status=comment.status,
            changed_by=moderator if staff else None,
            changed_at=written,
            note=str(Reason(reason).label),
        )
        if status == Status.TRASH:
            # Approved by the pipeline, then trashed by a moderator: a two-line log.
            Comment.objects.filter(pk=comment.pk).update(status=Status.TRASH)
            StatusChange.objects.create(
                comment=comment,
                from_status=Status.APPROVED,
                to_status=Status.TRASH,
                changed_by=moderator,
                changed_at=written + span * 0.05,
                note="Off-topic",
            )
        made[key] = comment
    return len(made)


def load(*, stdout: TextIO) -> None:
    """Add the demo comments once; running it again changes nothing."""
    if Comment.objects.filter(author_email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write("Demo comments: already loaded.")
        return
    articles = list(Article.objects.published().filter(comments_open=True)[:2])
    if not articles:
        stdout.write("Demo comments: no published articles to comment on yet.")
        return
    User = get_user_model()
    moderator = (
        User.objects.filter(username="moderator").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if moderator is None:
        stdout.write("Demo comments: no moderator account to write the staff reply.")
        return
    count = _create(articles[0], FIRST_ARTICLE, moderator)
    if len(articles) > 1:
        count += _create(articles[1], SECOND_ARTICLE, moderator)
    stdout.write(f"Demo comments: {count} comments in every status on {len(articles)} articles.")
