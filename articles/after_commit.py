"""Refresh derived data (search index, link index, suggestion terms) once the data is committed.

Signal receivers call :func:`refresh_after_commit` with a refresh function and an article id.
Inside a transaction each (refresh, article) pair is queued once and runs after the commit:
one admin save (the article, then each of its inline related links) rebuilds the article's
link index once, and a rolled-back save refreshes nothing. Outside a transaction the refresh
runs at once, as ``transaction.on_commit`` does.
"""

from collections.abc import Callable

from django.db import transaction

Refresh = Callable[[set[int]], None]


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


def refresh_after_commit(refresh: Refresh, article_id: int, *, using: str) -> None:
    """Run ``refresh({article_id})`` once, after the current transaction commits."""
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
