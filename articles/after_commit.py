"""Refresh derived data (search index, link index, suggestion terms) once the data is committed.

Signal receivers call :func:`refresh_after_commit` with a refresh function and an article id.
Inside a transaction each (refresh, article) pair is queued once and runs after the commit:
one admin save (the article, then each of its inline related links) rebuilds the article's
link index once, and a rolled-back save refreshes nothing. Outside a transaction the refresh
runs at once, as ``transaction.on_commit`` does.

A bulk writer (the WordPress importer) saves thousands of articles, each in a transaction of
its own; inside :func:`deferred` their refreshes are gathered instead and each refresh runs
once at the end over all the ids, in batches, which is many times cheaper than article by
article.
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

Refresh = Callable[[set[int]], None]
#: Every refresh of an article's derived data, registered by the module that owns it.
REFRESHES: list[Refresh] = []
#: Ids per refresh call when deferred refreshes run: few queries, bounded memory.
BATCH_SIZE = 500
_local = threading.local()


def article_refresh(refresh: Refresh) -> Refresh:
    """Register ``refresh`` as one of the derived data every article has (a decorator)."""
    REFRESHES.append(refresh)
    return refresh


class _Pending:
    """One refresh of one article, waiting for this transaction to commit."""

    def __init__(self, refresh: Refresh, article_id: int) -> None:
        self.refresh = refresh
        self.article_id = article_id
        self.done = False

    def __call__(self) -> None:
        # Once only, even where a test runs the callbacks early and again at the end.
        if not self.done:
            self.done = True
            self.refresh({self.article_id})


class Deferred:
    """The refreshes gathered inside :func:`deferred`: for each refresh, the article ids."""

    def __init__(self) -> None:
        self.ids: dict[Refresh, set[int]] = {}
        self.discarded = False

    def add(self, refresh: Refresh, article_id: int) -> None:
        self.ids.setdefault(refresh, set()).add(article_id)

    def add_all(self, article_ids: Iterable[int]) -> None:
        """Refresh every registered kind of derived data of these articles at the end."""
        article_ids = set(article_ids)
        for refresh in REFRESHES:
            self.ids.setdefault(refresh, set()).update(article_ids)

    def discard(self) -> None:
        """Run nothing at the end (the writes were rolled back)."""
        self.discarded = True

    def run(self, progress: Callable[[int, int], None] | None = None) -> None:
        total = sum(len(ids) for ids in self.ids.values())
        done = 0
        for refresh, ids in self.ids.items():
            ordered = sorted(ids)
            for start in range(0, len(ordered), BATCH_SIZE):
                batch = ordered[start : start + BATCH_SIZE]
                refresh(set(batch))
                done += len(batch)
                if progress:
                    progress(done, total)


@contextmanager
def deferred(*, progress: Callable[[int, int], None] | None = None) -> Iterator[Deferred]:
    """Gather the refreshes of every save inside; run each once, in batches, on a clean exit.

    Meant for a run of many transactions (not inside one): the refreshes run after the
    block, each batch committing on its own, so no snapshot is held across the writes.
    """
    gathered = Deferred()
    outer = getattr(_local, "deferred", None)
    _local.deferred = gathered
    try:
        yield gathered
    finally:
        _local.deferred = outer
    if gathered.discarded:
        return
    if outer is not None:
        for refresh, ids in gathered.ids.items():
            outer.ids.setdefault(refresh, set()).update(ids)
        return
    gathered.run(progress)


def refresh_after_commit(refresh: Refresh, article_id: int, *, using: str) -> None:
    """Run ``refresh({article_id})`` once, after the current transaction commits."""
    if (gathering := getattr(_local, "deferred", None)) is not None:
        # Runs at the end of the deferred block, which is after this transaction's commit
        # (or, if it rolled back, refreshes a row that is gone: a harmless no-op).
        gathering.add(refresh, article_id)
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        # Callbacks queued in this transaction; Django drops them on rollback, so nothing from
        # a rolled-back transaction can stand in for a refresh the next one needs.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if (
                isinstance(callback, _Pending)
                and not callback.done
                and callback.refresh is refresh
                and callback.article_id == article_id
            ):
                return
    # Robust: the article is committed by now; a failed refresh is logged (and mended by the
    # rebuild commands) instead of turning the editor's successful save into an error page.
    transaction.on_commit(_Pending(refresh, article_id), using=using, robust=True)
