"""Writing whole indexes: plain rows many to a statement (one COPY on PostgreSQL), and the
database settings a rebuild runs with."""

import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connection, models

#: A page cache that holds one batch's index pages (SQLite's default is 2 MB).
CACHE_MB = 64
#: Rows one INSERT writes at most (fewer where the database takes fewer parameters).
ROWS_PER_INSERT = 500


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    on_conflict: str = "",
) -> None:
    """Insert ``rows`` (values of ``fields``, in that order) into ``model``'s table.

    Plain tuples, not model instances (building 4,000,000 suggestion-term instances cost more
    than storing them). On PostgreSQL one ``COPY`` a call; elsewhere, and for ``on_conflict``,
    many rows a statement: one statement a row spent 40 % of an insert's time on SQLite
    starting statements (4.5 → 2.7 s for 800,000 terms). ``on_conflict`` ends each statement
    (an ``ON CONFLICT ...`` clause both databases read).
    """
    if not rows:
        return
    if connection.vendor == "postgresql" and not on_conflict:
        _copy_rows(model, fields, rows)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    row_marks = f"({', '.join(['%s'] * len(fields))})"
    limit = connection.features.max_query_params
    per_statement = min(ROWS_PER_INSERT, limit // len(fields)) if limit else ROWS_PER_INSERT
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    ending = f" {on_conflict}" if on_conflict else ""

    def flat(chunk: Sequence[tuple]) -> list[Any]:
        return [value for row in chunk for value in row]

    whole = len(rows) - len(rows) % per_statement
    with connection.cursor() as cursor:
        if whole:
            cursor.executemany(
                insert + ", ".join([row_marks] * per_statement) + ending,
                [
                    flat(rows[start : start + per_statement])
                    for start in range(0, whole, per_statement)
                ],
            )
        if rest := rows[whole:]:
            cursor.execute(insert + ", ".join([row_marks] * len(rest)) + ending, flat(rest))


def _copy_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """``rows`` into ``model``'s table by one binary ``COPY`` (PostgreSQL).

    A multi-row INSERT of 500 rows was parsed and planned for each statement (a sixth of the
    server's time in a rebuild from empty) and bound value by value in Python; COPY streams
    the rows as they are encoded, in their binary form. It shows in the query log as one
    statement, so query budgets still count it.
    """
    quote = connection.ops.quote_name
    concrete = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(quote(field.column) for field in concrete)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
    # Binary COPY needs each column's exact type: "varchar(40)" is sent as "varchar".
    types = [field.db_type(connection).partition("(")[0] for field in concrete]
    with connection.cursor() as cursor:
        logged = cursor.debug_sql(sql) if connection.queries_logged else nullcontext()
        # Django's own exceptions (IntegrityError...), as its cursor raises them.
        with logged, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


@contextmanager
def batch_sized_cache() -> Iterator[None]:
    """On SQLite, a page cache of ``CACHE_MB`` for as long as the block runs.

    With the default 2 MB, a batch of a rebuild dirtied more index pages than the cache held:
    SQLite wrote them to the WAL before the commit and read them back (10 GB read for the link
    index at 100,000 articles). The connection's own setting comes back afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-CACHE_MB * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def batches_of[M: models.Model](queryset: models.QuerySet[M], size: int) -> Iterator[list[M]]:
    """``queryset``'s rows in primary-key order, ``size`` at a time, each batch read whole.

    A query per batch, resuming after the last key read: no cursor or snapshot stays open
    while the caller writes between batches.
    """
    last = None
    while batch := list(
        (queryset if last is None else queryset.filter(pk__gt=last)).order_by("pk")[:size]
    ):
        yield batch
        last = batch[-1].pk


def prepared_alongside[B, I, R](
    batches: Iterable[B], inputs: Callable[[B], I], prepare: Callable[[I], R]
) -> Iterator[tuple[B, R]]:
    """Each batch with ``prepare(inputs(batch))``, prepared in a second process a batch ahead.

    A rebuild's own Python work (parsing bodies, counting words: ~40 s of CPU at 100,000
    articles) then runs while the database writes the batch before, instead of between its
    writes. ``prepare`` is a module-level function of plain values (they are pickled to the
    other process, which is forked, so it has this one's settings and URLs); ``inputs`` runs
    here and picks those values. Where processes cannot fork, or this one runs other threads
    (a web server's, a test's live server: a thread holding a lock at the fork would leave the
    child waiting on it for ever), each batch is prepared here.
    """
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        for batch in batches:
            yield batch, prepare(inputs(batch))
        return
    # Forked, the helper never touches the database: the connection it inherits stays this
    # process's (it leaves through os._exit, which closes nothing).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as helper:
        pending: tuple[B, Future[R]] | None = None
        for batch in batches:
            future = helper.submit(prepare, inputs(batch))
            if pending is not None:
                yield pending[0], pending[1].result()
            pending = (batch, future)
        if pending is not None:
            yield pending[0], pending[1].result()
