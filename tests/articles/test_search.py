"""Search: relevance over title, summary and body, highlighted snippets, pagination, safety.

The same tests run on SQLite (FTS5) and on PostgreSQL (its full-text search).
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import html as lxml_html

from articles import publishing, richtext, search
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

#: A statement that writes (executemany shows as "N times: INSERT ...").
WRITE = re.compile(r"(\d+ times: )?(INSERT|DELETE|UPDATE)")

#: How FTS5's settings are written (see search.BULK_SETTINGS).
SETTING = f"INSERT INTO {search.FTS_TABLE} ({search.FTS_TABLE}, rank) VALUES "

RESULTS = '//ol[contains(@class, "search-results")]/li'


def titles(results) -> list[str]:
    return [article.title for article in results]


def test_title_match_ranks_above_summary_match_above_body_match(db) -> None:
    make_article(title="Notes", summary="Plain.", body="<p>The volcano erupted.</p>")
    make_article(title="Mountains", summary="A volcano is a mountain.", body="<p>Rock.</p>")
    make_article(title="The volcano explained", summary="Heat.", body="<p>Magma.</p>")
    make_article(title="Oceans", summary="Water.", body="<p>Waves.</p>")
    assert titles(search.SearchResults("volcano")[0:10]) == [
        "The volcano explained",
        "Mountains",
        "Notes",
    ]


def test_equally_relevant_articles_are_listed_newest_first(db) -> None:
    now = timezone.now()
    same = {"title": "Volcano", "summary": "Lava.", "body": "<p>Ash.</p>"}
    old, middle, new = (
        make_article(published_at=now - timedelta(days=n), **same) for n in (3, 2, 1)
    )
    assert search.SearchResults("volcano").ranked_ids() == [new.pk, middle.pk, old.pk]
    if connection.vendor == "postgresql":
        # Backdated: written last, published first. (SQLite's index orders ties by id.)
        backdated = make_article(published_at=now - timedelta(days=4), **same)
        same_time = make_article(published_at=now - timedelta(days=2), **same)
        assert search.SearchResults("volcano").ranked_ids() == [
            new.pk,
            same_time.pk,
            middle.pk,
            old.pk,
            backdated.pk,
        ]


def test_search_matches_word_forms(db) -> None:
    make_article(title="Running shoes", summary="Reviewed.", body="<p>They run well.</p>")
    assert titles(search.SearchResults("runs")[0:10]) == ["Running shoes"]


def test_every_word_must_match(db) -> None:
    make_article(title="Blue sky", summary="Colour.", body="<p>Scattering.</p>")
    make_article(title="Blue whale", summary="Size.", body="<p>Ocean.</p>")
    assert titles(search.SearchResults("blue whale")[0:10]) == ["Blue whale"]


def test_search_finds_only_published_articles(db) -> None:
    make_article(title="Published volcano")
    make_article(title="Draft volcano", status=Article.Status.DRAFT, published_at=None)
    make_article(
        title="Scheduled volcano",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    # The draft and the scheduled one sit between two published matches: inside the range
    # the ranking reads, and still left out.
    make_article(title="Later volcano")
    results = search.SearchResults("volcano")
    assert results.count() == 2
    assert sorted(titles(results[0:10])) == ["Later volcano", "Published volcano"]


def test_edits_and_deletions_reach_the_index(db, django_capture_on_commit_callbacks) -> None:
    article = make_article(title="Old title", body="<p>Nothing here.</p>")
    article.title = "Glacier facts"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert titles(search.SearchResults("glacier")[0:10]) == ["Glacier facts"]
    assert search.SearchResults("old").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert search.SearchResults("glacier").count() == 0


def test_snippet_marks_matches_and_escapes_the_text(db) -> None:
    make_article(
        title="Markup",
        summary="Plain summary.",
        body="<p>Use &lt;script&gt; tags and the <strong>volcano</strong> &amp; more.</p>",
    )
    [article] = search.SearchResults("volcano")[0:10]
    assert "<mark>volcano</mark>" in article.snippet
    assert "&lt;script&gt;" in article.snippet
    assert "<script" not in article.snippet and "<strong>" not in article.snippet


def test_an_faq_blocks_words_are_found_and_its_question_set_apart_in_the_snippet(db) -> None:
    make_article(
        title="Volcanoes",
        summary="Plain summary.",
        body='<details class="faq"><summary>Can a volcano sleep</summary>'
        "<p>Dormant ones erupt again.</p></details>",
    )
    [article] = search.SearchResults("dormant")[0:10]
    snippet = " ".join(article.snippet.split())  # PostgreSQL's keeps the tags' spaces
    assert "Can a volcano sleep — <mark>Dormant</mark> ones erupt again" in snippet


@pytest.mark.parametrize(
    "query",
    [
        '"foo',
        "AND(",
        "NOT",
        "title:x",
        "a OR",
        "*",
        "-",
        "(((",
        "'",
        "NEAR(a b)",
        "\x00",
        "ü" * 300,
    ],
)
def test_query_syntax_in_the_input_never_fails(client, db, query) -> None:
    make_article(title="Foo and bar")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_search_page_shows_ranked_results_with_snippets(client, site_settings) -> None:
    make_article(title="The volcano explained", summary="Heat & pressure.", body="<p>Magma.</p>")
    make_article(title="Oceans", summary="Water.", body="<p>An undersea volcano.</p>")
    response = client.get("/search/", {"q": "volcano"})
    page = lxml_html.fromstring(response.content)
    assert [
        a.text_content() for a in page.xpath('//ol[contains(@class, "search-results")]//h2/a')
    ] == [
        "The volcano explained",
        "Oceans",
    ]
    snippets = page.xpath('//p[@class="search-snippet"]')
    assert snippets[0].text_content().startswith("Heat & pressure.")  # the title matched
    assert [mark.text for mark in snippets[1].findall("mark")] == ["volcano"]
    assert "2 articles found." in response.content.decode()
    assert page.xpath('//input[@name="q"]/@value')[0] == "volcano"


def test_search_page_paginates(client, site_settings) -> None:
    for n in range(13):
        make_article(title=f"Volcano {n}")
    first = lxml_html.fromstring(client.get("/search/", {"q": "volcano"}).content)
    assert len(first.xpath(RESULTS)) == 10
    next_link = first.xpath('//a[@rel="next"]/@href')[0]
    assert next_link == "/search/?q=volcano&page=2"
    second = lxml_html.fromstring(client.get(next_link).content)
    assert len(second.xpath(RESULTS)) == 3
    assert second.xpath('//ol[contains(@class, "search-results")]/@start')[0] == "11"
    assert second.xpath('//a[@rel="prev"]/@href') == ["/search/?q=volcano"]  # no page=1


def test_search_page_without_results_or_query(client, site_settings) -> None:
    make_article(title="Volcano")
    assert "No articles match “glacier”" in client.get("/search/?q=glacier").content.decode()
    empty = client.get("/search/")
    assert empty.status_code == 200
    assert b"search-results" not in empty.content


def test_user_query_is_escaped_on_the_page(client, site_settings) -> None:
    body = client.get("/search/", {"q": "<img src=x onerror=alert(1)>"}).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_search_page_query_count_is_fixed(client, site_settings, django_assert_num_queries):
    for n in range(12):
        make_article(title=f"Volcano {n}")
    # settings row, header categories, the ranking (SQLite: the window's ids, then their
    # ranks), the page (SQLite: snippets, then articles)
    with django_assert_num_queries(6 if search.connection.vendor == "sqlite" else 4):
        client.get("/search/", {"q": "volcano"})


def test_rebuilding_the_index_finds_articles_made_without_signals(db) -> None:
    article = make_article(title="Placeholder")
    Article.objects.bulk_create(
        [
            Article(
                title="Imported glacier guide",
                slug="imported",
                summary="From the old site.",
                author=article.author,
                category=article.category,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        ]
    )
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert titles(search.SearchResults("glacier")[0:10]) == ["Imported glacier guide"]
    assert titles(search.SearchResults("placeholder")[0:10]) == ["Placeholder"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's vector is a column")
def test_rebuilding_an_index_that_is_right_rewrites_only_what_changed(db) -> None:
    make_article(title="Glacier walks")
    changed = make_article(title="Desert roads")
    with CaptureQueriesContext(connection) as queries:
        search.rebuild_index()
    sweep = f"DELETE FROM {search.FTS_TABLE} WHERE rowid NOT IN"  # rows of deleted articles
    writes = [q["sql"] for q in queries if WRITE.match(q["sql"])]
    assert len(writes) == 1 and writes[0].startswith(sweep)  # nothing else written
    Article.objects.filter(pk=changed.pk).update(title="Canyon roads")  # no signals
    with CaptureQueriesContext(connection) as queries:
        search.rebuild_index()
    writes = [q["sql"] for q in queries if WRITE.match(q["sql"]) and not q["sql"].startswith(sweep)]
    settings = [w for w in writes if w.startswith(SETTING)]  # set for the writes, then put back
    assert settings == [
        f"{SETTING}('hashsize', 67108864)",
        f"{SETTING}('automerge', 16)",
        f"{SETTING}('hashsize', 1048576)",
        f"{SETTING}('automerge', 4)",
    ]
    writes = [w for w in writes if not w.startswith(SETTING)]
    assert writes[0] == f"DELETE FROM {search.FTS_TABLE} WHERE rowid IN ({changed.pk})"
    assert len(writes) == 2 and writes[1].startswith("1 times: INSERT")  # that row alone
    assert titles(search.SearchResults("canyon")[0:10]) == ["Canyon roads"]
    assert titles(search.SearchResults("glacier")[0:10]) == ["Glacier walks"]


def test_creating_publishing_renaming_and_deleting_through_the_orm_keeps_search_fresh(
    db, django_capture_on_commit_callbacks
) -> None:
    def fts_rows() -> set[tuple]:
        if connection.vendor != "sqlite":
            return set()  # PostgreSQL's vector is a generated column: always current
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, title, summary, text FROM {search.FTS_TABLE}")
            return set(cursor.fetchall())

    def assert_index_as_rebuilt() -> None:
        rows = fts_rows()
        search.rebuild_index()
        assert fts_rows() == rows

    other = make_article(title="Oceans", summary="Water.")
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(
            title="Volcano basics",
            slug="volcano-basics",
            summary="Magma.",
            body="<p>Lava flows.</p>",
            author=other.author,
            category=other.category,
        )
    assert_index_as_rebuilt()
    assert search.SearchResults("volcano").count() == 0  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(article)
    assert titles(search.SearchResults("volcano")[0:10]) == ["Volcano basics"]
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Geyser basics"
        article.slug = "geyser-basics"
        article.save()
    assert_index_as_rebuilt()
    assert titles(search.SearchResults("geyser")[0:10]) == ["Geyser basics"]
    assert search.SearchResults("volcano").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert_index_as_rebuilt()
    assert search.SearchResults("geyser").count() == 0
    assert titles(search.SearchResults("oceans")[0:10]) == ["Oceans"]


def fts_rows() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, title, summary, text FROM {search.FTS_TABLE}")
        return set(cursor.fetchall())


#: Pieces of bodies: markup, entities, the match markers, every kind of whitespace.
BODY_PIECES = st.sampled_from(
    [
        *["<p>", "</p>", "<h2>", "</h2>", "<em>", "</em>", "<li>", "<!-- note -->", "<br>"],
        *["&amp;", "&#233;", "&nbsp;", "\x02", "\x03", " ", "\t", "\n", "\xa0"],
        *["\u2003", "\x1c", "\x85", "word", "Éte", "—", "<", ">"],
    ]
)


@given(markup=st.lists(st.one_of(BODY_PIECES, st.text(max_size=5)), max_size=30).map("".join))
@example(markup="<h2>Title</h2>\x02<p> a \x03 b </p>")
def test_the_indexed_text_is_the_plain_text_without_match_markers_or_extra_spaces(
    markup: str,
) -> None:
    # The definition the index was built with (a rebuild re-split every text: now only those
    # that held a marker).
    text = richtext.plain_text(markup).replace("\x02", "").replace("\x03", "")
    assert search.plain_text(markup) == " ".join(text.split())


def search_results(queries: list[str]) -> dict[str, tuple]:
    """Each query's ranked ids and its first page's snippets (what readers are shown)."""
    shown = {}
    for query in queries:
        results = search.SearchResults(query)
        shown[query] = (results.ranked_ids(), [str(a.snippet) for a in results[0:10]])
    return shown


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's vector is generated")
def test_a_rebuild_from_empty_gives_the_rows_and_results_the_signals_gave(db) -> None:
    for n in range(7):
        make_article(
            title=f"Glacier {n} walks",
            summary=f"Ice &amp; rock {n}.",
            body=f"<h2>Melt</h2><p>The glacier\xa0{n} <em>re</em>treats; ice {'ice ' * n}</p>",
        )
    queries = ["glacier", "ice", "melt rock", "retreats", "walks 3", "nothing"]
    kept, shown = fts_rows(), search_results(queries)
    assert len(kept) == 7 and shown["ice"][0]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search.FTS_TABLE}")
    assert search.rebuild_index(batch_size=3) == 7
    assert fts_rows() == kept
    assert search_results(queries) == shown


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's vector is generated")
def test_a_rebuild_puts_back_the_index_settings_it_changed_even_when_it_fails(
    db, monkeypatch
) -> None:
    make_article(title="Glacier walks")
    search._set_fts_options({"automerge": 8})  # the site's own choice, kept
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {search.FTS_TABLE} SET title = 'stale'")
    search.rebuild_index()
    assert search._fts_options() == {"automerge": 8, "hashsize": 1024 * 1024}

    def broken(rows: list) -> None:
        assert search._fts_options() == search.BULK_SETTINGS  # in effect while writing
        raise RuntimeError("disk full")

    monkeypatch.setattr(search, "_write_rows", broken)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {search.FTS_TABLE} SET title = 'stale'")
    with pytest.raises(RuntimeError):
        search.rebuild_index()
    assert search._fts_options() == {"automerge": 8, "hashsize": 1024 * 1024}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's vector is generated")
def test_the_batched_rebuild_equals_the_index_the_signals_kept_and_drops_strays(db) -> None:
    for n in range(7):
        make_article(title=f"Glacier {n}", summary=f"Ice {n}.", body=f"<h2>Melt</h2><p>{n}</p>")
    kept = fts_rows()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {search.FTS_TABLE} SET title = 'stale'")
        # A row for an article deleted behind the signals' back.
        cursor.execute(
            f"INSERT INTO {search.FTS_TABLE} (rowid, title, summary, text) "
            "VALUES (999999, 'gone', '', '')"
        )
    shown: list[tuple[int, int]] = []
    assert search.rebuild_index(batch_size=3, progress=lambda *n: shown.append(n)) == 7
    assert fts_rows() == kept
    assert shown == [(3, 7), (6, 7), (7, 7)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's vector is generated")
def test_rebuilding_search_runs_the_same_queries_for_five_articles_as_for_ten(
    db, django_assert_num_queries
) -> None:
    for _n in range(5):
        make_article()
    with CaptureQueriesContext(connection) as five:
        search.rebuild_index()
    for _n in range(5):
        make_article()
    with django_assert_num_queries(len(five)):  # a few queries a batch, none an article
        search.rebuild_index()


def test_the_rebuild_command_shows_progress_on_stderr_unless_quiet(db) -> None:
    make_article()
    err = io.StringIO()
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=err)
    assert ("Search index: 1/1" in err.getvalue()) == (connection.vendor == "sqlite")
    quiet = io.StringIO()
    call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_a_common_word_ranks_the_newest_matches_and_says_so(
    client, site_settings, monkeypatch
) -> None:
    # The window stands in for 1,000: only the newest three published matches are ranked.
    monkeypatch.setattr(search, "WINDOW", 3)
    now = timezone.now()
    oldest = make_article(title="Volcano volcano volcano", published_at=now - timedelta(days=9))
    newer = [
        make_article(title=f"Volcano {n}", published_at=now - timedelta(days=n)) for n in range(3)
    ]
    make_article(title="Volcano draft", status=Article.Status.DRAFT, published_at=None)
    results = search.SearchResults("volcano")
    assert results.count() == 3
    assert sorted(article.pk for article in results[:10]) == sorted(a.pk for a in newer)
    assert oldest.pk not in results.ranked_ids()
    page = client.get("/search/", {"q": "volcano"}).content.decode()
    assert "Many articles match: these are the best of the newest 3." in page


def test_a_rare_word_is_found_among_many_published_articles(db) -> None:
    for n in range(15):
        make_article(title=f"Ordinary {n}")
    rare = make_article(title="Ordinary", body="<p>A zyxwvut appears once.</p>")
    results = search.SearchResults("zyxwvut")
    assert [article.pk for article in results[:10]] == [rare.pk]
    assert not results.window_full


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's vector is a column")
def test_a_save_between_a_rebuild_batch_read_and_its_write_is_not_undone(
    db, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    # The batch is read with the older text; an editor's save (and its own refresh) lands
    # before the batch is written, which must not put the older text back.
    article = make_article(title="Glacier walks", body="<p>Ice and rock.</p>")
    Article.objects.filter(pk=article.pk).update(title="Desert roads")  # what the batch reads
    rows_of, saved = search._rows, []

    def rows_then_a_save(batch: list[Article]) -> list:
        rows = rows_of(batch)
        if saved:  # the save's own refresh
            return rows
        saved.append(True)
        with django_capture_on_commit_callbacks(execute=True):
            fresh = Article.objects.get(pk=article.pk)
            fresh.title = "Canyon trails"
            fresh.save()
        return rows

    monkeypatch.setattr(search, "_rows", rows_then_a_save)
    search.rebuild_index()
    assert titles(search.SearchResults("canyon")[0:10]) == ["Canyon trails"]
    assert titles(search.SearchResults("desert")[0:10]) == []
