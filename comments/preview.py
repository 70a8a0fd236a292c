"""A dry run of the discussion settings: how recent comments would be decided under new ones.

The pipeline's decision steps (sender rules, word and address lists, links, the learning
filter, who is writing) run on the last :data:`PREVIEW_SIZE` comments with settings that are
not saved. Refusals (flood, duplicates, closed threads) left nothing stored, so there is
nothing to replay for them; a honeypot catch stays spam whatever the settings. The learning
filter scores each comment with what it knows now, minus what it learned from that comment
itself. A fixed number of queries: the comments, their first log lines, the commenters' first
approvals, the sender rules and the filter's counts for their words.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Min
from django.db.models.functions import Upper

from comments import classifier, moderation
from comments.models import Comment, DiscussionSettings, SenderRule, StatusChange

PREVIEW_SIZE = 500
Status = Comment.Status
Reason = Comment.Reason


@dataclass(frozen=True)
class Prediction:
    """One comment: what the pipeline decided then, and what it would decide now."""

    comment: Comment
    was_status: str
    was_reason: str
    would: moderation.Verdict

    @property
    def changed(self) -> bool:
        return self.was_status != self.would.status

    def was_label(self) -> str:
        return Status(self.was_status).label

    def would_label(self) -> str:
        return Status(self.would.status).label

    def would_reason(self) -> str:
        label = Reason(self.would.reason).label
        return f"{label} ({self.would.detail})" if self.would.detail else str(label)


@dataclass(frozen=True)
class Preview:
    """The dry run's result: every prediction, the changed ones, and the totals both ways."""

    predictions: list[Prediction]

    @property
    def changed(self) -> list[Prediction]:
        return [p for p in self.predictions if p.changed]

    def totals(self) -> list[tuple[str, int, int]]:
        """(status label, how many it had, how many it would have) per status."""
        was = Counter(p.was_status for p in self.predictions)
        would = Counter(p.would.status for p in self.predictions)
        return [
            (Status(status).label, was[status], would[status])
            for status in (Status.APPROVED, Status.PENDING, Status.SPAM)
        ]


def preview(rules: DiscussionSettings, *, size: int = PREVIEW_SIZE) -> Preview:
    """Decide the last ``size`` readers' comments again under ``rules`` (saved or not)."""
    comments = list(
        Comment.objects.filter(user__isnull=True)  # staff comments are approved whatever
        .select_related("article")
        .order_by("-created_at", "-pk")[:size]
    )
    first_status = dict(
        StatusChange.objects.filter(comment__in=comments, from_status="").values_list(
            "comment_id", "to_status"
        )
    )
    emails = {comment.author_email.upper() for comment in comments}
    first_approved = dict(
        Comment.objects.approved()
        .annotate(email_key=Upper("author_email"))
        .filter(email_key__in=emails)
        .order_by()
        .values("email_key")
        .annotate(first=Min("created_at"))
        .values_list("email_key", "first")
    )
    sender_rules = list(SenderRule.objects.all())
    features = {comment.pk: classifier.comment_tokens(comment) for comment in comments}
    learned = classifier.counts_for(set().union(*features.values())) if comments else {}
    predictions = []
    for comment in comments:
        own = features[comment.pk]
        score = classifier.score_from(own, classifier.without_own(own, learned, comment.learned_as))
        would = _decide(comment, rules, sender_rules, first_approved, score)
        was = first_status.get(comment.pk, comment.status)
        if was == Status.TRASH:
            was = Status.PENDING  # never a pipeline verdict
        predictions.append(Prediction(comment, was, comment.reason, would))
    return Preview(predictions)


def _decide(
    comment: Comment,
    rules: DiscussionSettings,
    sender_rules: list[SenderRule],
    first_approved: dict,
    score: classifier.Score | None,
) -> moderation.Verdict:
    if comment.reason == Reason.HONEYPOT:
        return moderation.Verdict(Status.SPAM, Reason.HONEYPOT)
    submission = moderation.Submission(
        article=comment.article,
        author_name=comment.author_name,
        author_email=comment.author_email,
        author_url=comment.author_url,
        text=comment.text,
        ip=comment.ip_address,
        now=comment.created_at,
    )
    keys = moderation.sender_keys(
        email=comment.author_email, ip=comment.ip_address, url=comment.author_url
    )
    matching = [rule for rule in sender_rules if keys.get(rule.kind) == rule.value]
    if verdict := moderation.sender_rule_verdict(matching):
        return verdict
    if verdict := moderation.check_disallowed(submission, rules):
        return verdict
    if verdict := moderation.check_moderation(submission, rules):
        return verdict
    if verdict := moderation.learned_verdict(score):
        return verdict
    known_since = first_approved.get(comment.author_email.upper())
    known = known_since is not None and known_since < comment.created_at
    return moderation.commenter_verdict(hold_all=rules.hold_all, known=known)
