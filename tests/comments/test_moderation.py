"""The moderation rules that views, template tags and the admin share."""

import pytest

from comments import moderation
from comments.models import Comment, DiscussionSettings
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status
SITE = "http://testserver/"


def test_replies_nest_until_the_configured_thread_depth() -> None:
    rules = DiscussionSettings.load()
    rules.thread_depth = 2
    article = make_article()
    top = make_comment(article=article)
    reply = make_comment(article=article, parent=top, depth=1)
    assert moderation.can_reply_under(top, rules=rules)
    assert not moderation.can_reply_under(reply, rules=rules)


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
