"""Full-text search over published articles: PostgreSQL's own, or SQLite's FTS5.

:class:`SearchResults` is the one entry point, a sequence a Paginator pages through: the
matching published articles ranked by relevance (title weighs most, then summary, then body),
each with ``snippet``, an HTML-escaped excerpt in which the matched words are wrapped in
``<mark>``. Only the newest ``WINDOW`` published matches are ranked: a word found in every one
of 100,000 articles would otherwise rank them all on every search (1.3 s on PostgreSQL), and a
rare word would pay for listing every published id (133 ms on SQLite). Both backends walk the
matches newest first and stop at the window, checking each match against the published rule
by its primary key, so a search costs the same at any size. Both backends take the reader's
words as plain words: no query syntax of either database reaches it, so no input can make the
search fail.

SQLite's index follows every save and delete of an article after the transaction commits
(``refresh_index``); ``bulk_create`` and ``update`` send no signals, so after those run
``manage.py rebuild_search_index``.
"""

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils.safestring import SafeString, mark_safe

from articles import richtext
from articles.after_commit import article_refresh, refresh_after_commit
from articles.bulk import batches_of
from articles.models import Article

FTS_TABLE = "articles_search"
INDEXED_FIELDS = {"title", "summary", "body"}
# Relative weights of title, summary and body (PostgreSQL's A, B and C).
WEIGHTS = (10.0, 4.0, 1.0)
# The same for SearchRank, which lists them from D up to A.
PG_WEIGHTS = [0.0, 0.1, 0.4, 1.0]
SNIPPET_WORDS = 30
# The index that answers "is this article published" by id (Article.Meta.indexes).
PUBLISHED_BY_ID = "article_published_by_id"
#: How many of the newest published matches are ranked (the results' "found" count stops here).
WINDOW = 1_000
MAX_TERMS = 12
# Control characters no article contains mark the matches until the text has been escaped.
_START, _STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
# PostgreSQL's stored vector (migration 0009) and snippets take the tags out in SQL; this is
# richtext.plain_text's rule (a heading set apart from the paragraph after it) as a pattern.
# An FAQ's question too (summary): the stored vector's older pattern (migration 0009) needs no
# change for it, as PostgreSQL's parser reads the separator as no word either way.
HEADING_END_PATTERN = "</(h[1-6]|dt|figcaption|summary)>"
HEADING_SEPARATOR = richtext.SEPARATOR


def plain_text(markup: str) -> str:
    """The readable text of an HTML fragment, for the index and the snippets."""
    text = richtext.plain_text(markup)
    if _START in text or _STOP in text:
        # The match markers must not come from the text itself (see _START). The text is
        # otherwise normalized already: splitting it again was a third of a rebuild's Python.
        text = " ".join(text.replace(_START, "").replace(_STOP, "").split())
    return text


def indexed_text(summary: str, body: str) -> tuple[str, str]:
    """The summary, and the text snippets are cut from: the summary followed by the body."""
    summary = plain_text(summary)
    return summary, f"{summary} {plain_text(body)}"


def highlighted(text: str) -> SafeString:
    """Escape ``text``, then turn the match markers into ``<mark>`` elements."""
    escaped = html.escape(html.unescape(text), quote=False)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def terms(query: str) -> list[str]:
    """The reader's words, without any punctuation or operator a database could misread."""
    return _WORD.findall(query)[:MAX_TERMS]


class SearchResults(Sequence):
    """Ranked results, fetched lazily one page at a time (what a Paginator needs).

    The ranking is one query for the ids of the whole window (at most ``WINDOW``), kept for the
    count and the page; the page's articles and snippets are read for its ids only.
    """

    def __init__(self, query: str) -> None:
        self.query = query
        self.terms = terms(query)
        self.backend = PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()
        self._ranked: list[int] | None = None

    def ranked_ids(self) -> list[int]:
        """The ids of the newest ``WINDOW`` published matches, best first."""
        if self._ranked is None:
            self._ranked = self.backend.ranked_ids(self.terms, WINDOW) if self.terms else []
        return self._ranked

    def count(self) -> int:
        return len(self.ranked_ids())

    @property
    def window_full(self) -> bool:
        """Whether older matches may have been left unranked (the window is full)."""
        return self.count() >= WINDOW

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):  # type: ignore[override]
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = self.ranked_ids()[key]
        if not ids:
            return []
        articles = self.backend.page(self.terms, ids)
        return [articles[article_id] for article_id in ids if article_id in articles]


def published_articles() -> QuerySet[Article]:
    """Published articles with what a result shows: its title, address, date and category.

    Only those columns: the bodies (the text, its HTML, its table of contents) were read for ten
    articles on every search and never shown, and at 100,000 articles they are the part of a row
    that lives out of line (PostgreSQL's TOAST, SQLite's overflow pages).
    """
    return (
        Article.objects.published()
        .select_related("category")
        .only("title", "slug", "published_at", "category__name")
    )


class PostgresSearch:
    """PostgreSQL full-text search: a stored weighted tsvector with a GIN index, websearch
    queries, ts_headline for the snippets of the page shown."""

    config = "english"

    def _body_text(self) -> Func:
        """The body with its HTML tags taken out."""
        body = Func(
            F("body"),
            Value(HEADING_END_PATTERN),
            Value(HEADING_SEPARATOR),
            Value("gi"),
            function="regexp_replace",
            output_field=TextField(),
        )
        return Func(
            body,
            Value("<[^>]+>"),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )

    def _vector(self) -> RawSQL:
        """The stored vector (migration 0009): title A, summary B, body without tags C."""
        from django.contrib.postgres.search import SearchVectorField

        table = connection.ops.quote_name(Article._meta.db_table)
        return RawSQL(f"{table}.search_vector", (), output_field=SearchVectorField())

    def _query(self, words: list[str]):
        from django.contrib.postgres.search import SearchQuery

        return SearchQuery(" ".join(words), search_type="websearch", config=self.config)

    def ranked_ids(self, words: list[str], window: int) -> list[int]:
        """Rank the newest ``window`` published matches (the GIN index finds a rare word's
        rows; a common word's are met walking the primary key down).

        The window is cut first and ranked after, in a query around it: ranked in the same
        query, PostgreSQL ranked every match before keeping the newest whenever it found them
        through the GIN index (a word in a tenth of 100,000 articles: 10,000 vectors of ~8 KB
        read and ranked, 210 ms, for a window of 1,000). The window is compiled as a query of
        its own (its vector is named by its table, which Django renames inside a subquery).
        """
        from django.contrib.postgres.search import SearchRank, SearchVectorField

        query = self._query(words)
        newest = (
            Article.objects.published()
            .annotate(search_vector=self._vector())
            .filter(search_vector=query)
            .order_by("-id")
            .values_list("pk", "published_at", "search_vector")[:window]
        )
        sql, params = newest.query.sql_with_params()
        pk, published_at, vector = map(
            connection.ops.quote_name, ("pk", "published_at", "search_vector")
        )
        outer = Query(Article)
        rank = SearchRank(
            RawSQL(f"newest.{vector}", (), output_field=SearchVectorField()),
            query,
            weights=PG_WEIGHTS,
        ).resolve_expression(outer)
        rank_sql, rank_params = outer.get_compiler(connection=connection).compile(rank)
        with connection.cursor() as cursor:
            # Best first; equal ranks newest first. Only the ids come back: a thousand rows
            # with their dates cost more to convert in Python than to sort here.
            cursor.execute(
                f"SELECT {pk} FROM ({sql}) AS newest "
                f"ORDER BY {rank_sql} DESC, {published_at} DESC, {pk} DESC",
                (*params, *rank_params),
            )
            return [row[0] for row in cursor.fetchall()]

    def page(self, words: list[str], ids: list[int]) -> dict[int, Article]:
        """The articles ``ids`` with their highlighted snippets."""
        from django.contrib.postgres.search import SearchHeadline

        query = self._query(words)
        text = Func(
            F("summary"), Value(" "), self._body_text(), function="concat", output_field=TextField()
        )
        articles = (
            published_articles()
            .filter(pk__in=ids)
            .annotate(
                headline=SearchHeadline(
                    text,
                    query,
                    config=self.config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
        )
        found = {}
        for article in articles:
            article.snippet = highlighted(article.headline)
            found[article.pk] = article
        return found


class SqliteSearch:
    """SQLite's FTS5: a porter-stemmed index kept beside the articles, bm25 and snippet().

    The index's columns are title, summary, and text (summary and body), so snippets come from
    the same text as PostgreSQL's headlines.
    """

    def _match(self, words: list[str]) -> str:
        # Every word as an FTS5 string ("..." with quotes doubled): all must match, none is
        # read as an operator or column filter.
        return " ".join('"{}"'.format(word.replace('"', '""')) for word in words)

    def _is_published(self) -> tuple[str, tuple]:
        """``EXISTS``'s query: the index row's article is published (one index lookup).

        Read from the index ``article_published_by_id``, named here because SQLite always
        prefers the row for an id: the row answers only after its overflow pages (deleted_at
        sits past the body), six pages a match, 5.8 ms of CPU for a common word's thousand
        checks against 0.9 from the index. Named, it also fails loudly if the index goes.
        """
        row = RawSQL(f"{FTS_TABLE}.rowid", ())
        sql, params = (
            Article.objects.published().filter(pk=row).values("pk").query.sql_with_params()
        )
        table, index = map(connection.ops.quote_name, (Article._meta.db_table, PUBLISHED_BY_ID))
        sql = sql.replace(f" FROM {table} ", f" FROM {table} INDEXED BY {index} ", 1)
        return sql, tuple(params)

    def ranked_ids(self, words: list[str], window: int) -> list[int]:
        """Rank the newest ``window`` published matches by bm25 (two queries).

        The index returns a word's matches newest first and each is checked against the
        published rule by its id, until the window is full; then the window's range of the
        index is ranked and the unpublished among it dropped here. Ranking in the same query
        checked every match of the range against the published rule a second time, reading
        each article's row again (a third of a search for "the" at 100,000 articles). The
        bounds must be plain values or scalar subqueries: from a CTE, SQLite does not hand
        them to FTS5, which then ranked all 100,000 matches of a common word (61 s).
        """
        published_sql, published_params = self._is_published()
        match = self._match(words)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND EXISTS ({published_sql}) ORDER BY rowid DESC LIMIT %s",
                (match, *published_params, window),
            )
            newest = [row[0] for row in cursor.fetchall()]
            if not newest:
                return []
            # No "rowid IN (…)" here: FTS5 looks each listed id up on its own (10 s).
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid BETWEEN %s AND %s "
                f"ORDER BY bm25({FTS_TABLE}, %s, %s, %s), rowid DESC",
                (match, newest[-1], newest[0], *WEIGHTS),
            )
            published = set(newest)
            return [row[0] for row in cursor.fetchall() if row[0] in published]

    def page(self, words: list[str], ids: list[int]) -> dict[int, Article]:
        """The articles ``ids`` with their highlighted snippets (two queries)."""
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            # The range keeps the index from walking a common word's matches outside the page.
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 2, %s, %s, '…', %s) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s AND rowid IN ({marks})",
                (_START, _STOP, SNIPPET_WORDS, self._match(words), min(ids), max(ids), *ids),
            )
            snippets = dict(cursor.fetchall())
        articles = published_articles().in_bulk(list(snippets))
        for article_id, article in articles.items():
            article.snippet = highlighted(snippets[article_id])
        return articles


def index_article(article: Article) -> None:
    """Put the article's current text into the SQLite index (PostgreSQL needs no index)."""
    if connection.vendor == "sqlite":
        _write_rows(_rows([article]))


#: One row of the SQLite index: rowid (the article's id), title, summary, text.
Row = tuple[int, str, str, str]


def _rows(articles: list[Article]) -> list[Row]:
    return [
        (article.pk, article.title, *indexed_text(article.summary, article.body))
        for article in articles
    ]


def _changed(rows: list[Row]) -> list[Row]:
    """The rows that differ from the stored ones (a rebuild reads before it writes: rewriting
    the same rows wrote ~10 GB through SQLite's WAL at 100,000 articles)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, title, summary, text FROM {FTS_TABLE} "
            f"WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        stored = set(cursor.fetchall())
    return [row for row in rows if row not in stored]


def _write_rows(rows: list[Row]) -> None:
    """Replace these rows of the SQLite index: one DELETE, one batched INSERT."""
    if not rows:
        return
    ids = [row[0] for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, text) VALUES (%s, %s, %s, %s)", rows
        )


def _indexed_fields() -> QuerySet[Article]:
    return Article.objects.only("id", "title", "summary", "body", "version").order_by("id")


#: Articles a rebuild reads and writes at a time: each commit adds at least one segment to
#: FTS5's index, and segments are merged again and again as they pile up (batches of 500 wrote
#: 7.3 GB for an index of 1.3 GB at 100,000 articles; 2,000 with BULK_SETTINGS, 4.0 GB).
REBUILD_BATCH = 2_000
#: FTS5's settings while a rebuild writes, restored afterwards (they are stored with the index):
#: a batch's new terms are kept in memory up to 64 MB and written as one segment at its commit
#: (the default flushes every 1 MB, a dozen segments a batch), and a level is merged once it
#: holds 16 segments rather than 4, so each merge moves more at a time and fewer times over.
#: At 100,000 articles: FTS5's own work 31-37 → 19-21 s CPU, and the rebuilt index has 5
#: segments where the default's had 14. Left behind by a killed rebuild, both are harmless.
BULK_SETTINGS = {"hashsize": 64 * 1024 * 1024, "automerge": 16}
#: FTS5's defaults for those settings, put back when the index had none of its own.
FTS5_DEFAULTS = {"hashsize": 1024 * 1024, "automerge": 4}


def _set_fts_options(options: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for name, value in options.items():
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES (%s, %s)", [name, value]
            )


def _fts_options() -> dict[str, int]:
    """The index's own values of ``BULK_SETTINGS``' options (FTS5's defaults where unset)."""
    names = list(BULK_SETTINGS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k, v FROM {FTS_TABLE}_config WHERE k IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        return {**FTS5_DEFAULTS, **{name: int(value) for name, value in cursor.fetchall()}}


def rebuild_index(
    *, batch_size: int = REBUILD_BATCH, progress: Callable[[int, int], None] | None = None
) -> int:
    """Index every article again (after imports or bulk_create, which send no signals).

    Batch by batch: each batch is read and its text prepared outside any transaction, then
    written in a transaction of its own, so no read snapshot stays open across the writes
    (SQLite's WAL is checkpointed as it goes) and the write lock is held only to write.
    ``BULK_SETTINGS`` apply from the first batch that writes until the end (a rebuild of a right
    index changes no setting either).
    """
    if connection.vendor != "sqlite":
        return 0
    total, count = Article.objects.count(), 0
    previous: dict[str, int] | None = None
    try:
        for batch in batches_of(_indexed_fields(), batch_size):
            rows = _rows(batch)
            with transaction.atomic():
                # An article saved since the batch was read was refreshed by that save.
                current = Article.objects.unchanged_since({a.pk: a.version for a in batch})
                if changed := _changed([row for row in rows if row[0] in current]):
                    if previous is None:
                        previous = _fts_options()
                        _set_fts_options(BULK_SETTINGS)
                    _write_rows(changed)
            count += len(batch)
            if progress:
                progress(count, total)
    finally:
        if previous is not None:
            _set_fts_options(previous)
    with transaction.atomic(), connection.cursor() as cursor:
        # Rows of articles deleted behind the signals' back (a raw DELETE, a restored backup).
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {Article._meta.db_table})"
        )
    return count


@article_refresh
def refresh_index(article_ids: set[int]) -> None:
    """Bring these articles' rows of the SQLite index up to date (deleted ones leave it)."""
    if connection.vendor != "sqlite":
        return
    with transaction.atomic():
        found = list(_indexed_fields().filter(pk__in=article_ids))
        _write_rows(_rows(found))
        if gone := article_ids - {article.pk for article in found}:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(gone))})",
                    list(gone),
                )


def on_article_saved(
    sender: type,
    instance: Article,
    update_fields: frozenset[str] | None = None,
    using: str = "default",
    **kwargs: Any,
) -> None:
    """post_save: re-index the article after commit if a searched field may have changed."""
    if connection.vendor == "sqlite" and (update_fields is None or update_fields & INDEXED_FIELDS):
        refresh_after_commit(refresh_index, instance.pk, using=using)


def on_article_deleted(
    sender: type, instance: Article, using: str = "default", **kwargs: Any
) -> None:
    """post_delete: take the article out of the index after commit."""
    if connection.vendor == "sqlite":
        refresh_after_commit(refresh_index, instance.pk, using=using)
