"""Comment pages: fifty threads a page, never split, and every way to a comment lands on it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from comments.text import render_text
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def threads(article, count: int, *, start=None) -> list[Comment]:
    """``count`` approved top-level comments, a minute apart, oldest first ("Thread 0"…)."""
    start = start or timezone.now() - timedelta(days=10)
    return Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.org",
            text=f"Thread {n}.",
            text_html=render_text(f"Thread {n}."),
            status="approved",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(count)
    )


def shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<p>Thread (\d+)\.</p>", html)]


@pytest.fixture
def article():
    return make_article(title="Clean water")


def test_fifty_threads_a_page_oldest_first_and_a_late_reply_stays_with_its_thread(
    client, article
) -> None:
    roots = threads(article, 120)
    late = make_comment(article=article, parent=roots[3], text="A reply written last.")
    url = article.get_absolute_url()
    first = client.get(url).content.decode()
    assert shown(first) == list(range(50))
    assert "A reply written last." in first  # with thread 3, not on the last page
    assert "121 comments on" in first
    assert shown(client.get(f"{url}?cpage=2").content.decode()) == list(range(50, 100))
    last = client.get(f"{url}?cpage=3").content.decode()
    assert shown(last) == list(range(100, 120))
    assert "A reply written last." not in last
    assert late.pk


def test_page_links_are_a_named_navigation_with_prev_and_next(client, article) -> None:
    threads(article, 120)
    url = article.get_absolute_url()
    html = client.get(f"{url}?cpage=2").content.decode()
    nav = html[html.index('<nav class="comment-pages" aria-label="Comment pages">') :]
    nav = nav[: nav.index("</nav>")]
    assert f'<a href="{url}#comments" rel="prev">Older comments</a>' in nav
    assert f'<a href="{url}?cpage=3#comments" rel="next">Newer comments</a>' in nav
    assert f'<a href="{url}?cpage=2#comments" aria-current="page">' in nav
    assert "cpage=1" not in html  # page 1 is the article's own address
    assert 'aria-label="More comment pages"' in html  # the second nav, under the threads
    # Search engines: every comment page names the article as the page to index.
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    single = make_article()
    threads(single, 50)
    assert "comment-pages" not in client.get(single.get_absolute_url()).content.decode()


def test_a_page_past_the_end_shows_the_last_and_nonsense_shows_the_first(client, article) -> None:
    threads(article, 60)
    url = article.get_absolute_url()
    assert shown(client.get(f"{url}?cpage=9").content.decode()) == list(range(50, 60))
    assert shown(client.get(f"{url}?cpage=x").content.decode()) == list(range(50))
    assert shown(client.get(f"{url}?cpage=0").content.decode()) == list(range(50))


def test_a_permalink_leads_to_the_page_and_anchor_of_its_comment(client, article) -> None:
    roots = threads(article, 120)
    reply = make_comment(article=article, parent=roots[75], text="Deep in page two.")
    url = article.get_absolute_url()
    assert reply.get_absolute_url() == reverse("comments:permalink", args=[reply.pk])
    response = client.get(reply.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{url}?cpage=2#comment-{reply.pk}"
    assert client.get(roots[0].get_absolute_url())["Location"] == f"{url}#comment-{roots[0].pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="comment-{reply.pk}"' in page
    # The date of each comment links to it on this page.
    assert f'href="{url}?cpage=2#comment-{reply.pk}"' in page


def test_a_permalink_shows_nothing_a_reader_may_not_see(client, article, moderator) -> None:
    threads(article, 60)
    hidden = [
        make_comment(article=article, status="pending"),
        make_comment(article=article, status="spam"),
    ]
    for comment in hidden:  # removed since the link was sent: the article's comments
        response = client.get(comment.get_absolute_url())
        assert response["Location"] == f"{article.get_absolute_url()}#comments"
    draft = make_article(status="draft", published_at=None)
    assert client.get(make_comment(article=draft).get_absolute_url()).status_code == 404
    assert client.get(reverse("comments:permalink", args=[999_999])).status_code == 404
    # A moderator's "view on site" from the inbox finds where a pending one would stand.
    client.force_login(moderator)
    location = client.get(hidden[0].get_absolute_url())["Location"]
    assert location == f"{article.get_absolute_url()}?cpage=2#comment-{hidden[0].pk}"


def test_replytocom_opens_the_page_of_the_comment_with_the_form_set_up(client, article) -> None:
    roots = threads(article, 120)
    html = client.get(f"{article.get_absolute_url()}?replytocom={roots[110].pk}").content.decode()
    assert shown(html) == list(range(100, 120))
    assert "Leave a Reply to Reader 110" in html
    assert f'name="parent" value="{roots[110].pk}"' in html


def test_after_posting_the_reader_lands_on_the_page_with_their_comment(
    client, article, form_data
) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"flood_interval_seconds": 0})
    roots = threads(article, 120)
    post = reverse("comments:post", args=[article.pk])
    url = article.get_absolute_url()

    response = client.post(post, form_data(article, text="My new thread."))
    mine = Comment.objects.get(text="My new thread.")
    assert response["Location"] == f"{url}?cpage=3#comment-{mine.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "My new thread." in page and "Your comment is awaiting moderation." in page
    assert "My new thread." not in Client().get(f"{url}?cpage=3").content.decode()

    reply = client.post(post, form_data(article, text="Answering 60.", parent=str(roots[60].pk)))
    answer = Comment.objects.get(text="Answering 60.")
    assert reply["Location"] == f"{url}?cpage=2#comment-{answer.pk}"
    assert "Answering 60." in client.get(reply["Location"]).content.decode()


def test_a_refused_reply_comes_back_on_the_page_of_the_comment_it_answers(
    client, article, form_data
) -> None:
    roots = threads(article, 120)
    data = form_data(article, text="Answering 70.", parent=str(roots[70].pk), author_email="")
    response = client.post(reverse("comments:post", args=[article.pk]), data, follow=True)
    html = response.content.decode()
    assert "Answering 70.</textarea>" in html
    assert "Leave a Reply to Reader 70" in html
    assert shown(html) == list(range(50, 100))


def test_the_comment_form_posts_from_every_page(client, article) -> None:
    threads(article, 120)
    for page in ("", "?cpage=2", "?cpage=3"):
        html = client.get(f"{article.get_absolute_url()}{page}").content.decode()
        assert f'action="{reverse("comments:post", args=[article.pk])}#respond"' in html
