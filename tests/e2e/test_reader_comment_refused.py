"""A reader whose comment is refused lands back at the form: the reason and their text in view."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment, DiscussionSettings
from tests.e2e.reader_actions import write_comment
from tests.factories import make_article, make_comment

TEXT = "A long, careful thought about wells that I would hate to type twice."
EMAIL = "rosa@example.org"


def _too_quick(article) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 3600})


def _flood(article) -> None:
    make_comment(article=article, author_email=EMAIL, created_at=timezone.now())


def _duplicate(article) -> None:
    make_comment(
        article=article,
        author_email=EMAIL,
        text=TEXT,
        created_at=timezone.now() - timedelta(minutes=5),
    )


def _closed(article) -> None:
    article.comments_open = False
    article.save()


REFUSALS = {
    # refusal: (what happens while the reader writes, the message they must see, fields)
    "too quick": (_too_quick, "That was quick!", {}),
    "flood": (_flood, "You are posting comments too quickly.", {}),
    "duplicate": (_duplicate, "you have already said that", {}),
    "closed thread": (_closed, "Comments are closed on this article", {}),
    "missing fields": (lambda article: None, "Email: Please give your email", {"email": ""}),
}


@pytest.mark.parametrize("refusal", list(REFUSALS))
def test_a_refused_comment_comes_back_at_the_form_with_the_reason_and_the_text(
    page, refusal
) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 0})
    article = make_article(title="Clean water")
    setup, message, overrides = REFUSALS[refusal]
    page.goto(article.get_absolute_url())
    page.locator("#commentform").evaluate("form => form.noValidate = true")  # server's errors
    write_comment(page, TEXT, name="Rosa Reader", email=overrides.get("email", EMAIL))
    setup(article)
    before = Comment.objects.count()
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()

    assert page.url.endswith(f"{article.get_absolute_url()}#respond")
    summary = page.locator("#comment-notice")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message, ignore_case=True)
    expect(summary).to_be_in_viewport()
    comment_box = page.get_by_role("textbox", name="Comment", exact=True)
    expect(comment_box).to_have_value(TEXT)
    expect(comment_box).to_be_in_viewport(ratio=0.3)

    page.reload()  # a plain GET: nothing is sent again, and the text is still there
    expect(page.get_by_role("textbox", name="Comment", exact=True)).to_have_value(TEXT)
    assert Comment.objects.count() == before
    assert not Comment.objects.filter(status=Comment.Status.SPAM).exists()
