"""The discussion settings' dry run: recent comments decided again, nothing saved."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from comments import preview
from comments.models import Comment, DiscussionSettings, StatusChange
from tests.comments.test_classifier import decide_all
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def logged(comment, *statuses: str) -> None:
    """The comment's log as the pipeline and a moderator would have written it."""
    before = ""
    for status in statuses:
        StatusChange.objects.create(comment=comment, from_status=before, to_status=status)
        before = status


def _settings_post(**changes) -> dict:
    data = {k: v for k, v in model_to_dict(DiscussionSettings.load()).items() if k != "id"}
    data.update(changes)
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def test_lowering_the_link_limit_shows_which_comments_would_be_held_and_saves_nothing(
    moderator_client,
) -> None:
    earlier = timezone.now() - timedelta(days=3)
    first = make_comment(author_email="kim@example.org", status="approved", created_at=earlier)
    logged(first, "pending", "approved")  # held as a first comment, then approved
    linked = make_comment(
        author_name="Kim",
        author_email="kim@example.org",
        text="See https://example.org/wells for the map.",
        status="approved",
        reason="known_commenter",
    )
    plain = make_comment(author_email="kim@example.org", text="No links here.", status="approved")
    logged(linked, "approved")
    logged(plain, "approved")
    url = reverse("admin:comments_discussionsettings_change", args=[DiscussionSettings.load().pk])

    unchanged = moderator_client.post(url, {**_settings_post(), "_preview": "Preview"})
    assert unchanged.status_code == 200
    assert "0 comments would be decided differently." in unchanged.content.decode()

    response = moderator_client.post(url, {**_settings_post(link_threshold=1), "_preview": "1"})
    html = response.content.decode()
    assert "1 comment would be decided differently." in html
    changes = html[html.index('id="preview-changes"') :]
    assert "See https://example.org/wells" in changes
    assert "Too many links (1 links)" in changes
    assert "No links here." not in changes
    assert 'name="link_threshold" value="1"' in html  # the edit is still in the form
    assert DiscussionSettings.load().link_threshold == 2  # nothing saved
    assert {linked.pk, plain.pk} <= {
        p.comment.pk for p in preview.preview(DiscussionSettings.load()).predictions
    }


def test_the_dry_run_reads_a_fixed_number_of_queries(django_assert_num_queries) -> None:
    for number in range(30):
        make_comment(author_email=f"c{number}@example.org", text=f"Comment {number}")
    rules = DiscussionSettings.load()
    with django_assert_num_queries(5):
        result = preview.preview(rules)
    assert len(result.predictions) == 30


def test_the_dry_run_replays_the_learning_filter_with_its_reason(moderator) -> None:
    earlier = timezone.now() - timedelta(days=2)
    make_comment(author_email="agent@recovery.example", status="approved", created_at=earlier)
    slipped_through = make_comment(
        author_email="agent@recovery.example",
        text="Crypto wallet recovery agents: we recover lost wallets.",
        status="approved",
        reason="known_commenter",
    )
    logged(slipped_through, "approved")
    rules = DiscussionSettings.load()
    before = {p.comment.pk: p for p in preview.preview(rules).predictions}
    assert before[slipped_through.pk].would.reason == Comment.Reason.KNOWN_COMMENTER

    decide_all(moderator)  # seven crypto-recovery spams and seven ordinary comments

    after = {p.comment.pk: p for p in preview.preview(rules).predictions}
    prediction = after[slipped_through.pk]
    assert prediction.changed  # approved then, held (or spam) under what the filter knows now
    assert prediction.would.reason == Comment.Reason.LEARNED
    assert prediction.would_reason().startswith("The learning filter's score (score ")
    assert "crypto" in prediction.would_reason()
    # A comment the moderators taught it is judged without its own lesson, and still agrees.
    taught = Comment.objects.filter(status="spam", learned_as="spam").first()
    assert after[taught.pk].would.reason == Comment.Reason.LEARNED
