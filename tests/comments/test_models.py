import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from comments.models import Comment, DiscussionSettings
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_unknown_status() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(status="published")


def test_the_database_refuses_a_reply_at_depth_zero_and_a_top_comment_below_it() -> None:
    top = make_comment()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(parent=top, depth=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(depth=2)


def test_the_database_refuses_an_empty_comment() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(text="")


def test_a_reply_must_be_on_the_same_article() -> None:
    top = make_comment()
    stray = Comment(
        article=make_article(),
        parent=top,
        depth=1,
        author_name="A",
        author_email="a@example.org",
        text="Hi",
    )
    with pytest.raises(ValidationError) as error:
        stray.full_clean()
    assert "parent" in error.value.message_dict


def test_discussion_settings_is_a_single_row_with_wordpress_defaults() -> None:
    row = DiscussionSettings.load()
    DiscussionSettings(hold_all=True).save()
    assert DiscussionSettings.objects.count() == 1
    row.refresh_from_db()
    assert row.hold_all is True
    fresh = DiscussionSettings()
    assert (fresh.thread_depth, fresh.link_threshold, fresh.flood_interval_seconds) == (5, 2, 15)
    assert (fresh.min_seconds, fresh.ip_retention_days) == (3, 90)


def test_word_lists_ignore_blank_lines_and_case() -> None:
    row = DiscussionSettings(moderation_words="Refund\n\n  Crypto  \n")
    assert row.moderation_word_list == ["refund", "crypto"]


def test_queryset_helpers() -> None:
    article = make_article()
    approved = make_comment(article=article)
    pending = make_comment(article=article, status="pending")
    make_comment(article=article, status="spam")
    make_comment(article=article, status="trash")
    make_comment(status="approved")
    assert list(Comment.objects.for_article(article).approved()) == [approved]
    assert list(Comment.objects.pending()) == [pending]
