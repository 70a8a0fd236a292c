from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import richtext
from articles.editing import drafts
from articles.editing.models import Draft, Revision
from articles.models import Article
from tests.articles.editing.test_admin import named_editor, opened
from tests.articles.test_admin import LIST_URL, change_form
from tests.factories import faq_block, make_article, make_image

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def local_input(value) -> str:
    """A time as the browser's datetime-local input sends it."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def ann(db) -> Client:
    client = Client()
    client.force_login(named_editor("ann", "Ann", "Lee"))
    return client


@pytest.fixture
def live() -> Article:
    return make_article(
        title="Payslips",
        summary="How to read one.",
        body="<p>Pay.</p>" + faq_block("What is net pay?", "What you get."),
    )


def draft_form(client: Client, article: Article, **overrides) -> dict:
    fields = {"tags": [], **opened(client, article), "body": article.body}
    return change_form(client, article, **{**fields, **overrides})


def test_a_saved_draft_leaves_readers_on_the_live_version(ann, client, live) -> None:
    body = live.body.replace("What you get.", "What reaches you.")
    data = draft_form(ann, live, title="Payslips, explained", body=body)
    response = ann.post(change_url(live), {**data, "_savedraft": "Save draft"})

    assert response.status_code == 302 and response["Location"] == change_url(live)
    stored = Article.objects.get(pk=live.pk)
    assert stored.title == "Payslips"
    assert richtext.faqs(stored.body_html) == [("What is net pay?", "What you get.")]
    page = client.get(live.get_absolute_url()).content.decode()
    assert "<h1>Payslips</h1>" in page and "Payslips, explained" not in page
    draft = Draft.objects.get(article=live)
    assert draft.content["title"] == "Payslips, explained"
    assert richtext.faqs(draft.content["body"]) == [("What is net pay?", "What reaches you.")]
    assert draft.publish_at is None
    assert Revision.objects.filter(article=live, kind=drafts.DRAFT_KIND).count() == 1
    # The list says a draft waits.
    row = ann.get(LIST_URL).content.decode()
    assert "Live + draft" in row


def test_reopening_the_form_shows_the_draft_with_a_notice(ann, live) -> None:
    ann.post(change_url(live), {**draft_form(ann, live, title="Draft title"), "_savedraft": "1"})
    page = ann.get(change_url(live))
    html = page.content.decode()
    assert page.context["adminform"].form["title"].value() == "Draft title"
    assert "This is a draft of changes, not yet published." in html
    assert "Ann Lee saved on" in html


def test_saving_the_reopened_draft_publishes_it(ann, client, live) -> None:
    ann.post(change_url(live), {**draft_form(ann, live, title="Draft title"), "_savedraft": "1"})
    form = ann.get(change_url(live)).context["adminform"].form
    data = {**form.data.dict(), "tags": [], "_save": "Save"}
    response = ann.post(change_url(live), data, follow=True)
    assert "The draft&#x27;s changes are live" in response.content.decode()
    assert Article.objects.get(pk=live.pk).title == "Draft title"
    assert not Draft.objects.filter(article=live).exists()
    assert "<h1>Draft title</h1>" in client.get(live.get_absolute_url()).content.decode()


def test_the_reopened_draft_publishes_its_new_featured_image(ann, client, live) -> None:
    image = make_image(alt="A harbour")
    data = {**draft_form(ann, live, featured_image_alt="A harbour at dawn"), "_savedraft": "1"}
    ann.post(change_url(live), {**data, "featured_image": image.pk})
    chosen = Draft.objects.get(article=live).content["featured_image"]
    assert chosen and not Article.objects.get(pk=live.pk).featured_image

    form = ann.get(change_url(live)).context["adminform"].form  # drawn from the draft
    ann.post(change_url(live), {**form.data.dict(), "tags": [], "_save": "Save"})

    stored = Article.objects.get(pk=live.pk)
    assert stored.featured_image == image
    assert stored.featured_image_alt == "A harbour at dawn"
    assert 'alt="A harbour at dawn"' in client.get(live.get_absolute_url()).content.decode()


def test_a_second_editor_cannot_silently_overwrite_a_draft(ann, live) -> None:
    bob = Client()
    bob.force_login(named_editor("bob", "Bob", "Marsh"))
    bob_data = draft_form(bob, live, title="Bob's title")
    ann.post(change_url(live), {**draft_form(ann, live, title="Ann's title"), "_savedraft": "1"})

    for button in ("_savedraft", "_save"):
        response = bob.post(change_url(live), {**bob_data, button: "1"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Ann Lee saved a draft of this article" in page
        assert "Ann&#x27;s title" in page  # what she drafted, shown to Bob
        assert Draft.objects.get(article=live).content["title"] == "Ann's title"
        assert Article.objects.get(pk=live.pk).title == "Payslips"


def test_scheduling_needs_a_time_to_come(ann, live) -> None:
    data = draft_form(ann, live, title="Later")
    response = ann.post(change_url(live), {**data, "_schedule": "1"})
    assert "Say when the changes go live." in response.content.decode()
    past = local_input(timezone.now() - timedelta(hours=1))
    response = ann.post(change_url(live), {**data, "_schedule": "1", "changes_publish_at": past})
    assert "That time has passed" in response.content.decode()
    assert not Draft.objects.exists()


def test_scheduled_changes_go_live_when_due_even_when_the_sweep_is_late(ann, client, live) -> None:
    at = timezone.now() + timedelta(hours=2)
    data = draft_form(ann, live, title="Scheduled title", changes_publish_at=local_input(at))
    response = ann.post(change_url(live), {**data, "_schedule": "1"}, follow=True)
    assert "Changes scheduled: they go live by themselves on" in response.content.decode()
    draft = Draft.objects.get(article=live)
    assert draft.publish_at == at.replace(second=0, microsecond=0)

    assert drafts.publish_due() == 0  # not yet
    assert Article.objects.get(pk=live.pk).title == "Payslips"

    three_days_late = draft.publish_at + timedelta(days=3)
    assert drafts.publish_due(now=three_days_late) == 1
    article = Article.objects.get(pk=live.pk)
    assert article.title == "Scheduled title" and article.is_live
    assert richtext.faqs(article.body_html) == [("What is net pay?", "What you get.")]
    assert not Draft.objects.exists()
    assert Revision.objects.filter(article=live, kind=drafts.PUBLISHED_KIND).exists()
    assert drafts.publish_due(now=three_days_late) == 0  # once only


def test_scheduling_queues_the_worker_for_that_time(
    ann, live, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = DATABASE_TASKS
    at = timezone.now() + timedelta(minutes=30)
    data = draft_form(ann, live, title="Later", changes_publish_at=local_input(at))
    with django_capture_on_commit_callbacks(execute=True):
        ann.post(change_url(live), {**data, "_schedule": "1"})
    task = DBTaskResult.objects.get()
    assert task.task_path == "articles.editing.tasks.publish_due_changes"
    assert task.run_after == at.replace(second=0, microsecond=0)


def test_publishing_a_waiting_draft_from_the_list(ann, live) -> None:
    ann.post(change_url(live), {**draft_form(ann, live, title="From the list"), "_savedraft": "1"})
    response = ann.post(
        LIST_URL,
        {"action": "publish_waiting_changes", "_selected_action": [live.pk]},
        follow=True,
    )
    assert "Published the changes of 1 article." in response.content.decode()
    assert Article.objects.get(pk=live.pk).title == "From the list"


def test_discarding_a_draft_keeps_it_in_the_revisions(ann, live) -> None:
    ann.post(change_url(live), {**draft_form(ann, live, title="Scrapped"), "_savedraft": "1"})
    url = reverse("admin:articles_article_discard_draft", args=[live.pk])
    response = ann.post(url, follow=True)
    assert "Draft discarded" in response.content.decode()
    assert not Draft.objects.exists()
    assert response.context["adminform"].form["title"].value() == "Payslips"
    assert Revision.objects.get(article=live, kind=drafts.DRAFT_KIND).content["title"] == "Scrapped"


def test_drafts_are_offered_only_on_live_articles(ann) -> None:
    draft_article = make_article(status=Article.Status.DRAFT, published_at=None)
    assert 'name="_savedraft"' not in ann.get(change_url(draft_article)).content.decode()
    live_article = make_article()
    assert 'name="_savedraft"' in ann.get(change_url(live_article)).content.decode()


def test_touching_up_a_scheduled_draft_keeps_its_time_unless_cleared(ann, live) -> None:
    at = timezone.now() + timedelta(hours=2)
    data = draft_form(ann, live, title="Scheduled", changes_publish_at=local_input(at))
    ann.post(change_url(live), {**data, "_schedule": "1"})
    form = ann.get(change_url(live)).context["adminform"].form
    assert form["changes_publish_at"].value() == local_input(at)

    touched = {**form.data.dict(), "tags": [], "title": "Scheduled, typo fixed"}
    response = ann.post(change_url(live), {**touched, "_savedraft": "1"}, follow=True)
    assert "Changes scheduled" in response.content.decode()
    draft = Draft.objects.get(article=live)
    assert draft.content["title"] == "Scheduled, typo fixed"
    assert draft.publish_at == at.replace(second=0, microsecond=0)

    form = response.context["adminform"].form
    cleared = {**form.data.dict(), "tags": [], "changes_publish_at": ""}
    ann.post(change_url(live), {**cleared, "_savedraft": "1"})
    assert Draft.objects.get(article=live).publish_at is None
