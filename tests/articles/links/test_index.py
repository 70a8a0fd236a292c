import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles import publishing
from articles.links import health, index, suggestions
from articles.links.models import ArticleLink, ArticleTerm, RelatedLink
from articles.models import Article
from tests.factories import make_article, make_related_link

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("href", "slug"),
    [
        ("/articles/health-workers/", "health-workers"),
        ("/articles/health-workers", "health-workers"),
        ("http://testserver/articles/health-workers/#training", "health-workers"),
        ("https://localhost/articles/health-workers/?ref=x", "health-workers"),
        ("../health-workers/", "health-workers"),
        ("https://elsewhere.example/articles/health-workers/", None),
        ("mailto:desk@byline.example", None),
        ("#section", None),
        ("/category/health/", None),
        ("/no/such/page/", None),
    ],
)
def test_recognises_only_links_to_our_article_pages(href: str, slug: str | None) -> None:
    assert index.article_slug_from_href(href, base_path="/articles/source/") == slug


def test_index_records_curated_and_body_links_with_anchor_texts() -> None:
    target, other = make_article(slug="target"), make_article(slug="other")
    source = make_article(
        body=(
            '<p>Read <a href="/articles/target/">what a <em>target</em> does</a> and '
            '<a href="https://example.org/">an outside page</a>.</p>'
        )
    )
    make_related_link(source=source, target=other, anchor_text="the other one")
    index.index_links(source)
    rows = {(row.kind, row.target_id, row.anchor_text) for row in source.outgoing_links.all()}
    assert rows == {
        ("body", target.pk, "what a target does"),
        ("curated", other.pk, "the other one"),
    }


def test_reindexing_replaces_the_previous_rows() -> None:
    target = make_article(slug="target")
    source = make_article(body='<p><a href="/articles/target/">x</a></p>')
    index.index_links(source)
    source.body = "<p>No links any more.</p>"
    source.save()
    index.index_links(source)
    assert not ArticleLink.objects.filter(source=source).exists()
    assert not target.incoming_links.exists()


def test_body_link_to_an_old_slug_is_indexed_against_the_article() -> None:
    target = make_article(slug="old-name")
    target.slug = "new-name"
    target.save()
    source = make_article(body='<p><a href="/articles/old-name/">x</a></p>')
    index.index_links(source)
    row = source.outgoing_links.get()
    assert row.target == target
    assert list(health.links_through_redirects([source.pk])) == [row]  # link health lists it


def test_deleting_a_target_keeps_its_rows_with_the_slug() -> None:
    target = make_article(slug="doomed")
    source = make_article(body='<p><a href="/articles/doomed/">x</a></p>')
    make_related_link(source=source, target=target)
    index.index_links(source)
    target.delete()
    rows = list(source.outgoing_links.all())
    assert {(row.kind, row.target_id, row.target_slug) for row in rows} == {
        ("body", None, "doomed"),
        ("curated", None, "doomed"),
    }
    index.index_links(source)  # the source is saved again: nothing is forgotten
    assert source.outgoing_links.filter(target__isnull=True).count() == 2


def test_a_new_article_at_a_linked_slug_picks_up_body_links() -> None:
    source = make_article(body='<p><a href="/articles/coming-soon/">soon</a></p>')
    index.index_links(source)
    assert source.outgoing_links.get().target is None
    newcomer = make_article(slug="coming-soon")
    assert source.outgoing_links.get().target == newcomer


def test_linked_from_lists_every_source_with_its_anchor_texts() -> None:
    target = make_article(slug="target")
    by_body = make_article(title="B", body='<p><a href="/articles/target/">body words</a></p>')
    curated = make_article(title="A")
    make_related_link(source=curated, target=target, anchor_text="curated words")
    draft = make_article(
        title="C",
        status=Article.Status.DRAFT,
        published_at=None,
        body='<p><a href="/articles/target/">draft words</a></p>',
    )
    for article in (by_body, curated, draft):
        index.index_links(article)
    backlinks = [
        (source.title, [(row.kind, row.anchor_text) for row in rows])
        for source, rows in index.linked_from(target)
    ]
    assert backlinks == [
        ("A", [("curated", "curated words")]),
        ("B", [("body", "body words")]),
        ("C", [("body", "draft words")]),
    ]


# --- Refreshed on every save, whoever saves (no admin involved) ---------------------------------


def index_rows() -> set[tuple]:
    return set(
        ArticleLink.objects.values_list(
            "source__slug", "target__slug", "target_slug", "href", "anchor_text", "kind"
        )
    )


def assert_index_as_rebuilt() -> set[tuple]:
    """The index as signals left it equals what rebuilding every article's links makes."""
    rows = index_rows()
    call_command("rebuild_link_index", stdout=StringIO())
    assert index_rows() == rows
    return rows


def test_creating_publishing_renaming_and_deleting_through_the_orm_keeps_the_index_fresh(
    django_capture_on_commit_callbacks,
) -> None:
    target, curated = make_article(slug="target"), make_article(slug="curated")
    make_article(slug="waiting", body='<p><a href="/articles/newcomer/">soon</a></p>')
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(
            title="Newcomer",
            slug="newcomer",
            summary="New.",
            body='<p><a href="/articles/target/">the target</a></p>',
            author=target.author,
            category=target.category,
        )
        # Saved after the article, as the admin's inline saves it.
        RelatedLink.objects.create(source=article, target=curated, anchor_text="see also")
    assert assert_index_as_rebuilt() >= {
        ("newcomer", "target", "target", "/articles/target/", "the target", "body"),
        ("newcomer", "curated", "curated", "/articles/curated/", "see also", "curated"),
        ("waiting", "newcomer", "newcomer", "/articles/newcomer/", "soon", "body"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(article)
    assert_index_as_rebuilt()

    with django_capture_on_commit_callbacks(execute=True):
        article.slug = "renamed"
        article.body = (
            '<p><a href="/articles/target/">again</a> <a href="/articles/gone/">x</a></p>'
        )
        article.save()
    rows = assert_index_as_rebuilt()
    assert {row for row in rows if row[0] == "renamed"} == {
        ("renamed", "target", "target", "/articles/target/", "again", "body"),
        ("renamed", None, "gone", "/articles/gone/", "x", "body"),
        ("renamed", "curated", "curated", "/articles/curated/", "see also", "curated"),
    }
    # The old slug still leads to the article, so the link written with it still counts.
    assert ("waiting", "renamed", "newcomer", "/articles/newcomer/", "soon", "body") in rows

    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert assert_index_as_rebuilt() == index_rows()
    assert index_rows() == {("waiting", None, "newcomer", "/articles/newcomer/", "soon", "body")}


def test_one_save_with_its_inline_links_rebuilds_the_index_once(
    django_capture_on_commit_callbacks,
) -> None:
    source, first, second = make_article(), make_article(), make_article()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        source.save()
        make_link = RelatedLink.objects.create
        make_link(source=source, target=first)
        make_link(source=source, target=second, position=1)
    link_index = [c for c in callbacks if getattr(c, "refresh", None) is index.refresh_index]
    assert len(link_index) == 1


def test_a_failing_refresh_after_commit_does_not_undo_or_fail_the_save(
    django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    source = make_article(title="Kept")

    def broken(articles: list[Article]) -> None:
        raise RuntimeError("index unavailable")

    # A fault injected where refresh_index re-indexes the articles, after the commit.
    monkeypatch.setattr(index, "index_links_of", broken)
    with django_capture_on_commit_callbacks(execute=True):
        source.title = "Saved anyway"
        source.save()
    assert Article.objects.get(pk=source.pk).title == "Saved anyway"
    assert "index unavailable" in caplog.text


# --- Rebuilt in batches, identical to what the signals maintain ---------------------------------


def term_rows() -> set[tuple]:
    return set(ArticleTerm.objects.values_list("article__slug", "term", "weight"))


def make_linked_corpus(count: int, prefix: str = "corpus") -> list[Article]:
    """Articles saved one by one (the signals index each), each linking to earlier ones, some
    through an old slug, with curated links and one link to an article that never existed."""
    articles: list[Article] = []
    for n in range(count):
        links = "".join(f'<a href="/articles/{a.slug}/">to {a.title}</a> ' for a in articles[-3:])
        articles.append(
            make_article(
                slug=f"{prefix}-{n}",
                title=f"Corpus river {n}",
                body=f"<p>{links}<a href='/articles/never-{n}/'>gone</a> harbour {n}.</p>",
            )
        )
        if n % 4 == 3:
            make_related_link(source=articles[-1], target=articles[n - 2])
    with TestCase.captureOnCommitCallbacks(execute=True):
        articles[1].slug = f"{prefix}-renamed"  # the links written with corpus-1 still count
        articles[1].save()
    return articles


def test_the_batched_rebuild_equals_the_index_the_signals_kept(monkeypatch) -> None:
    make_linked_corpus(12)
    links, terms = index_rows(), term_rows()
    assert len(links) > 30 and len(terms) > 12
    # Batches of 5 over 12 articles: links cross batch boundaries both ways.
    monkeypatch.setattr(index.rebuild, "__kwdefaults__", {"batch_size": 5, "progress": None})
    monkeypatch.setattr(
        suggestions.rebuild_all_terms, "__kwdefaults__", {"batch_size": 5, "progress": None}
    )
    ArticleLink.objects.exclude(kind=ArticleLink.Kind.CURATED, target__isnull=True).update(
        anchor_text="stale"
    )
    ArticleTerm.objects.all().delete()
    call_command("rebuild_link_index", verbosity=0, stdout=StringIO())
    assert index_rows() == links
    assert term_rows() == terms


def make_stale() -> None:
    """Every article's index rows and terms out of date, as after a bulk change without signals."""
    ArticleLink.objects.exclude(kind=ArticleLink.Kind.CURATED, target__isnull=True).update(
        anchor_text="stale"
    )
    ArticleTerm.objects.update(weight=0)


def test_rebuilding_runs_the_same_queries_for_ten_articles_as_for_twenty(
    django_assert_num_queries,
) -> None:
    make_linked_corpus(10)
    make_stale()
    with CaptureQueriesContext(connection) as ten:
        index.rebuild()
        suggestions.rebuild_all_terms()
    make_linked_corpus(10, prefix="more")
    make_stale()
    with django_assert_num_queries(len(ten)):  # no query per article: a few per batch
        index.rebuild()
        suggestions.rebuild_all_terms()


def test_rebuilding_an_index_that_is_right_rewrites_only_what_changed() -> None:
    articles = make_linked_corpus(6)
    links, terms = index_rows(), term_rows()
    with CaptureQueriesContext(connection) as queries:
        call_command("rebuild_link_index", verbosity=0, stdout=StringIO())
    writes = [
        q["sql"] for q in queries if re.match(r"(\d+ times: )?(INSERT|DELETE|UPDATE)", q["sql"])
    ]
    assert writes == []  # nothing changed: nothing written (SQLite's WAL stays small)
    # A change made without signals is caught, and only that article is rewritten.
    Article.objects.filter(pk=articles[2].pk).update(
        body='<p>Now about <a href="/articles/elsewhere/">somewhere else</a> entirely.</p>'
    )
    with CaptureQueriesContext(connection) as queries:
        call_command("rebuild_link_index", verbosity=0, stdout=StringIO())
    deletes = [q["sql"] for q in queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 2 and all(f"({articles[2].pk})" in sql for sql in deletes)
    assert ("elsewhere", "somewhere else") in {
        (row[2], row[4]) for row in index_rows() if row[0] == articles[2].slug
    }
    assert index_rows() != links and term_rows() != terms


def test_the_rebuild_shows_progress_on_stderr_unless_quiet() -> None:
    make_linked_corpus(3)
    out, err = StringIO(), StringIO()
    call_command("rebuild_link_index", stdout=out, stderr=err)
    assert "Link index: 3/3" in err.getvalue()
    assert "Suggestion terms: 3/3" in err.getvalue()
    assert out.getvalue() == "Indexed the links and terms of 3 articles.\n"
    quiet = StringIO()
    call_command("rebuild_link_index", verbosity=0, stdout=StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_a_save_between_a_rebuild_batch_read_and_its_write_is_not_undone(monkeypatch) -> None:
    # An editor saves an article after the rebuild read its batch and before the batch is
    # written: the save's own refresh indexed the new text, which the batch's older copy must
    # not overwrite (links and suggestion terms alike).
    target, moved = make_article(slug="target"), make_article(slug="moved")
    source = make_article(slug="source", body='<p>See <a href="/articles/target/">it</a>.</p>')

    def save_new_text() -> None:
        with TestCase.captureOnCommitCallbacks(execute=True):
            fresh = Article.objects.get(pk=source.pk)
            fresh.body = '<p>Read <a href="/articles/moved/">this glacier piece</a>.</p>'
            fresh.save()

    write_links, write_terms = index.index_links_of, suggestions._store_terms

    def links_after_a_save(articles: list[Article], *, only_changed: bool = False) -> None:
        if only_changed:  # the rebuild's batch, not the save's own refresh
            save_new_text()
        write_links(articles, only_changed=only_changed)

    monkeypatch.setattr(index, "index_links_of", links_after_a_save)
    make_stale()
    index.rebuild()
    assert set(ArticleLink.objects.filter(source=source).values_list("target", flat=True)) == {
        moved.pk
    }
    assert target.pk != moved.pk

    def terms_after_a_save(wanted: dict, *, only_changed: bool, versions: dict) -> None:
        if only_changed:
            save_new_text()
        write_terms(wanted, only_changed=only_changed, versions=versions)

    monkeypatch.setattr(suggestions, "_store_terms", terms_after_a_save)
    source.refresh_from_db()
    source.body = "<p>An older text about deserts.</p>"
    Article.objects.filter(pk=source.pk).update(body=source.body)  # what the batch will read
    suggestions.rebuild_all_terms()
    terms = set(ArticleTerm.objects.filter(article=source).values_list("term", flat=True))
    assert "glacier" in terms and "desert" not in terms and "deserts" not in terms
