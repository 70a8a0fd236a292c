import json

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase

from articles import richtext
from articles.editing import revisions, snapshot
from articles.editing.models import Revision
from articles.links.models import ArticleLink, RelatedLink, SlugHistory
from articles.models import Article
from tests.articles.editing.forms import save_in_admin
from tests.factories import (
    faq_block,
    make_article,
    make_image,
    make_related_link,
    make_tag,
)

pytestmark = pytest.mark.django_db


def test_every_admin_save_keeps_a_revision_with_the_inlines_and_says_what_changed(
    editor_client, editor
) -> None:
    target = make_article(title="Tax codes")
    article = make_article(
        author=editor,
        tags=[make_tag(name="money")],
        body="<p>Pay.</p>" + faq_block("Who pays?", "Everyone."),
    )
    make_related_link(source=article, target=target, placement="inline", after_paragraph=1)

    save_in_admin(editor_client, article, title="Payslips, explained")

    # The state before this first save is kept too (the article predates revisions).
    first, second = Revision.objects.filter(article=article).order_by("created_at", "id")
    assert first.kind == Revision.Kind.BASELINE
    assert first.content["title"] == article.title
    assert second.created_by == editor
    assert second.content["title"] == "Payslips, explained"
    assert richtext.faqs(second.content["body"]) == [("Who pays?", "Everyone.")]
    assert "faqs" not in second.content  # the FAQ is the body's
    assert second.content["tags"][0]["name"] == "money"
    assert second.content["related_links"][0] | {"target": None} == {
        "target": None,
        "target_title": "Tax codes",
        "anchor_text": "",
        "placement": "inline",
        "after_paragraph": 1,
        "position": 0,
    }
    assert second.summary == "Title"
    json.dumps(second.content)  # stored as JSON: nothing in it needs a custom encoder


def test_a_save_that_changes_nothing_adds_no_revision(editor_client, editor) -> None:
    article = make_article(author=editor)
    save_in_admin(editor_client, article, summary="Once.")
    count = Revision.objects.filter(article=article).count()

    save_in_admin(editor_client, Article.objects.get(pk=article.pk))

    assert Revision.objects.filter(article=article).count() == count


def test_body_changes_are_summarised_by_paragraph(editor_client, editor) -> None:
    article = make_article(author=editor, body="<p>One.</p><p>Two.</p>")
    save_in_admin(editor_client, article, body="<p>One.</p><p>Two, longer.</p><p>Three.</p>")
    assert revisions.latest(article).summary == "Body (+2 −1 paragraphs)"


def test_restoring_brings_back_fields_faq_tags_and_related_links_as_a_new_revision(
    editor_client, editor
) -> None:
    money, tax = make_tag(name="money"), make_tag(name="tax")
    first_target, second_target = make_article(title="Tax codes"), make_article(title="Pensions")
    article = make_article(
        author=editor,
        title="Payslips",
        slug="payslips",
        tags=[money],
        body="<p>Pay.</p>" + faq_block("Who pays?", "Everyone."),
    )
    make_related_link(source=article, target=first_target, placement="inline", after_paragraph=2)
    old = revisions.record_revision(article=article, user=editor)

    article.title, article.slug, article.summary = "Payslips 2027", "payslips-2027", "New."
    article.body = "<p>Pay.</p>"
    article.save()
    article.tags.set([tax])
    RelatedLink.objects.filter(source=article).delete()
    make_related_link(source=article, target=second_target)
    newer = revisions.record_revision(article=article, user=editor)

    with TestCase.captureOnCommitCallbacks(execute=True):
        restored = revisions.restore_revision(revision=old, user=editor)

    article.refresh_from_db()
    assert (article.title, article.slug) == ("Payslips", "payslips")
    assert list(article.tags.all()) == [money]
    assert richtext.faqs(article.body_html) == [("Who pays?", "Everyone.")]
    assert [
        (link.target, link.placement, link.after_paragraph)
        for link in RelatedLink.objects.filter(source=article)
    ] == [(first_target, "inline", 2)]
    # Everything that follows a save followed: the link index and the renamed address.
    assert set(
        ArticleLink.objects.filter(source=article, kind="curated").values_list("target", flat=True)
    ) == {first_target.pk}
    assert SlugHistory.objects.filter(slug="payslips-2027", article=article).exists()
    # A new revision: history is kept as it was.
    assert restored.kind == Revision.Kind.RESTORE
    assert restored.summary.startswith("Restored the revision of ")
    assert Revision.objects.filter(pk__in=[old.pk, newer.pk]).count() == 2
    assert revisions.latest(article) == restored

    # And a restore is undone by restoring the revision before it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        revisions.restore_revision(revision=newer, user=editor)
    article.refresh_from_db()
    assert article.title == "Payslips 2027"
    assert [link.target for link in RelatedLink.objects.filter(source=article)] == [second_target]


def test_restoring_keeps_the_publication_state_and_moves_the_version(editor) -> None:
    article = make_article(author=editor, status=Article.Status.DRAFT, published_at=None)
    old = revisions.record_revision(article=article, user=editor)
    article.status = Article.Status.PUBLISHED
    article.save()
    version = Article.objects.get(pk=article.pk).version

    revisions.restore_revision(revision=old, user=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # not unpublished by bringing words back
    assert article.version == version + 1  # an open change form will be told
    assert article.last_saved_by == editor


def test_a_slug_another_article_holds_is_refused_and_nothing_is_written(editor) -> None:
    # A draft: never public, so "payslips" never became its old address and is free to take.
    article = make_article(
        author=editor, slug="payslips", title="Payslips", status="draft", published_at=None
    )
    old = revisions.record_revision(article=article, user=editor)
    article.slug, article.title = "payslips-2027", "Renamed"
    article.save()
    make_article(slug="payslips", title="Someone else's payslips")

    with pytest.raises(ValidationError, match="Someone else's payslips"):
        revisions.restore_revision(revision=old, user=editor)

    article.refresh_from_db()
    assert (article.slug, article.title) == ("payslips-2027", "Renamed")


def test_restoring_skips_a_link_to_a_deleted_article_and_says_so(editor) -> None:
    target = make_article(title="Gone soon")
    article = make_article(author=editor)
    make_related_link(source=article, target=target)
    old = revisions.record_revision(article=article, user=editor)
    target.delete()

    notes: list[str] = []
    revisions.restore_revision(revision=old, user=editor, notes=notes)

    assert not RelatedLink.objects.filter(source=article).exists()
    assert notes == ["The related link to “Gone soon” is not restored: that article is deleted."]


def test_restoring_brings_back_the_featured_image_and_a_removed_body_image(editor) -> None:
    cover, figure = make_image(title="Cover"), make_image(title="Figure")
    article = make_article(
        author=editor,
        featured_image=cover,
        featured_image_alt="A teal card",
        body=f'<p>Text.</p><figure><img src="{figure.url}" alt="A chart"></figure>',
    )
    old = revisions.record_revision(article=article, user=editor)
    article.featured_image = make_image(title="Another")
    article.body = "<p>Text.</p>"
    article.save()

    revisions.restore_revision(revision=old, user=editor)

    article.refresh_from_db()
    assert (article.featured_image, article.featured_image_alt) == (cover, "A teal card")
    assert list(article.body_images.all()) == [figure]
    assert 'alt="A chart"' in article.body_html and "<picture>" in article.body_html


def test_a_revision_from_before_the_library_finds_its_featured_image_by_file(editor) -> None:
    cover = make_image(title="Cover")
    article = make_article(author=editor)
    old = revisions.record_revision(article=article, user=editor)
    old.content = {
        **old.content,
        "format": 1,
        "featured_image": cover.file.name,
        "featured_image_original_name": "cover.jpg",
        "featured_image_alt": "A cover",
    }
    old.save()

    notes: list[str] = []
    revisions.restore_revision(revision=old, user=editor, notes=notes)

    article.refresh_from_db()
    assert article.featured_image == cover and notes == []


def test_restoring_a_featured_image_deleted_from_the_library_keeps_the_current_one(
    editor,
) -> None:
    gone, current = make_image(title="Gone"), make_image(title="Current")
    article = make_article(author=editor, featured_image=gone)
    old = revisions.record_revision(article=article, user=editor)
    article.featured_image = current
    article.save()
    gone.delete()

    notes: list[str] = []
    revisions.restore_revision(revision=old, user=editor, notes=notes)

    article.refresh_from_db()
    assert article.featured_image == current
    assert notes == [
        "The featured image “Gone” is no longer in the library; the current one is kept."
    ]


def test_apply_content_leaves_what_it_is_not_given(editor) -> None:
    article = make_article(author=editor, title="Kept", summary="Old summary.")

    revisions.apply_content(article=article, content={"summary": "New summary."}, user=editor)

    article.refresh_from_db()
    assert (article.title, article.summary) == ("Kept", "New summary.")


#: Content as revisions captured it while the FAQ was an inline of its own (formats 1 and 2).
OLD_FAQS = [
    {
        "question": "Is it <safe>?",
        "answer": "Yes.\nTested daily.\n\nAsk the council.",
        "position": 2,
    },
    {"question": "Who pays?", "answer": "Everyone.", "position": 1},
]


def test_restoring_a_revision_from_before_faq_blocks_brings_its_faq_into_the_body(editor) -> None:
    article = make_article(author=editor, body="<p>Now.</p>")
    old = revisions.record_revision(article=article, user=editor)
    old.content = {**old.content, "format": 2, "body": "<p>Then.</p>", "faqs": OLD_FAQS}
    old.save()

    revisions.restore_revision(revision=old, user=editor)

    article.refresh_from_db()
    # Appended in position order under the old section's heading, as the migration moved them.
    assert article.body == (
        '<p>Then.</p><h2>Frequently asked questions</h2><details class="faq"><summary>Who pays?'
        '</summary><p>Everyone.</p></details><details class="faq"><summary>Is it &lt;safe&gt;?'
        "</summary><p>Yes.<br>Tested daily.</p><p>Ask the council.</p></details>"
    )
    assert richtext.faqs(article.body_html) == [
        ("Who pays?", "Everyone."),
        ("Is it <safe>?", "Yes. Tested daily. Ask the council."),
    ]
    assert "faqs" not in revisions.latest(article).content


def test_comparing_with_a_revision_from_before_faq_blocks_still_shows_its_faq(editor) -> None:
    article = make_article(author=editor, body="<p>Then.</p>")
    old = revisions.record_revision(article=article, user=editor)
    old.content = {**old.content, "format": 2, "faqs": OLD_FAQS}
    old.save()
    article.body = "<p>Then.</p>"
    article.summary = "Changed."
    article.save()
    newer = revisions.record_revision(article=article, user=editor)

    (body,) = [
        change
        for change in snapshot.changes(
            snapshot.describe(old.content), snapshot.describe(newer.content)
        )
        if change.name == "body"
    ]
    removed = [line.text for line in body.lines if line.op == "removed"]
    assert removed == [
        "Frequently asked questions",
        "Question: Who pays?",
        "Everyone.",
        "Question: Is it <safe>?",
        "Yes.",
        "Tested daily.",
        "Ask the council.",
    ]
    # The same FAQ moved into the body (as the migration moves it) is no change at all.
    article.body = snapshot.body_of(old.content)
    article.save()
    moved = revisions.record_revision(article=article, user=editor)
    changed = snapshot.changes(snapshot.describe(old.content), snapshot.describe(moved.content))
    assert "body" not in {change.name for change in changed}


def test_an_faq_turned_into_paragraphs_shows_in_the_compare() -> None:
    faq = faq_block("Who pays?", "Everyone.")
    unwrapped = "<p>Who pays?</p><p>Everyone.</p>"
    assert snapshot.body_text(faq) == "Question: Who pays?\nEveryone."
    (change,) = snapshot.changes(
        {"body": snapshot.body_text(faq)}, {"body": snapshot.body_text(unwrapped)}
    )
    assert [(line.op, line.text) for line in change.lines] == [
        ("removed", "Question: Who pays?"),
        ("added", "Who pays?"),
        ("same", "Everyone."),
    ]
