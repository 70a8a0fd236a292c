"""comments/moderation.py: every step of the pipeline with the reason it records, the
moderator's actions and the rules views, template tags and the admin share."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from comments import moderation
from comments.models import Comment, DiscussionSettings, SenderRule
from comments.moderation import Refused, Submission
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status
SITE = "http://testserver/"
Reason = Comment.Reason


def submission(article, **overrides) -> Submission:
    fields = {
        "article": article,
        "author_name": "Rosa Reader",
        "author_email": "rosa@example.org",
        "text": "A thoughtful comment.",
        "ip": "203.0.113.9",
        "issued_at": time.time() - 60,
    }
    fields.update(overrides)
    return Submission(**fields)


def rules(**overrides) -> DiscussionSettings:
    row = DiscussionSettings.load()
    for name, value in overrides.items():
        setattr(row, name, value)
    row.save()
    return row


def test_comments_turned_off_on_the_article_are_refused_as_closed() -> None:
    article = make_article(comments_open=False)
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(article))
    assert (refusal.value.code, refusal.value.http_status) == ("closed", 403)


def test_articles_older_than_the_close_after_setting_are_closed() -> None:
    rules(close_after_days=14)
    old = make_article(published_at=timezone.now() - timedelta(days=15))
    recent = make_article(published_at=timezone.now() - timedelta(days=13))
    with pytest.raises(Refused, match="closed"):
        moderation.evaluate(submission(old))
    assert moderation.evaluate(submission(recent)).reason == Reason.FIRST_TIME


def test_unpublished_articles_take_no_comments() -> None:
    draft = make_article(status="draft", published_at=None)
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(draft))
    assert refusal.value.code == "closed"


def test_a_token_that_did_not_verify_is_refused() -> None:
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(make_article(), issued_at=None))
    assert (refusal.value.code, refusal.value.http_status) == ("bad_token", 400)


def test_an_expired_form_is_refused_so_it_can_be_sent_again() -> None:
    rules(form_max_age_hours=2)
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(make_article(), issued_at=time.time() - 3 * 3600))
    assert refusal.value.code == "expired"


def test_a_filled_honeypot_is_spam() -> None:
    verdict = moderation.evaluate(submission(make_article(), honeypot="http://spam.example"))
    assert (verdict.status, verdict.reason) == (Status.SPAM, Reason.HONEYPOT)


def test_a_form_sent_faster_than_the_minimum_is_refused_not_judged_spam() -> None:
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(make_article(), issued_at=time.time() - 1))
    assert refusal.value.code == "too_fast"


def test_a_second_comment_from_the_same_ip_within_the_interval_is_refused_with_429() -> None:
    article = make_article()
    make_comment(article=article, ip_address="203.0.113.9", created_at=timezone.now())
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(article, author_email="other@example.org"))
    assert (refusal.value.code, refusal.value.http_status) == ("flood", 429)
    assert 1 <= refusal.value.retry_after <= 15


def test_a_second_comment_from_the_same_email_within_the_interval_is_refused() -> None:
    article = make_article()
    make_comment(article=article, author_email="ROSA@example.org", ip_address="198.51.100.1")
    with pytest.raises(Refused, match="too quickly"):
        moderation.evaluate(submission(article))


def test_after_the_flood_interval_the_same_sender_may_comment_again() -> None:
    article = make_article()
    make_comment(
        article=article,
        author_email="rosa@example.org",
        created_at=timezone.now() - timedelta(seconds=16),
    )
    assert moderation.evaluate(submission(article)).status == Status.APPROVED


def test_the_same_text_by_the_same_email_on_the_same_article_is_a_duplicate() -> None:
    article = make_article()
    make_comment(
        article=article,
        author_email="rosa@example.org",
        text="A thoughtful comment.",
        created_at=timezone.now() - timedelta(minutes=5),
    )
    with pytest.raises(Refused) as refusal:
        moderation.evaluate(submission(article))
    assert refusal.value.code == "duplicate"
    # The same words on another article are not a duplicate.
    assert moderation.evaluate(submission(make_article())).status == Status.APPROVED


@pytest.mark.parametrize(
    ("setting", "value", "field", "reason"),
    [
        ("disallowed_words", "casino\n", {"text": "Best CASINO bonus"}, Reason.DISALLOWED_WORD),
        (
            "disallowed_words",
            "pills",
            {"author_url": "https://pills.example"},
            Reason.DISALLOWED_WORD,
        ),
        ("disallowed_ips", "203.0.113.0/24", {}, Reason.DISALLOWED_IP),
        ("disallowed_ips", "203.0.113.", {}, Reason.DISALLOWED_IP),
        ("disallowed_emails", "rosa@example.org", {}, Reason.DISALLOWED_EMAIL),
        ("disallowed_emails", "@example.org", {}, Reason.DISALLOWED_EMAIL),
    ],
)
def test_disallowed_lists_send_comments_to_spam(setting, value, field, reason) -> None:
    rules(**{setting: value})
    verdict = moderation.evaluate(submission(make_article(), **field))
    assert (verdict.status, verdict.reason) == (Status.SPAM, reason)


def test_a_moderation_word_holds_the_comment_and_names_the_word() -> None:
    rules(moderation_words="refund\n")
    verdict = moderation.evaluate(submission(make_article(), text="I want a Refund now"))
    assert (verdict.status, verdict.reason, verdict.detail) == (
        Status.PENDING,
        Reason.MODERATION_WORD,
        "refund",
    )


def test_two_links_hold_the_comment_but_one_does_not() -> None:
    make_comment(author_email="rosa@example.org", created_at=timezone.now() - timedelta(days=1))
    article = make_article()
    two = moderation.evaluate(
        submission(article, text="See https://a.example and www.b.example please")
    )
    assert (two.status, two.reason) == (Status.PENDING, Reason.TOO_MANY_LINKS)
    one = moderation.evaluate(submission(article, text="See https://a.example"))
    assert one.status == Status.APPROVED


def test_a_first_time_commenter_waits_for_a_moderator() -> None:
    verdict = moderation.evaluate(submission(make_article()))
    assert (verdict.status, verdict.reason) == (Status.PENDING, Reason.FIRST_TIME)


def test_a_commenter_with_an_approved_comment_is_approved() -> None:
    make_comment(author_email="Rosa@Example.org", created_at=timezone.now() - timedelta(days=1))
    verdict = moderation.evaluate(submission(make_article()))
    assert (verdict.status, verdict.reason) == (Status.APPROVED, Reason.KNOWN_COMMENTER)


def test_a_commenter_whose_comments_were_never_approved_still_waits() -> None:
    make_comment(
        author_email="rosa@example.org",
        status=Status.SPAM,
        created_at=timezone.now() - timedelta(days=1),
    )
    assert moderation.evaluate(submission(make_article())).reason == Reason.FIRST_TIME


def test_hold_all_mode_holds_known_commenters_too() -> None:
    rules(hold_all=True)
    make_comment(author_email="rosa@example.org", created_at=timezone.now() - timedelta(days=1))
    verdict = moderation.evaluate(submission(make_article()))
    assert (verdict.status, verdict.reason) == (Status.PENDING, Reason.HOLD_ALL)


def test_staff_who_may_moderate_are_approved(moderator) -> None:
    verdict = moderation.evaluate(submission(make_article(), user=moderator))
    assert (verdict.status, verdict.reason) == (Status.APPROVED, Reason.STAFF)


def test_the_steps_run_in_order_closed_before_spam() -> None:
    article = make_article(comments_open=False)
    with pytest.raises(Refused, match="closed"):
        moderation.evaluate(submission(article, honeypot="filled"))


def test_submit_stores_status_reason_and_a_first_log_line() -> None:
    rules(moderation_words="refund")
    comment = moderation.submit_comment(
        submission=submission(make_article(), text="refund please"), site_url="http://testserver/"
    )
    comment.refresh_from_db()
    assert (comment.status, comment.reason, comment.reason_detail) == (
        Status.PENDING,
        Reason.MODERATION_WORD,
        "refund",
    )
    assert comment.ip_address == "203.0.113.9"
    log = list(comment.status_changes.all())
    assert [(c.from_status, c.to_status, c.changed_by) for c in log] == [("", "pending", None)]
    assert "moderation word" in log[0].note


def test_moderator_actions_are_logged_with_who_and_from_to(moderator) -> None:
    comment = make_comment(status=Status.PENDING)
    assert moderation.approve(comment, moderator=moderator, site_url="http://testserver/")
    assert not moderation.approve(comment, moderator=moderator, site_url="http://testserver/")
    assert moderation.mark_spam(comment, moderator=moderator, site_url="http://testserver/")
    assert moderation.restore(comment, moderator=moderator, site_url="http://testserver/")
    assert moderation.trash(comment, moderator=moderator, site_url="http://testserver/")
    comment.refresh_from_db()
    assert comment.status == Status.TRASH
    moves = [
        (c.from_status, c.to_status, c.changed_by)
        for c in comment.status_changes.order_by("id")[1:]
    ]
    assert moves == [
        ("pending", "approved", moderator),
        ("approved", "spam", moderator),
        ("spam", "approved", moderator),  # restored to what it was before
        ("approved", "trash", moderator),
    ]


def test_restoring_a_comment_that_was_never_approved_puts_it_back_in_the_queue(moderator) -> None:
    comment = make_comment(status=Status.PENDING)
    moderation.mark_spam(comment, moderator=moderator, site_url="http://testserver/")
    moderation.restore(comment, moderator=moderator, site_url="http://testserver/")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_replies_nest_until_the_configured_thread_depth() -> None:
    two_levels = rules(thread_depth=2)
    top = make_comment()
    reply = make_comment(parent=top)
    assert moderation.can_reply_under(top, rules=two_levels)
    assert not moderation.can_reply_under(reply, rules=two_levels)


@pytest.mark.parametrize("status", list(Status))
def test_every_offered_action_runs_through_one_call_and_moves_the_comment(
    status: str, moderator
) -> None:
    for action in moderation.actions_for(make_comment(status=status)):
        comment = make_comment(status=status)
        # The same keyword-only call for every action: no branching on which one it is.
        assert moderation.perform(action.name, comment, moderator=moderator, site_url=SITE)
        comment.refresh_from_db()
        assert comment.status != status
        assert comment.status_changes.filter(from_status=status, changed_by=moderator).exists()


@pytest.mark.parametrize(
    ("kind", "value", "verdict", "status"),
    [
        ("email", "rosa@example.org", "spam", Status.SPAM),
        ("ip", "203.0.113.9", "hold", Status.PENDING),
        ("domain", "rosa.example", "approve", Status.APPROVED),
    ],
)
def test_a_sender_rule_decides_and_is_the_recorded_reason(kind, value, verdict, status) -> None:
    SenderRule.objects.create(kind=kind, value=value, verdict=verdict)
    decided = moderation.evaluate(
        submission(
            make_article(), author_email="ROSA@example.org", author_url="https://www.rosa.example/"
        )
    )
    assert (decided.status, decided.reason) == (status, Reason.LISTED)
    assert value in decided.detail


def test_when_sender_rules_disagree_the_most_careful_wins() -> None:
    SenderRule.objects.create(kind="email", value="rosa@example.org", verdict="approve")
    SenderRule.objects.create(kind="ip", value="203.0.113.9", verdict="spam")
    assert moderation.evaluate(submission(make_article())).status == Status.SPAM


def test_always_spam_from_a_comment_lists_the_sender_and_spams_the_comment(moderator) -> None:
    comment = make_comment(
        status="pending",
        author_email="Pill@Spam.example",
        created_at=timezone.now() - timedelta(hours=1),
    )
    rule = moderation.add_sender_rule(
        comment, kind="email", verdict="spam", moderator=moderator, site_url="http://t/"
    )
    assert (rule.value, rule.added_by) == ("pill@spam.example", moderator)
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    assert comment.status_changes.last().note == "Always spam email pill@spam.example"
    later = moderation.evaluate(submission(make_article(), author_email="pill@spam.example"))
    assert (later.status, later.detail) == (Status.SPAM, "Always spam email pill@spam.example")
