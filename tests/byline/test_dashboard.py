"""The admin's home: each role sees what concerns it, at a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import trash
from articles.links.models import ArticleLink
from articles.models import Article
from byline import dashboard
from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def desk(client: Client) -> str:
    response = client.get(INDEX)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, kind: str) -> str:
    """The HTML of one dashboard box ("" when the page has none)."""
    start = html.find(f'class="module desk-panel desk-{kind}"')
    if start == -1:
        return ""
    return html[start : html.index("</section>", start)]


def test_an_editor_sees_their_drafts_the_schedule_and_what_went_out(client, editor) -> None:
    make_article(title="Edna's draft", author=editor, status="draft", published_at=None)
    make_article(title="Someone else's draft", status="draft", published_at=None)
    make_article(
        title="Going out tomorrow",
        status="scheduled",
        published_at=timezone.now() + timedelta(days=1),
    )
    make_article(title="Out an hour ago")
    html = desk(logged_in(client, editor))
    drafts = section(html, "drafts")
    assert "Edna&#x27;s draft" in drafts and "Someone else" not in drafts
    assert f"author__id__exact={editor.pk}" in drafts and "state=draft" in drafts
    assert "Going out tomorrow" in section(html, "scheduled")
    assert "Going out tomorrow" not in section(html, "published")
    assert "Out an hour ago" in section(html, "published")


def test_a_trashed_draft_is_not_on_the_desk(client, editor) -> None:
    draft = make_article(title="Binned", author=editor, status="draft", published_at=None)
    trash.move_to_trash(draft)
    assert "Binned" not in section(desk(logged_in(client, editor)), "drafts")


def test_the_pending_comments_box_leads_to_the_pending_queue(client, moderator) -> None:
    make_comment(status="pending", text="Is the well water safe now?")
    make_comment(status="approved", text="Thanks for this.")
    pending = section(desk(logged_in(client, moderator)), "comments")
    assert "Is the well water safe now?" in pending
    assert "Thanks for this." not in pending
    assert "(1)" in pending
    queue = reverse("admin:comments_comment_changelist") + "?status=pending"
    assert f'href="{queue}"' in pending


def test_the_pending_count_stops_at_its_cap(client, moderator, monkeypatch) -> None:
    monkeypatch.setattr(dashboard, "COUNT_CAP", 2)
    for _ in range(4):
        make_comment(status="pending")
    assert "(2+)" in section(desk(logged_in(client, moderator)), "comments")


def test_a_moderator_sees_the_queue_but_no_article_boxes(client, moderator) -> None:
    make_article(title="Draft for editors only", status="draft", published_at=None)
    html = desk(logged_in(client, moderator))
    assert section(html, "comments")
    for kind in ("drafts", "scheduled", "published", "counts"):
        assert not section(html, kind)
    assert "Draft for editors only" not in html


def test_link_health_counts_each_kind_of_broken_link(client, editor) -> None:
    source = make_article()
    draft = make_article(status="draft", published_at=None)
    binned = make_article()
    renamed = make_article(slug="new-name")
    trash.move_to_trash(binned)
    for target, slug in ((draft, draft.slug), (binned, binned.slug), (renamed, "old-name")):
        ArticleLink.objects.create(
            source=source, target=target, target_slug=slug, href=f"/articles/{slug}/", kind="body"
        )
    ArticleLink.objects.create(
        source=source, target=None, target_slug="gone", href="/articles/gone/", kind="body"
    )
    counts = section(desk(logged_in(client, editor)), "counts")
    assert "<dt>Links to unpublished or trashed articles</dt><dd>2</dd>" in counts
    assert "<dt>Links to deleted articles</dt><dd>1</dd>" in counts
    assert reverse("admin:articles_article_link_health") in counts


def test_recent_activity_shows_every_staff_members_actions(client, editor, moderator) -> None:
    comment = make_comment(status="pending", text="Hold on")
    LogEntry.objects.log_actions(
        user_id=moderator.pk,
        queryset=[comment],
        action_flag=CHANGE,
        change_message="Approve: Pending → Approved",
        single_object=True,
    )
    html = desk(logged_in(client, editor))
    activity = html[html.index('id="recent-actions-module"') :]
    assert "Approve: Pending → Approved" in activity
    assert "mo," in activity  # who did it, though it was not the editor


def test_activity_only_lists_rows_the_user_may_see(client, moderator) -> None:
    article = make_article(title="Secret plans")
    LogEntry.objects.create(
        user=make_user(is_staff=True),
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr="Secret plans",
        action_flag=CHANGE,
        change_message="Changed body",
    )
    moderator.user_permissions.clear()
    html = desk(logged_in(client, moderator))
    assert "Secret plans" not in html


def test_the_desk_costs_the_same_with_more_rows(
    client, editor, django_assert_max_num_queries
) -> None:
    logged_in(client, editor)
    client.get(INDEX)  # warm the content-type cache, as any running server has
    for n in range(8):
        make_article(author=editor, status="draft", published_at=None)
        make_article(status="scheduled", published_at=timezone.now() + timedelta(days=n + 1))
        make_article()
        make_comment(status="pending")
    with django_assert_max_num_queries(13):
        html = desk(client)
    assert section(html, "drafts").count("<li>") == dashboard.LIST_SIZE
    assert Comment.objects.pending().count() == 8
