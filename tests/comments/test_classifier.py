"""The learning filter: it learns from moderators' decisions and holds what looks like spam."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from comments import classifier, moderation
from comments.models import Comment, TokenCount
from comments.moderation import Submission
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

SITE = "http://testserver/"
HAM = [
    "The diagram of the water table finally made it clear to me.",
    "Our village had the same problem with the pump last summer.",
    "Could you write a follow-up about rainwater tanks?",
    "I shared this with my class; the students loved the maps.",
    "Thanks for explaining the chlorine dose so simply.",
    "My grandmother remembers when the well was dug by hand.",
    "The photos of the new taps are wonderful.",
]
SPAM = [
    "Lost your crypto wallet? Our recovery experts get it back fast.",
    "Crypto wallet recovery service, guaranteed, contact our agents.",
    "Recover any crypto wallet today, recovery in 24 hours.",
    "Best crypto recovery agents for your hacked wallet.",
    "Wallet recovery for crypto investors, message us now.",
    "Trusted crypto wallet recovery, fast and private.",
    "Hacked crypto wallet? Professional recovery agents here.",
]


def decide_all(moderator) -> None:
    article = make_article()
    earlier = timezone.now() - timedelta(days=1)
    for number, text in enumerate(HAM):
        comment = make_comment(
            article=article, text=text, author_email=f"ham{number}@example.org", created_at=earlier
        )
        comment.status = "pending"
        Comment.objects.filter(pk=comment.pk).update(status="pending")
        moderation.approve(comment, moderator=moderator, site_url=SITE)
    for number, text in enumerate(SPAM):
        comment = make_comment(
            article=article,
            text=text,
            author_email=f"spam{number}@example.net",
            status="pending",
            created_at=earlier,
        )
        moderation.mark_spam(comment, moderator=moderator, site_url=SITE)


def submission(text: str) -> Submission:
    return Submission(
        article=make_article(),
        author_name="Quick Helper",
        author_email="agent@recovery.example",
        text=text,
        ip="203.0.113.50",
        issued_at=time.time() - 60,
    )


def test_it_learns_a_new_spam_pattern_and_holds_the_next_one_with_its_reason(moderator) -> None:
    newcomer = "Crypto wallet recovery agents: we recover lost wallets."
    before = moderation.evaluate(submission(newcomer))
    assert before.reason == Comment.Reason.FIRST_TIME  # nothing learned yet

    decide_all(moderator)

    verdict = moderation.evaluate(submission(newcomer))
    assert verdict.reason == Comment.Reason.LEARNED
    assert verdict.status in {Comment.Status.PENDING, Comment.Status.SPAM}
    score, words = verdict.detail.removeprefix("score ").split(": ")
    assert float(score) >= classifier.HOLD_AT
    assert {"crypto", "wallet", "recovery"} <= set(words.split(", "))
    ordinary = moderation.evaluate(submission("The maps of the wells were lovely, thanks."))
    assert ordinary.reason == Comment.Reason.FIRST_TIME  # it never approves, and let this pass


def test_a_changed_decision_is_taken_back_out_of_the_counts(moderator) -> None:
    comment = make_comment(status="approved", text="Unusualword appears here.")
    if comment.pk % classifier.HOLD_OUT == 0:
        comment = make_comment(status="approved", text="Unusualword appears here.")
    moderation.mark_spam(comment, moderator=moderator, site_url=SITE)
    row = TokenCount.objects.get(token="unusualword")
    assert (row.spam, row.ham) == (1, 0)
    moderation.restore(comment, moderator=moderator, site_url=SITE)  # back to approved
    row.refresh_from_db()
    assert (row.spam, row.ham) == (0, 1)
    moderation.trash(comment, moderator=moderator, site_url=SITE)
    row.refresh_from_db()
    assert (row.spam, row.ham) == (0, 0)


def test_the_pipeline_alone_teaches_it_nothing(form_data, client) -> None:
    comment = make_comment(status="pending")
    moderation.approve(comment, moderator=None, site_url=SITE)
    assert not TokenCount.objects.exists()


def test_accuracy_is_measured_on_held_out_decisions(moderator) -> None:
    decide_all(moderator)
    result = classifier.accuracy()
    held_out = Comment.objects.filter(learned_as="").exclude(status="pending").count()
    assert 0 < result.tested <= held_out
