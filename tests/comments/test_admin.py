"""The moderator's side: the queue, its actions, the log, staff replies and who may do what."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from byline import roles
from comments.models import Comment
from tests.conftest import make_staff
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_moderators_may_moderate_but_not_change_articles(moderator) -> None:
    assert moderator.has_perm("comments.moderate_comment")
    assert moderator.has_perm("comments.change_comment")
    assert moderator.has_perm("comments.change_discussionsettings")
    assert not moderator.has_perm("articles.change_article")
    assert not moderator.has_perm("articles.add_article")


def test_editors_may_moderate_too(editor) -> None:
    assert editor.has_perm("comments.moderate_comment")
    assert editor.has_perm("articles.change_article")


def test_moderator_cannot_open_the_article_editor(moderator_client) -> None:
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert moderator_client.get(url).status_code == 403


def test_the_queue_lists_pending_first_with_reason_and_text(moderator_client) -> None:
    article = make_article(title="Saving for a pension")
    make_comment(article=article, text="Already approved", author_name="Old")
    make_comment(
        article=article,
        text="Please look at me",
        status="pending",
        reason="too_many_links",
        reason_detail="3 links",
    )
    inbox = moderator_client.get(QUEUE).content.decode()
    assert "Please look at me" in inbox and "Already approved" not in inbox
    assert "Too many links (3 links)" in inbox
    assert "Saving for a pension" in inbox
    # The full change list (a search away) keeps pending comments first.
    response = moderator_client.get(f"{QUEUE}?q=")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Please look at me") < html.index("Already approved")


def test_bulk_actions_call_the_moderation_functions_and_log(moderator_client, moderator) -> None:
    pending = [make_comment(status="pending") for _ in range(2)]
    response = moderator_client.post(
        QUEUE,
        {"action": "approve_selected", "_selected_action": [c.pk for c in pending]},
    )
    assert response.status_code == 302
    for comment in pending:
        comment.refresh_from_db()
        assert comment.status == "approved"
        last = comment.status_changes.last()
        assert (last.from_status, last.to_status, last.changed_by) == (
            "pending",
            "approved",
            moderator,
        )


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("spam_selected", "pending", "spam"),
        ("trash_selected", "approved", "trash"),
        ("restore_selected", "trash", "pending"),
    ],
)
def test_each_bulk_action(moderator_client, action, start, end) -> None:
    comment = make_comment(status=start)
    moderator_client.post(QUEUE, {"action": action, "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == end


def test_users_without_the_moderate_permission_get_no_actions(client) -> None:
    viewer = make_staff("viewer", roles.MODERATORS)
    viewer.groups.clear()
    group = Group.objects.create(name="Readers of comments")
    group.permissions.add(
        *Group.objects.get(name=roles.MODERATORS).permissions.filter(codename="view_comment")
    )
    viewer.groups.add(group)
    client.force_login(viewer)
    comment = make_comment(status="pending")
    html = client.get(QUEUE).content.decode()
    assert "approve_selected" not in html
    client.post(QUEUE, {"action": "approve_selected", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == "pending"
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"action": "approve"}).status_code == 403


def test_the_comment_page_shows_buttons_and_the_log_and_get_changes_nothing(
    moderator_client,
) -> None:
    comment = make_comment(status="pending", text="Needs a look")
    page = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    html = page.content.decode()
    assert 'name="action" value="approve"' in html
    assert "Moderation log" in html or "moderation log" in html
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert moderator_client.get(moderate).status_code == 405
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert moderator_client.post(moderate, {"action": "spam"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == "spam"


def test_status_cannot_be_edited_around_the_log(moderator_client) -> None:
    comment = make_comment(status="pending")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    html = moderator_client.get(url).content.decode()
    assert 'name="status"' not in html


def test_a_staff_reply_from_the_queue_is_published_and_approves_its_parent(
    moderator_client, moderator
) -> None:
    parent = make_comment(status="pending", text="Is this right?")
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    assert moderator_client.post(url, {"text": "Yes, it is."}).status_code == 302
    parent.refresh_from_db()
    reply = Comment.objects.get(text="Yes, it is.")
    assert parent.status == "approved"
    assert (reply.parent, reply.status, reply.reason, reply.user) == (
        parent,
        "approved",
        "staff",
        moderator,
    )
    html = moderator_client.get(parent.article.get_absolute_url()).content.decode()
    assert "Yes, it is." in html and "Staff" in html


def test_the_admin_index_shows_the_pending_count(moderator_client) -> None:
    for _ in range(3):
        make_comment(status="pending")
    make_comment(status="approved")
    html = moderator_client.get(reverse("admin:index")).content.decode()
    assert "Comments (3 pending)" in html


def test_the_article_list_shows_pending_counts_without_a_query_per_row(
    client, editor, django_assert_max_num_queries
) -> None:
    client.force_login(editor)
    busy = make_article(title="Busy article")
    for _ in range(2):
        make_comment(article=busy, status="pending")
    make_comment(article=busy, status="approved")
    for _ in range(5):
        make_article()
    url = reverse("admin:articles_article_changelist")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        make_article()
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert f'article__id__exact={busy.pk}&amp;status__exact=pending">2</a>' in html


def test_moderators_edit_the_discussion_settings_in_the_admin(moderator_client) -> None:
    changelist = moderator_client.get(reverse("admin:comments_discussionsettings_changelist"))
    assert changelist.status_code == 302
    page = moderator_client.get(changelist["Location"])
    html = page.content.decode()
    for field in (
        "close_after_days",
        "thread_depth",
        "hold_all",
        "disallowed_words",
        "flood_interval_seconds",
        "link_threshold",
    ):
        assert f'name="{field}"' in html


def test_the_email_link_to_a_comment_asks_for_a_login_first(client) -> None:
    comment = make_comment(status="pending")
    response = client.get(comment.admin_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_reply_at_the_deepest_level_joins_the_thread_instead(
    moderator_client, moderator
) -> None:
    from comments.models import DiscussionSettings

    DiscussionSettings.objects.update_or_create(pk=1, defaults={"thread_depth": 2})
    top = make_comment()
    deepest = make_comment(parent=top)
    moderator_client.post(
        reverse("admin:comments_comment_reply", args=[deepest.pk]), {"text": "Staff answer"}
    )
    reply = Comment.objects.get(text="Staff answer")
    assert (reply.parent, reply.depth) == (top, 1)


def test_no_staff_reply_to_spam_or_an_empty_reply(moderator_client) -> None:
    spam = make_comment(status="spam")
    approved = make_comment()
    moderator_client.post(reverse("admin:comments_comment_reply", args=[spam.pk]), {"text": "Hi"})
    moderator_client.post(
        reverse("admin:comments_comment_reply", args=[approved.pk]), {"text": " "}
    )
    assert not Comment.objects.filter(user__isnull=False).exists()


def test_the_reply_box_sits_below_the_change_form_not_behind_it(moderator_client) -> None:
    # The change form floats; a box after it that does not clear it shows its heading band
    # through every gap in the form.
    comment = make_comment(status="pending")
    html = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert '<div class="module aligned clear" id="reply">' in html.content.decode()


def test_the_reason_detail_help_says_what_it_holds(moderator_client) -> None:
    comment = make_comment(status="spam", reason="too_fast", reason_detail="0.8 s")
    html = moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert "how many seconds the form took" in html.content.decode()


def test_the_article_list_links_each_article_to_its_pending_comments(
    editor_client, django_assert_max_num_queries
) -> None:
    article = make_article(title="Waiting for a moderator")
    make_comment(article=article, status=Comment.Status.PENDING)
    make_comment(article=article, status=Comment.Status.PENDING)
    make_comment(article=article)  # approved: not counted
    quiet = make_article(title="Nothing waiting")
    for _ in range(5):
        make_comment(article=make_article(), status=Comment.Status.PENDING)
    # Counted in the list's own query: the budget does not grow with the articles shown.
    with django_assert_max_num_queries(13):
        html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    pending = f"{QUEUE}?article__id__exact={article.pk}&amp;status__exact=pending"
    assert f'<a href="{pending}">2</a>' in html
    assert f"article__id__exact={quiet.pk}&" not in html


def test_the_moderation_log_lists_every_decision_filterable_by_moderator_action_and_date(
    moderator_client, moderator
) -> None:
    other = make_staff("otto", roles.MODERATORS)
    mine = make_comment(status="pending", author_name="Mine")
    theirs = make_comment(status="pending", author_name="Theirs")
    moderate = "admin:comments_comment_moderate"
    moderator_client.post(reverse(moderate, args=[mine.pk]), {"action": "spam"})
    moderator_client.force_login(other)
    moderator_client.post(reverse(moderate, args=[theirs.pk]), {"action": "approve"})
    moderator_client.force_login(moderator)
    log = reverse("admin:comments_statuschange_changelist")
    everything = moderator_client.get(log).content.decode()
    assert "Pending → Spam" in everything and "Pending → Approved" in everything
    by_me = moderator_client.get(f"{log}?changed_by__id__exact={moderator.pk}").content.decode()
    assert "Pending → Spam" in by_me and "Pending → Approved" not in by_me
    approvals = moderator_client.get(f"{log}?to_status__exact=approved").content.decode()
    assert "Theirs" in approvals and ">Mine<" not in approvals
    today = timezone.localdate()
    dated = moderator_client.get(
        f"{log}?changed_at__year={today.year}&changed_at__month={today.month}"
        f"&changed_at__day={today.day}"
    )
    assert "Pending → Spam" in dated.content.decode()
    assert moderator_client.get(f"{log}?changed_at__year=2001").content.decode().count("→") == 0


def test_a_long_comment_list_is_estimated_on_postgresql(moderator_client, monkeypatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from byline.admin_site import EstimatedCountPaginator

    article = make_article()
    for n in range(5):
        make_comment(article=article, text=f"Comment number {n}")
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE comments_comment")  # what autovacuum does for a real table
    with CaptureQueriesContext(connection) as queries:
        response = moderator_client.get(f"{QUEUE}?status__exact=approved")
    assert response.status_code == 200
    assert "Comment number 4" in response.content.decode()
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "comments_comment"')
    ]
    # PostgreSQL's planner numbers the pages of a long list; SQLite (no estimate) counts.
    assert bool(counts) is (connection.vendor != "postgresql")
