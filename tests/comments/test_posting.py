"""Posting the "Leave a Reply" form: success, and the form handed back whole on every refusal."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.forms import issue_token
from comments.models import Comment, DiscussionSettings, SenderRule
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

TEXT = "My carefully written thoughts, which must never be lost."


def post(client, article, data):
    return client.post(reverse("comments:post", args=[article.pk]), data)


def refused(client, article, data):
    """Post a comment that is refused: the reader is sent to the form; the page they see."""
    response = post(client, article, data)
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#respond"
    return client.get(response["Location"])


def assert_text_kept(response, text: str = TEXT) -> None:
    html = response.content.decode()
    assert f">\n{text}</textarea>" in html
    assert 'value="Rosa Reader"' in html
    assert 'id="respond"' in html


def test_a_first_comment_redirects_to_it_and_only_its_browser_sees_it(
    client, form_data, site_settings
) -> None:
    article = make_article()
    response = post(client, article, form_data(article, text=TEXT))
    comment = Comment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING

    mine = client.get(article.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in mine
    assert TEXT in mine
    other = Client().get(article.get_absolute_url()).content.decode()
    assert TEXT not in other
    assert "awaiting moderation" not in other


def test_an_approved_comment_shows_for_everybody_at_once(client, form_data) -> None:
    make_comment(author_email="rosa@example.org", created_at=timezone.now() - timedelta(days=2))
    article = make_article()
    post(client, article, form_data(article, text=TEXT))
    html = Client().get(article.get_absolute_url()).content.decode()
    assert TEXT in html
    assert "awaiting moderation" not in html


def test_invalid_fields_come_back_with_messages_tied_to_them_and_the_text_kept(
    client, form_data
) -> None:
    article = make_article()
    response = refused(client, article, form_data(article, text=TEXT, author_email="not-an-email"))
    html = response.content.decode()
    assert_text_kept(response)
    assert 'id="id_author_email_error"' in html
    assert 'aria-describedby="id_author_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Please enter an email address" in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("text", 10_000, "shorten your comment to 10000"),
        ("author_name", 245, "shorten your name to 245"),
        ("author_url", 200, "shorten your website address to 200"),
    ],
)
def test_length_limits_have_clear_messages(client, form_data, field, limit, message) -> None:
    article = make_article()
    value = "https://example.com/" + "a" * limit if field == "author_url" else "a" * (limit + 1)
    response = refused(client, article, form_data(article, **{field: value}))
    assert message in response.content.decode()


def test_a_line_break_in_the_name_is_refused_with_a_message_and_the_comment_kept(
    client, form_data
) -> None:
    article = make_article()
    response = refused(
        client, article, form_data(article, text=TEXT, author_name="Rosa\r\nBcc: x@spam.example")
    )
    html = response.content.decode()
    assert f">\n{TEXT}</textarea>" in html
    assert "Please keep this on one line" in html
    assert not Comment.objects.exists()


def test_a_control_character_in_the_comment_is_refused_with_a_message(client, form_data) -> None:
    article = make_article()
    response = refused(client, article, form_data(article, text=f"{TEXT}\x1b[2J"))
    assert "invisible control character U+001B" in response.content.decode()
    assert 'value="Rosa Reader"' in response.content.decode()
    assert not Comment.objects.exists()


def test_a_closed_thread_hands_the_text_back(client, form_data) -> None:
    article = make_article()
    data = form_data(article, text=TEXT)
    article.comments_open = False
    article.save()
    response = refused(client, article, data)
    assert "Comments are closed" in response.content.decode()
    assert f"{TEXT}</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_flooding_is_refused_with_the_wait_and_the_text_kept(client, form_data) -> None:
    article = make_article()
    make_comment(article=article, author_email="rosa@example.org", created_at=timezone.now())
    response = refused(client, article, form_data(article, text=TEXT))
    assert_text_kept(response)
    assert "too quickly" in response.content.decode()


def test_a_duplicate_is_refused_with_a_message(client, form_data) -> None:
    article = make_article()
    make_comment(
        article=article,
        author_email="rosa@example.org",
        text=TEXT,
        created_at=timezone.now() - timedelta(minutes=5),
    )
    response = refused(client, article, form_data(article, text=TEXT))
    assert "already said that" in response.content.decode()
    assert Comment.objects.count() == 1


def test_an_expired_form_is_reissued_and_sending_it_again_works(client, form_data) -> None:
    article = make_article()
    stale = issue_token(article, issued_at=time.time() - 3 * 24 * 3600)
    response = refused(client, article, form_data(article, text=TEXT, token=stale))
    assert_text_kept(response)
    assert "form has expired" in response.content.decode()
    fresh = response.context["form"]["token"].value()
    assert fresh != stale
    DiscussionSettings.objects.update(min_seconds=0)
    again = post(client, article, form_data(article, text=TEXT, token=fresh))
    assert again.status_code == 303


def test_a_form_handed_back_keeps_its_age_so_a_quick_fix_is_not_taken_for_spam(
    client, form_data
) -> None:
    article = make_article()
    data = form_data(article, text=TEXT, author_name="")  # the page loaded a minute ago
    response = refused(client, article, data)
    data.update(author_name="Rosa Reader", token=response.context["form"]["token"].value())
    assert post(client, article, data).status_code == 303  # a second later
    comment = Comment.objects.get()
    assert (comment.status, comment.reason) == ("pending", "first_time")


def test_a_token_for_another_article_is_refused(client, form_data) -> None:
    article, other = make_article(), make_article()
    response = refused(client, article, form_data(article, text=TEXT, token=issue_token(other)))
    assert_text_kept(response)


def test_a_failed_csrf_check_hands_the_comment_form_back_with_the_text(form_data) -> None:
    client = Client(enforce_csrf_checks=True)
    article = make_article()
    response = post(client, article, form_data(article, text=TEXT))
    assert response.status_code == 403
    assert_text_kept(response)
    assert "security check failed" in response.content.decode()
    assert not Comment.objects.exists()
    # The handed-back page carries a fresh CSRF token, so sending it again works.
    token = response.context["csrf_token"]
    DiscussionSettings.objects.update(min_seconds=0)
    data = form_data(article, text=TEXT, csrfmiddlewaretoken=str(token))
    data["token"] = response.context["form"]["token"].value()
    assert post(client, article, data).status_code == 303


def test_a_too_fast_post_is_handed_back_with_the_text_and_not_stored(client, form_data) -> None:
    article = make_article()
    response = refused(client, article, form_data(article, text=TEXT, token=issue_token(article)))
    assert_text_kept(response)
    assert "That was quick! Please check your comment and send it again." in (
        response.content.decode()
    )
    assert not Comment.objects.exists()  # no spam copy waits in the queue


def test_resending_a_too_fast_post_a_moment_later_is_accepted_normally(client, form_data) -> None:
    article = make_article()
    data = form_data(article, text=TEXT, token=issue_token(article, issued_at=time.time() - 1.5))
    first = refused(client, article, data)
    time.sleep(1.6)  # the reader reads the message; the form is now over 3 s old
    data["token"] = first.context["form"]["token"].value()
    again = post(client, article, data)
    assert again.status_code == 303
    sent = Comment.objects.get()
    assert (sent.status, sent.reason) == ("pending", "first_time")
    assert again["Location"].endswith(f"#comment-{sent.pk}")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count(TEXT) == 1
    assert "Your comment is awaiting moderation." in html


def test_the_refused_page_reloads_without_posting_again_and_keeps_the_text(
    client, form_data
) -> None:
    article = make_article()
    make_comment(article=article, author_email="rosa@example.org", created_at=timezone.now())
    first = refused(client, article, form_data(article, text=TEXT))
    assert "too quickly" in first.content.decode()
    reload = client.get(f"{article.get_absolute_url()}")  # what the address bar now holds
    assert_text_kept(reload)
    assert "too quickly" not in reload.content.decode()  # the message was shown once
    assert Comment.objects.count() == 1


def test_the_kept_text_is_forgotten_once_the_comment_is_sent(client, form_data) -> None:
    article = make_article()
    data = form_data(article, text=TEXT, author_name="")
    refused(client, article, data)
    data["author_name"] = "Rosa Reader"
    assert post(client, article, data).status_code == 303
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count(TEXT) == 1  # the comment itself, no longer in the form
    assert f"{TEXT}</textarea>" not in html


def test_the_summary_names_each_problem_and_links_to_its_field(client, form_data) -> None:
    article = make_article()
    data = form_data(article, text=TEXT, author_name="", author_email="not-an-email")
    html = refused(client, article, data).content.decode()
    summary = html[html.index('id="comment-notice"') : html.index('id="commentform"')]
    assert '<a href="#id_author_name">Name: Please give your name.</a>' in summary
    assert 'href="#id_author_email">Email: Please enter an email address' in summary


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"homepage": "http://x.example"}, "honeypot"),
        ({"text": f"{TEXT} Cheap pills."}, "disallowed_word"),
    ],
)
def test_a_comment_held_as_spam_looks_to_its_author_like_any_comment_awaiting_moderation(
    client, form_data, moderator, overrides, reason
) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"disallowed_words": "pills"})
    article = make_article()
    held = post(client, article, form_data(article, **{"text": TEXT, **overrides}))
    comment = Comment.objects.get()
    assert (comment.status, comment.reason) == ("spam", reason)
    # The same answer as for a held comment: a spammer learns nothing.
    assert held.status_code == 303
    assert held["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    mine = client.get(article.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in mine
    assert TEXT in mine
    other = Client().get(article.get_absolute_url()).content.decode()
    assert TEXT not in other

    # A moderator finds it in the spam list and rescues it.
    moderation.restore(comment, moderator=moderator, site_url="http://testserver/")
    moderation.approve(comment, moderator=moderator, site_url="http://testserver/")
    assert TEXT in Client().get(article.get_absolute_url()).content.decode()


def test_a_comment_an_always_spam_rule_catches_looks_to_its_author_like_one_awaiting_moderation(
    client, form_data
) -> None:
    SenderRule.objects.create(kind="email", value="rosa@example.org", verdict="spam")
    article = make_article()
    post(client, article, form_data(article, text=TEXT))
    assert Comment.objects.get().reason == "listed"
    mine = client.get(article.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in mine
    assert TEXT not in Client().get(article.get_absolute_url()).content.decode()


def test_a_held_spam_comment_a_moderator_trashes_no_longer_shows_to_its_author(
    client, form_data, moderator
) -> None:
    article = make_article()
    post(client, article, form_data(article, text=TEXT, homepage="http://x.example"))
    moderation.trash(Comment.objects.get(), moderator=moderator, site_url="http://testserver/")
    assert TEXT not in client.get(article.get_absolute_url()).content.decode()


def test_a_comment_marked_as_spam_no_longer_shows_to_its_author(client, form_data) -> None:
    article = make_article()
    post(client, article, form_data(article, text=TEXT))
    comment = Comment.objects.get()
    assert "awaiting moderation" in client.get(article.get_absolute_url()).content.decode()
    moderation.mark_spam(comment, moderator=None, site_url="http://testserver/")
    html = client.get(article.get_absolute_url()).content.decode()
    assert TEXT not in html
    assert "awaiting moderation" not in html


def test_a_double_submit_leads_to_the_one_comment_without_an_error(client, form_data) -> None:
    article = make_article()
    data = form_data(article, text=TEXT)
    first = post(client, article, data)
    second = post(client, article, data)
    assert (first.status_code, second.status_code) == (303, 303)
    comment = Comment.objects.get()
    assert (
        second["Location"]
        == first["Location"]
        == f"{article.get_absolute_url()}#comment-{comment.pk}"
    )
    html = client.get(second["Location"]).content.decode()
    assert "Your comment is awaiting moderation." in html
    assert "too quickly" not in html


def test_a_double_click_is_caught_even_before_the_first_cookie_arrives(form_data) -> None:
    # The browser sends the second request before the first response (and its cookie) lands.
    browser_secret = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
    first_click, second_click = Client(), Client()
    for click in first_click, second_click:
        click.cookies["csrftoken"] = browser_secret
    article = make_article()
    data = form_data(article, text=TEXT)
    assert post(first_click, article, data).status_code == 303
    second = post(second_click, article, data)
    assert second.status_code == 303
    assert second["Location"] == f"{article.get_absolute_url()}#comment-{Comment.objects.get().pk}"


def test_the_same_comment_from_another_browser_is_still_a_duplicate(client, form_data) -> None:
    article = make_article()
    post(client, article, form_data(article, text=TEXT))
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=1))  # past the flood
    response = refused(Client(), article, form_data(article, text=TEXT))
    assert "already said that" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_new_comment_from_the_same_browser_is_still_flood_checked(client, form_data) -> None:
    article = make_article()
    post(client, article, form_data(article, text=TEXT))
    page = refused(client, article, form_data(article, text="Something else entirely."))
    assert Comment.objects.count() == 1
    assert "too quickly" in page.content.decode()


def test_reloading_the_post_address_leads_back_to_the_form(client) -> None:
    article = make_article()
    response = client.get(reverse("comments:post", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#respond"


def test_remember_me_fills_the_form_next_time_only_when_ticked(client, form_data) -> None:
    article = make_article()
    post(client, article, form_data(article, remember="on"))
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert 'value="Rosa Reader"' in html
    assert 'value="rosa@example.org"' in html

    # Unticking clears what was remembered.
    DiscussionSettings.objects.update(flood_interval_seconds=0)
    other = make_article()
    assert post(client, other, form_data(other, text="Another thought.")).status_code == 303
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Rosa Reader" not in html


def test_nothing_is_remembered_without_the_box(client, form_data) -> None:
    article = make_article()
    response = post(client, article, form_data(article))
    assert response.cookies["comment_author"].value == ""
    assert "Rosa Reader" not in client.get(make_article().get_absolute_url()).content.decode()
