"""How comments look to readers: plain text only, safe links, threads, and never an email."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, DiscussionSettings
from comments.text import render_text
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "</textarea><svg onload=alert(1)>",
]


def test_text_keeps_paragraphs_and_line_breaks() -> None:
    html = render_text("First line\nsecond line\n\nNew paragraph")
    assert html == "<p>First line<br>\nsecond line</p><p>New paragraph</p>"


def test_urls_are_linked_with_nofollow_ugc_noopener_and_emails_are_not() -> None:
    html = render_text("See https://example.com/a?b=1&c=2 or write to me@example.org")
    assert (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>" in html
    )
    assert "mailto:" not in html


def test_the_text_is_rendered_when_saved_and_again_when_edited(client) -> None:
    comment = make_comment(text="Before: see https://a.example")
    assert 'href="https://a.example"' in comment.text_html
    comment.text = "After <b>edit</b>"
    comment.save(update_fields=["text"])
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert "After &lt;b&gt;edit&lt;/b&gt;" in html
    assert "Before" not in html


def test_dates_are_shown_in_the_site_time_zone(client, settings) -> None:
    settings.TIME_ZONE = "Europe/London"
    written = datetime(2026, 7, 1, 12, 30, 5, 123456, tzinfo=UTC)
    comment = make_comment(created_at=written)
    html = client.get(comment.article.get_absolute_url()).content.decode()
    assert '<time datetime="2026-07-01T13:30:05+01:00">1 July 2026 at 13:30</time>' in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_the_text_is_shown_as_text(payload) -> None:
    html = render_text(payload)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "javascript:alert" not in html or "&#x27;javascript" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_escaped_on_the_page(client, payload) -> None:
    article = make_article()
    make_comment(article=article, author_name=payload, text=payload)
    make_comment(article=article, author_name="Linked", author_url=f"https://x.example/{payload}")
    html = client.get(article.get_absolute_url()).content.decode()
    section = html[html.index('id="comments"') :]
    for dangerous in ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(1)>"):
        assert dangerous not in section


def test_only_http_websites_are_linked_from_the_name(client) -> None:
    article = make_article()
    make_comment(article=article, author_name="Safe", author_url="https://safe.example/")
    make_comment(article=article, author_name="Sneaky", author_url="javascript:alert(1)")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<a class="comment__author-link" href="https://safe.example/" rel="nofollow ugc noopener">'
        "Safe</a>" in html
    )
    assert "javascript:alert" not in html
    assert "Sneaky" in html


def public_paths_without_arguments() -> list[str]:
    """Every URL in the URLconf that takes no argument, outside the admin."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if "<" in route or "(?P" in route or route.startswith("admin/"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                found.append("/" + (prefix + route).lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return found


def test_the_email_address_never_reaches_a_public_page(client, form_data, site_settings) -> None:
    email = "secret.person@example.org"
    article = make_article(title="Secret-free article")
    make_comment(article=article, author_email=email, author_url="https://site.example")
    post = make_comment(article=article, author_email="other@example.org")
    make_comment(parent=post, author_email=email, notify_replies=True)
    make_comment(article=article, author_email=email, status="pending")
    digests = {
        hashlib.md5(email.encode()).hexdigest(),
        hashlib.sha256(email.encode()).hexdigest(),
        hashlib.md5(email.upper().encode()).hexdigest(),
    }
    pages = [
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?replytocom={post.pk}",
        article.category.get_absolute_url(),
        *public_paths_without_arguments(),
    ]
    assert "/" in pages
    for url in pages:
        response = Client().get(url, follow=True)
        # /favicon.ico ends at a static file, which WhiteNoise streams.
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        assert email not in body, url
        assert "secret.person" not in body, url
        assert not any(digest in body for digest in digests), url
    # A refused post hands the address back only to the browser that typed it.
    data = form_data(article, author_email=email, text="Something new to say.", token="bad")
    handed_back = client.post(reverse("comments:post", args=[article.pk]), data, follow=True)
    assert handed_back.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    assert email not in Client().get(article.get_absolute_url()).content.decode()


def test_replies_nest_under_their_parent_in_order(client) -> None:
    article = make_article()
    first = make_comment(article=article, text="Alpha says")
    second = make_comment(article=article, text="Omega says")
    reply = make_comment(parent=first, text="Reply to alpha")
    make_comment(parent=reply, text="Reply to reply")
    html = client.get(article.get_absolute_url()).content.decode()
    order = [
        html.index(t) for t in ("Alpha says", "Reply to alpha", "Reply to reply", "Omega says")
    ]
    assert order == sorted(order)
    assert html.count('class="comment-list comment-list--children"') == 2
    assert f'id="comment-{second.pk}"' in html


def test_reply_links_stop_at_the_configured_depth(client) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"thread_depth": 3})
    article = make_article()
    level0 = make_comment(article=article)
    level1 = make_comment(parent=level0)
    level2 = make_comment(parent=level1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-reply-to="{level0.pk}"' in html
    assert f'data-reply-to="{level1.pk}"' in html
    assert f'data-reply-to="{level2.pk}"' not in html


def test_a_reply_beyond_the_depth_is_refused_with_the_text_kept(client, form_data) -> None:
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"thread_depth": 2})
    article = make_article()
    top = make_comment(article=article)
    deep = make_comment(parent=top)
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        form_data(article, parent=str(deep.pk), text="Too deep a reply"),
        follow=True,
    )
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    assert "Too deep a reply</textarea>" in response.content.decode()
    assert Comment.objects.count() == 2


def test_a_reply_is_stored_one_level_below_its_parent(client, form_data) -> None:
    article = make_article()
    top = make_comment(
        article=article,
        author_email="rosa@example.org",
        created_at=timezone.now() - timedelta(hours=1),
    )
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        form_data(article, parent=str(top.pk), text="My reply"),
    )
    assert response.status_code == 303
    reply = Comment.objects.get(text="My reply")
    assert (reply.parent, reply.depth, reply.status) == (top, 1, "approved")


def test_replying_to_a_hidden_comment_is_refused(client, form_data) -> None:
    article = make_article()
    hidden = make_comment(article=article, status="pending")
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        form_data(article, parent=str(hidden.pk), text="Reply to a ghost"),
        follow=True,
    )
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#respond", 303)]
    assert "Reply to a ghost</textarea>" in response.content.decode()


def test_replytocom_sets_up_the_form_without_javascript(client) -> None:
    article = make_article()
    top = make_comment(article=article, author_name="Kim")
    html = client.get(f"{article.get_absolute_url()}?replytocom={top.pk}").content.decode()
    assert "Leave a Reply to Kim" in html
    assert f'name="parent" value="{top.pk}"' in html


def test_comments_closed_shows_no_form(client) -> None:
    article = make_article(comments_open=False)
    make_comment(article=article, text="An older comment")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "An older comment" in html
    assert "Comments are closed." in html
    assert 'id="commentform"' not in html
    assert "comment-reply-link" not in html


def test_the_home_page_shows_approved_comment_counts_in_one_query(
    client, django_assert_num_queries, site_settings
) -> None:
    articles = [make_article() for _ in range(3)]
    for _ in range(2):
        make_comment(article=articles[0])
    make_comment(article=articles[1])
    make_comment(article=articles[1], status="pending")
    client.get("/")  # warm up
    # the articles with their counts (never a count of the list), site settings, header categories
    with django_assert_num_queries(3) as captured:
        html = client.get("/").content.decode()
    assert "2 comments" in html and "1 comment<" in html and "No comments" in html
    assert len(captured.captured_queries) == 3


def _queries_for(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_an_article_with_500_threaded_comments_costs_a_fixed_number_of_queries_per_page(
    client, django_assert_num_queries, site_settings
) -> None:
    small = make_article()
    make_comment(article=small)
    big = make_article()
    roots = Comment.objects.bulk_create(
        Comment(
            article=big,
            author_name=f"R{i}",
            author_email=f"r{i}@e.org",
            text=f"t{i}",
            text_html=render_text(f"t{i}"),  # bulk_create skips save(), which renders it
            status="approved",
        )
        for i in range(100)
    )
    parents = roots
    for depth in range(1, 5):
        parents = Comment.objects.bulk_create(
            Comment(
                article=big,
                parent=p,
                depth=depth,
                author_name="N",
                author_email="n@e.org",
                text=f"d{depth}",
                text_html=render_text(f"d{depth}"),
                status="approved",
            )
            for p in parents
        )
    assert Comment.objects.approved().filter(article=big).count() == 500
    baseline = _queries_for(client, small.get_absolute_url())
    # The comment section itself: the discussion settings, where each comment falls, and the
    # page's comments. Fifty threads a page, each whole: two pages of 250 comments.
    for page in (f"{big.get_absolute_url()}", f"{big.get_absolute_url()}?cpage=2"):
        with django_assert_num_queries(baseline):
            response = client.get(page)
        html = response.content.decode()
        assert html.count('<li class="comment') == 250
        assert "500 comments on" in html
        assert html.count("comment-list--children") == 200
        assert html.count("<p>d4</p>") == 50


def test_replies_under_a_hidden_comment_are_hidden_with_it(client) -> None:
    article = make_article()
    parent = make_comment(article=article, status="trash", text="Trashed parent")
    make_comment(parent=parent, text="Orphaned reply")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Trashed parent" not in html and "Orphaned reply" not in html


def test_a_reader_whose_only_comment_waits_sees_no_zero_count(client, form_data) -> None:
    article = make_article(title="Tea")
    client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation." in html
    assert "0 comments" not in html
    assert "Your comment on “Tea”" in html


def test_a_draft_preview_says_comments_open_on_publication(editor_client) -> None:
    draft = make_article(status="draft", published_at=None)
    html = editor_client.get(draft.get_absolute_url()).content.decode()
    assert "Comments open when the article is published." in html
    assert "Comments are closed." not in html
    assert 'id="commentform"' not in html


# --- Kept between requests (pagecache.fragment): fresh after every change --------------------

#: Changes committed as in production (fragments are only kept outside a transaction); the
#: database's first rows restored after, as the migration tests expect.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def kept(page_cache: None, settings) -> None:
    """Pages rendered every time (the page cache off), the comment threads kept."""
    settings.PAGE_CACHE = False


def section(client: Client, url: str) -> str:
    content = client.get(url).content.decode()
    start = content.index('<section class="comments"')
    return content[start : content.index("</section>", start)]


@committed
@pytest.mark.usefixtures("kept")
def test_a_worker_reads_an_articles_comments_once(client: Client) -> None:
    article = make_article()
    make_comment(article=article)

    def comment_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        return sum(1 for query in queries if '"comments_comment"' in query["sql"])

    assert comment_queries() == 2  # where every comment falls, then the page's comments...
    assert comment_queries() == 0  # ...read once, then kept


@committed
@pytest.mark.usefixtures("kept")
def test_kept_comments_follow_moderation_edits_and_the_discussion_settings(
    client: Client, moderator
) -> None:
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    url = article.get_absolute_url()
    first = make_comment(article=article, text="First words.")
    held = make_comment(article=article, status=Comment.Status.PENDING, text="Held words.")
    html = section(client, url)
    assert "First words." in html and "Held words." not in html
    assert "One comment" in html
    moderation.approve(held, moderator=moderator, site_url="http://testserver/")
    html = section(client, url)
    assert "Held words." in html and "2 comments" in html
    first.text = "Edited words."
    first.save(update_fields=["text"])
    assert "Edited words." in section(client, url)
    reply = make_comment(article=article, parent=first, text="A reply.")
    assert f'data-reply-to="{reply.pk}"' in section(client, url)
    rules = DiscussionSettings.load()
    rules.thread_depth = 1  # no replies under replies... nor under anything
    rules.save()
    assert f'data-reply-to="{reply.pk}"' not in section(client, url)
    rules.close_after_days = 5
    rules.save()
    assert "Comments are closed" in client.get(url).content.decode()
    assert "Reply to" not in section(client, url)
    moderation.trash(held, moderator=moderator, site_url="http://testserver/")
    assert "Held words." not in section(client, url)


@committed
@pytest.mark.usefixtures("kept")
def test_beside_kept_threads_a_reader_still_sees_their_own_comment_waiting(
    client: Client, form_data
) -> None:
    article = make_article()
    everyone = make_comment(article=article, text="Everyone sees this.")
    url = article.get_absolute_url()
    other = Client()
    assert "Everyone sees this." in section(other, url)  # kept now
    client.post(reverse("comments:post", args=[article.pk]), form_data(article, text="Mine."))
    mine = section(client, url)
    assert "Mine." in mine and "Your comment is awaiting moderation." in mine
    assert "Everyone sees this." in mine
    assert "Mine." not in section(other, url)
    replying = other.get(f"{url}?replytocom={everyone.pk}").content.decode()
    assert f"Leave a Reply to {everyone.author_name}" in replying


SECRETS = r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"'


@committed
@pytest.mark.usefixtures("kept")
def test_a_kept_form_gets_each_readers_own_csrf_token_and_issue_time(form_data) -> None:
    rules = DiscussionSettings.load()
    rules.min_seconds = 0
    rules.save()
    article = make_article()
    url = article.get_absolute_url()
    Client().get(url)  # somebody else's visit: the empty form is kept now
    reader = Client(enforce_csrf_checks=True)
    pages = [reader.get(url).content.decode() for _ in range(2)]
    assert "pcslot" not in pages[0] + pages[1]
    first, second = (dict(re.findall(SECRETS, page)) for page in pages)
    assert first["csrfmiddlewaretoken"] != second["csrfmiddlewaretoken"]  # masked afresh
    assert first["token"] != second["token"]  # each load's own issue time
    data = form_data(article, text="Sent from a kept form.")
    response = reader.post(
        reverse("comments:post", args=[article.pk]), {**data, **second, "remember": "on"}
    )
    assert response.status_code == 303
    assert Comment.objects.get().text == "Sent from a kept form."
    # Remembered now: their own details in the form, not the kept empty one.
    assert 'value="Rosa Reader"' in reader.get(url).content.decode()
    assert 'value="Rosa Reader"' not in Client().get(url).content.decode()


@committed
@pytest.mark.usefixtures("kept")
def test_a_refused_comment_comes_back_with_its_text_beside_a_kept_form(
    client: Client, form_data
) -> None:
    article = make_article()
    url = article.get_absolute_url()
    Client().get(url)
    data = form_data(article, text="Keep these words.", author_name="")
    response = client.post(reverse("comments:post", args=[article.pk]), data)
    page = client.get(response["Location"]).content.decode()
    assert "Keep these words.</textarea>" in page
    assert "Please give your name." in page
    assert "Keep these words." not in Client().get(url).content.decode()
