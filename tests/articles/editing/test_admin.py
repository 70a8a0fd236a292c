import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles import richtext
from articles.editing import revisions
from articles.editing.models import Autosave, EditPresence, Revision
from articles.links.models import RelatedLink
from articles.models import Article
from byline import roles
from tests.articles.editing.forms import posted_form, save_in_admin
from tests.articles.test_admin import change_form
from tests.conftest import make_staff
from tests.factories import faq_block, make_article, make_related_link

pytestmark = pytest.mark.django_db


def named_editor(username: str, first: str, last: str) -> User:
    return make_staff(username, roles.EDITORS, first_name=first, last_name=last)


def opened(client: Client, article: Article) -> dict:
    """Open the change form: the version and snapshot it carries, as the browser posts them."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = response.context["adminform"].form
    return {
        "opened_version": form["opened_version"].value(),
        "opened_snapshot": form["opened_snapshot"].value(),
    }


def test_a_save_over_a_newer_version_is_refused_naming_who_and_keeping_everything_typed() -> None:
    ann, bob = named_editor("ann", "Ann", "Lee"), named_editor("bob", "Bob", "Marsh")
    article = make_article(author=ann, title="Payslips", summary="How to read one.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    ann_client, bob_client = Client(), Client()
    ann_client.force_login(ann)
    bob_client.force_login(bob)
    ann_opened, bob_opened = opened(ann_client, article), opened(bob_client, article)

    response = ann_client.post(
        url,
        change_form(
            ann_client,
            article,
            summary="How to read one, line by line.",
            body=article.body,
            tags=[],
            **ann_opened,
        ),
    )
    assert response.status_code == 302

    bob_typed = change_form(
        bob_client,
        article,
        title="Reading your payslip",
        body=article.body + faq_block("What is gross pay?", "Pay before deductions."),
        tags=[],
        **bob_opened,
    )
    response = bob_client.post(url, bob_typed)

    assert response.status_code == 200
    page = response.content.decode()
    when = timezone.localtime(Article.objects.get(pk=article.pk).updated_at).strftime("%H:%M")
    assert f"Ann Lee saved this article at {when} since you opened it." in page
    # Said once, in its panel: not again as a form error under "Please correct the error".
    assert page.count("Ann Lee saved this article") == 1
    assert "Please correct the error" not in page
    conflict = response.context["conflict"]
    assert [change.name for change in conflict.changes] == ["summary"]
    assert conflict.changes[0].after == "How to read one, line by line."
    # Nothing Bob typed is lost: the title and his new FAQ are in the form shown again.
    assert 'value="Reading your payslip"' in page
    assert "What is gross pay?" in page and "Pay before deductions." in page
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.summary) == ("Payslips", "How to read one, line by line.")
    assert "gross pay" not in stored.body

    # The form shown again is at Ann's version: Bob merges her summary in and saves.
    form = response.context["adminform"].form
    merged = {
        **bob_typed,
        "summary": "How to read one, line by line.",
        "opened_version": form["opened_version"].value(),
        "opened_snapshot": form["opened_snapshot"].value(),
    }
    assert bob_client.post(url, merged).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.summary) == (
        "Reading your payslip",
        "How to read one, line by line.",
    )
    assert stored.last_saved_by == bob
    assert richtext.faqs(stored.body_html) == [("What is gross pay?", "Pay before deductions.")]


def test_a_save_from_the_form_just_opened_passes(client, editor) -> None:
    article = make_article(author=editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    before = Article.objects.get(pk=article.pk).version
    response = client.post(
        url, change_form(client, article, summary="New.", **opened(client, article))
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).version == before + 1


def test_a_publish_action_moves_the_version_and_is_named_in_the_conflict(client, editor) -> None:
    ann = named_editor("ann", "Ann", "Lee")
    article = make_article(author=editor, status=Article.Status.DRAFT, published_at=None)
    client.force_login(editor)
    editor_opened = opened(client, article)
    ann_client = Client()
    ann_client.force_login(ann)
    ann_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    assert Article.objects.get(pk=article.pk).is_live
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(client, article, status="draft", **editor_opened),
    )
    assert response.status_code == 200
    assert "Ann Lee saved this article" in response.content.decode()
    assert "status" in [change.name for change in response.context["conflict"].changes]
    assert Article.objects.get(pk=article.pk).is_live


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_from_the_same_version_cannot_both_pass() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("threads need a database file or server (run on PostgreSQL)")
    ann, bob = named_editor("ann", "Ann", "Lee"), named_editor("bob", "Bob", "Marsh")
    article = make_article(author=ann)
    url = reverse("admin:articles_article_change", args=[article.pk])
    clients = {}
    for user in (ann, bob):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    forms = {name: opened(c, article) for name, c in clients.items()}

    def slow_save(sender: type, instance: Article, **kwargs) -> None:
        time.sleep(0.5)  # widen the window between reading the version and writing it

    statuses: dict[str, int] = {}

    def save(name: str) -> None:
        try:
            data = change_form(clients[name], article, summary=f"{name} wrote this.", **forms[name])
            statuses[name] = clients[name].post(url, data).status_code
        finally:
            connection.close()

    pre_save.connect(slow_save, sender=Article, dispatch_uid="slow-save")
    try:
        threads = [threading.Thread(target=save, args=(name,)) for name in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(dispatch_uid="slow-save", sender=Article)
    assert sorted(statuses.values()) == [200, 302]
    winner = next(name for name, status in statuses.items() if status == 302)
    assert Article.objects.get(pk=article.pk).summary == f"{winner} wrote this."


def test_the_change_form_says_who_else_has_the_article_open(client, editor) -> None:
    ann = named_editor("ann", "Ann", "Lee")
    article = make_article(author=editor)
    ann_client = Client()
    ann_client.force_login(ann)
    opened(ann_client, article)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Ann Lee has this article open" in page

    # Her heartbeat stops (tab closed): a minute later nobody is named, nothing stays locked.
    EditPresence.objects.filter(user=ann).update(
        seen_at=timezone.now() - timezone.timedelta(minutes=2)
    )
    response = client.post(reverse("admin:articles_article_presence", args=[article.pk]))
    assert response.json() == {"notice": ""}


def test_the_heartbeat_needs_change_permission(client) -> None:
    article = make_article()
    client.force_login(make_staff("mo", roles.MODERATORS))
    response = client.post(reverse("admin:articles_article_presence", args=[article.pk]))
    assert response.status_code == 403
    assert not EditPresence.objects.exists()


def test_the_change_page_runs_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries
) -> None:
    def similar(n: int) -> Article:
        return make_article(title=f"Harbour tides {n}", body="<p>Tides fill the harbour.</p>")

    article = make_article(author=editor, title="Tides", body="<p>The harbour at high tide.</p>")
    for n in (0, 1):
        similar(n)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(url)
    # The budget as measured: raise it only for a query whose cost does not grow with the site.
    with django_assert_max_num_queries(33) as few:
        page = client.get(url).content.decode()
    assert "Harbour tides 0" in page  # suggested: the panel ran its queries
    for n in range(5):
        Client().force_login(named_editor(f"e{n}", "E", str(n)))
        EditPresence.objects.create(
            article=article, user=User.objects.get(username=f"e{n}"), seen_at=timezone.now()
        )
        similar(n + 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Revisions: the list, compare, restore ---


def revisions_url(article: Article) -> str:
    return reverse("admin:articles_article_revisions", args=[article.pk])


def test_the_revision_list_says_who_saved_when_and_what_changed(client, editor) -> None:
    ann = named_editor("ann", "Ann", "Lee")
    article = make_article(author=editor, title="Payslips")
    client.force_login(ann)
    save_in_admin(client, article, title="Payslips, explained")

    page = client.get(revisions_url(article)).content.decode()

    assert "Ann Lee" in page
    assert "Title" in page  # the one-line summary of the save
    assert "As it was before revisions were kept" in page


def test_the_compare_view_shows_the_body_as_a_paragraph_diff_and_fields_before_and_after(
    client, editor
) -> None:
    article = make_article(author=editor, title="Old title", body="<p>Kept.</p><p>Old advice.</p>")
    client.force_login(editor)
    save_in_admin(client, article, title="New title", body="<p>Kept.</p><p>New advice.</p>")
    older, newer = Revision.objects.filter(article=article).order_by("created_at", "id")

    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": newer.pk, "to": older.pk},  # either order: shown oldest first
    )

    page = response.content.decode()
    assert "<del>Old title</del> → <ins>New title</ins>" in page
    assert "<del>Old advice.</del><ins>New advice.</ins>" in page
    assert "<span>Kept.</span>" in page


def test_comparing_a_revision_of_another_article_is_not_found(client, editor) -> None:
    article, other = make_article(author=editor), make_article(author=editor)
    mine = revisions.record_revision(article=article, user=editor)
    theirs = revisions.record_revision(article=other, user=editor)
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": mine.pk, "to": theirs.pk},
    )
    assert response.status_code == 404


def test_restore_in_the_admin_makes_a_new_revision_and_offers_to_undo_it(client, editor) -> None:
    target = make_article(title="Tax codes")
    article = make_article(
        author=editor, title="Payslips", body="<p>Pay.</p>" + faq_block("Who pays?", "Everyone.")
    )
    make_related_link(source=article, target=target)
    client.force_login(editor)
    save_in_admin(client, article, summary="A first summary.")
    before = revisions.latest(article)
    save_in_admin(
        client,
        Article.objects.get(pk=article.pk),
        title="Payslips 2027",
        body="<p>Pay.</p>",
        **{"related_links-0-DELETE": "on"},
    )
    assert richtext.faqs(Article.objects.get(pk=article.pk).body_html) == []

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_restore_revision", args=[article.pk, before.pk]),
            follow=True,
        )

    article.refresh_from_db()
    assert article.title == "Payslips"
    assert richtext.faqs(article.body_html) == [("Who pays?", "Everyone.")]
    assert [link.target for link in RelatedLink.objects.filter(source=article)] == [target]
    page = response.content.decode()
    assert "Restored the revision of" in page
    assert "Undo this restore" in page


def test_restoring_needs_change_permission(client, editor) -> None:
    article = make_article(author=editor)
    revision = revisions.record_revision(article=article, user=editor)
    client.force_login(make_staff("mo", roles.MODERATORS))
    response = client.post(
        reverse("admin:articles_article_restore_revision", args=[article.pk, revision.pk])
    )
    assert response.status_code == 403


def test_the_revision_list_and_change_page_run_a_fixed_number_of_queries_however_many_revisions(
    client, editor, django_assert_max_num_queries
) -> None:
    article = make_article(author=editor)
    client.force_login(editor)
    revisions.record_revision(article=article, user=editor)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(change_url)
    with django_assert_max_num_queries(60) as change_page:
        client.get(change_url)
    with django_assert_max_num_queries(20) as revision_list:
        client.get(revisions_url(article))

    for n in range(120):  # more than one page of the list
        article.summary = f"Summary {n}."
        article.save()
        revisions.record_revision(article=article, user=named_editor(f"e{n}", "E", str(n)))
    Autosave.objects.create(
        article=article, user=editor, saved_at=timezone.now(), version=1, data={}
    )

    with django_assert_max_num_queries(len(change_page.captured_queries) + 1):  # + the offer
        client.get(change_url)
    with django_assert_max_num_queries(len(revision_list.captured_queries)):
        client.get(revisions_url(article))
    with django_assert_max_num_queries(len(revision_list.captured_queries)):
        client.get(revisions_url(article), {"page": 2})


# --- Autosave ---


def autosave_url(article: Article) -> str:
    return reverse("admin:articles_article_autosave", args=[article.pk])


def test_an_autosave_keeps_the_form_without_saving_the_article_or_moving_its_version(
    client, editor
) -> None:
    article = make_article(author=editor, title="Payslips")
    client.force_login(editor)
    typed = posted_form(client, article, title="Payslips, half typed")
    version = Article.objects.get(pk=article.pk).version

    response = client.post(autosave_url(article), typed)

    assert response.status_code == 200
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.version) == ("Payslips", version)
    assert not Revision.objects.filter(article=article).exists()
    assert Autosave.objects.get(article=article, user=editor).data["title"] == [
        "Payslips, half typed"
    ]
    # A second autosave replaces the first: one per editor and article.
    client.post(autosave_url(article), {**typed, "title": "Payslips, typed"})
    assert Autosave.objects.get().data["title"] == ["Payslips, typed"]


def test_an_autosave_from_before_faq_blocks_comes_back_with_its_faq_in_the_body(
    client, editor
) -> None:
    article = make_article(author=editor, title="Payslips", body="<p>Pay.</p>")
    client.force_login(editor)
    typed = posted_form(client, article, title="Payslips, typed")
    # What the change form posted while the FAQ was an inline: two rows, one marked deleted,
    # and an empty extra row.
    old_inline = {
        "faqs-TOTAL_FORMS": ["4"],
        "faqs-INITIAL_FORMS": ["2"],
        "faqs-0-id": ["7"],
        "faqs-0-question": ["Who pays?"],
        "faqs-0-answer": ["Everyone.\r\nEven you."],
        "faqs-0-position": ["2"],
        "faqs-1-id": ["8"],
        "faqs-1-question": ["Gone?"],
        "faqs-1-answer": ["Deleted."],
        "faqs-1-position": ["1"],
        "faqs-1-DELETE": ["on"],
        "faqs-2-question": ["When?"],
        "faqs-2-answer": ["Monthly."],
        "faqs-2-position": ["1"],
        "faqs-3-question": [""],
        "faqs-3-answer": [""],
    }
    data = {
        name: value if isinstance(value, list) else [str(value)] for name, value in typed.items()
    }
    Autosave.objects.create(
        article=article,
        user=editor,
        saved_at=timezone.now(),
        version=article.version,
        data={**data, **old_inline},
    )

    response = client.get(
        reverse("admin:articles_article_change", args=[article.pk]), {"autosave": "restore"}
    )

    form = response.context["adminform"].form
    assert form["title"].value() == "Payslips, typed"
    assert richtext.faqs(form["body"].value()) == [
        ("When?", "Monthly."),
        ("Who pays?", "Everyone. Even you."),
    ]


def test_reopening_offers_the_autosave_and_restoring_it_fills_the_form_without_saving(
    client, editor
) -> None:
    article = make_article(author=editor, title="Payslips", body=faq_block("Who pays?"))
    client.force_login(editor)
    typed_body = faq_block("Who?", "All of us.")
    client.post(
        autosave_url(article),
        posted_form(client, article, title="Payslips, typed", body=typed_body),
    )
    change_url = reverse("admin:articles_article_change", args=[article.pk])

    when = timezone.localtime(Autosave.objects.get().saved_at).strftime("%H:%M")
    offer = client.get(change_url).content.decode()
    assert f"Restore the unsaved changes from {when}</a>" in offer
    response = client.get(change_url, {"autosave": "restore"})

    form = response.context["adminform"].form
    assert form["title"].value() == "Payslips, typed"
    assert form["body"].value() == typed_body
    assert f"Your unsaved changes from {when} are back" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Payslips"

    # Saving the restored form saves it, and the autosave has done its job.
    save_in_admin(client, article, title="Payslips, typed")
    assert not Autosave.objects.exists()
    assert "Restore the unsaved changes" not in client.get(change_url).content.decode()


def test_an_autosave_is_one_editors_own(client, editor) -> None:
    article = make_article(author=editor)
    client.force_login(editor)
    client.post(autosave_url(article), posted_form(client, article, title="Mine"))
    other = Client()
    other.force_login(named_editor("ann", "Ann", "Lee"))
    page = other.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Restore the unsaved changes" not in page.content.decode()


def test_an_autosave_can_be_discarded(client, editor) -> None:
    article = make_article(author=editor)
    client.force_login(editor)
    client.post(autosave_url(article), posted_form(client, article, title="Typed"))
    response = client.post(autosave_url(article), {"discard_autosave": "1"})
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_a_restored_autosave_from_before_someone_elses_save_shows_the_conflict(
    client, editor
) -> None:
    article = make_article(author=editor, summary="Old.")
    client.force_login(editor)
    client.post(autosave_url(article), posted_form(client, article, title="Typed"))
    ann = Client()
    ann.force_login(named_editor("ann", "Ann", "Lee"))
    save_in_admin(ann, article, summary="Ann's summary.")

    page = client.get(
        reverse("admin:articles_article_change", args=[article.pk]), {"autosave": "restore"}
    ).content.decode()

    assert "Ann Lee saved this article" in page
    assert "Ann&#x27;s summary." in page
