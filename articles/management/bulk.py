"""What a command that rewrites a whole index asks of the database while it runs."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

#: A page cache that holds one batch's index pages (SQLite's default is 2 MB).
CACHE_MB = 64


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
