"""The learning filter: a naive-Bayes classifier trained on the moderators' own decisions.

Every approve or spam decision by a moderator teaches it the comment's tokens (words, the
domains its links point to, and a few features of the name and website); a later change of
mind takes them back out. The counts live in :class:`~comments.models.TokenCount`, so every
app server shares them, and nothing leaves the site. As a pipeline step it may hold a comment
or mark it as spam, giving its score and the words that weighed most as the reason; it never
approves and never deletes. One comment in :data:`HOLD_OUT` is kept out of training so its
accuracy can be measured on decisions it has not seen.
"""

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q

from comments.models import Comment, TokenCount

WORD_RE = re.compile(r"[^\W\d_][\w'-]{2,30}", re.UNICODE)
URL_RE = re.compile(r"(?:https?://|www\.)([^/\s?#]+)", re.IGNORECASE)
DECISIONS = ""  # the TokenCount row counting decisions rather than a token
SPAM, HAM = "spam", "ham"
HOLD_OUT = 5  # comments whose id is a multiple of this are only ever tested on
MIN_EACH = 3  # decisions of each kind before the filter says anything
HOLD_AT = 0.9
SPAM_AT = 0.995
TOP_WORDS = 5
ACCURACY_CACHE_KEY = "comments:classifier:accuracy"
# Another app server's decisions reach this one's cached figure within this many seconds.
ACCURACY_CACHE_SECONDS = 300


def tokens(
    *, text: str, author_name: str = "", author_url: str = "", author_email: str = ""
) -> set[str]:
    """The features a comment is judged by: its words, link domains, name and website traits."""
    found = {word.lower() for word in WORD_RE.findall(text)}
    hosts = URL_RE.findall(text)
    found |= {f"link:{host.lower().removeprefix('www.')}" for host in hosts}
    if hosts:
        found.add(f"links:{min(len(hosts), 3)}")
    if author_url:
        host = (urlsplit(author_url).hostname or "").removeprefix("www.")
        found.add(f"site:{host}")
        found.add("has:website")
    if any(ch.isdigit() for ch in author_name):
        found.add("name:digits")
    if len(author_name.split()) >= 4:
        found.add("name:long")
    if author_email:
        found.add(f"maildomain:{author_email.rsplit('@', 1)[-1].lower()}")
    return {token[:100] for token in found}


def comment_tokens(comment: Comment) -> set[str]:
    """:func:`tokens` of a stored comment."""
    return tokens(
        text=comment.text,
        author_name=comment.author_name,
        author_url=comment.author_url,
        author_email=comment.author_email,
    )


def _add(features: set[str], label: str, by: int) -> None:
    column = "spam" if label == SPAM else "ham"
    keys = [*features, DECISIONS]
    if by > 0:
        TokenCount.objects.bulk_create(
            [TokenCount(token=key) for key in keys], ignore_conflicts=True
        )
        TokenCount.objects.filter(token__in=keys).update(**{column: F(column) + by})
    else:
        TokenCount.objects.filter(token__in=keys, **{f"{column}__gt": 0}).update(
            **{column: F(column) + by}
        )


def learn(comment: Comment, status: str) -> None:
    """Teach the filter a moderator's decision on ``comment`` (and forget an earlier one)."""
    label = {Comment.Status.SPAM: SPAM, Comment.Status.APPROVED: HAM}.get(status, "")
    forget_accuracy()  # a decision changes the counts or the held-out set
    if comment.pk % HOLD_OUT == 0:
        return  # held out: measured against, never learned from
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.learned_as == label:
            return
        features = comment_tokens(current)
        if current.learned_as:
            _add(features, current.learned_as, -1)
        if label:
            _add(features, label, +1)
        Comment.objects.filter(pk=comment.pk).update(learned_as=label)


@dataclass(frozen=True)
class Score:
    """How spammy the filter finds a comment, and the features that weighed most."""

    probability: float
    top: list[str]

    def __str__(self) -> str:
        return f"score {self.probability:.3f}: {', '.join(self.top)}"


# Tokens looked up per query: one query for any realistic batch of comments (the preview's 500),
# and well under the bind-parameter limits of SQLite and PostgreSQL (65,535) for any batch.
LOOKUP_CHUNK = 10_000


def counts_for(features: set[str]) -> dict[str, TokenCount]:
    """The learned counts of ``features`` (and the decisions row), by token."""
    keys = sorted({*features, DECISIONS})
    found: dict[str, TokenCount] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        rows = TokenCount.objects.filter(token__in=keys[start : start + LOOKUP_CHUNK])
        found.update((row.token, row) for row in rows)
    return found


def without_own(
    features: set[str], counts: dict[str, TokenCount], learned_as: str
) -> dict[str, TokenCount]:
    """``counts`` as they were before the filter was taught this comment as ``learned_as``.

    Re-scoring a comment the moderators already decided would otherwise see its own decision
    in the counts and agree with it: the dry run judges it as if it were new.
    """
    if learned_as not in (SPAM, HAM):
        return counts
    column = "spam" if learned_as == SPAM else "ham"
    adjusted = dict(counts)
    for key in {*features, DECISIONS}:
        if (row := counts.get(key)) is not None:
            copy = TokenCount(token=row.token, spam=row.spam, ham=row.ham)
            setattr(copy, column, max(getattr(row, column) - 1, 0))
            adjusted[key] = copy
    return adjusted


def score_from(features: set[str], counts: dict[str, TokenCount]) -> Score | None:
    """The spam probability of ``features`` given the counts; None while it knows too little."""
    totals = counts.get(DECISIONS)
    if totals is None or totals.spam < MIN_EACH or totals.ham < MIN_EACH:
        return None
    log_odds = math.log(totals.spam / totals.ham)
    weights = []
    for feature in features:
        row = counts.get(feature)
        if row is None or row.spam + row.ham == 0:
            continue
        # Laplace-smoothed likelihood of the feature in spam and in approved comments.
        weight = math.log((row.spam + 1) / (totals.spam + 2)) - math.log(
            (row.ham + 1) / (totals.ham + 2)
        )
        log_odds += weight
        weights.append((weight, feature))
    probability = 1 / (1 + math.exp(-max(min(log_odds, 50), -50)))
    top = [feature for weight, feature in sorted(weights, reverse=True)[:TOP_WORDS] if weight > 0]
    return Score(probability, top)


def score(features: set[str]) -> Score | None:
    """:func:`score_from` with the counts read from the database (one query)."""
    return score_from(features, counts_for(features))


@dataclass(frozen=True)
class Accuracy:
    """Spam precision and recall on held-out decisions."""

    tested: int
    precision: float | None
    recall: float | None


def accuracy(*, last: int = 200) -> Accuracy:
    """How well the filter's "spam" (score at or above the hold line) matches held-out decisions.

    Two queries whatever the numbers: the held-out comments, then the counts of their tokens.
    """
    held_out = list(
        Comment.objects.filter(
            Q(status=Comment.Status.SPAM) | Q(status=Comment.Status.APPROVED),
            user__isnull=True,
        )
        .alias(remainder=F("pk") % HOLD_OUT)
        .filter(remainder=0)
        .order_by("-pk")
        .only("pk", "text", "author_name", "author_url", "author_email", "status")[:last]
    )
    features = {comment.pk: comment_tokens(comment) for comment in held_out}
    counts = counts_for(set().union(*features.values())) if features else {}
    hits = false_alarms = misses = tested = 0
    for comment in held_out:
        result = score_from(features[comment.pk], counts)
        if result is None:
            continue
        tested += 1
        said_spam = result.probability >= HOLD_AT
        is_spam = comment.status == Comment.Status.SPAM
        hits += said_spam and is_spam
        false_alarms += said_spam and not is_spam
        misses += is_spam and not said_spam
    precision = hits / (hits + false_alarms) if hits + false_alarms else None
    recall = hits / (hits + misses) if hits + misses else None
    return Accuracy(tested, precision, recall)


def forget_accuracy() -> None:
    """Drop the cached accuracy now and once the decision commits (a concurrent page view may
    have computed it from the counts before the decision in between)."""
    cache.delete(ACCURACY_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(ACCURACY_CACHE_KEY))


def cached_accuracy() -> Accuracy:
    """:func:`accuracy`, computed at most once per decision (or five minutes) for the inbox.

    Scoring the held-out comments means reading and splitting 200 texts: about 60 ms, which
    every inbox page would otherwise pay (bench/inbox.py).
    """
    found = cache.get(ACCURACY_CACHE_KEY)
    if found is None:
        found = accuracy()
        cache.set(ACCURACY_CACHE_KEY, found, ACCURACY_CACHE_SECONDS)
    return found
