"""Concurrent writers on SQLite: Django's defaults against Byline's settings.

Run: .venv/bin/python bench/sqlite_concurrency.py
Several processes each run short read-then-write transactions on one SQLite file, as comment
posts and admin saves do. Prints how many transactions failed with "database is locked".
"""

import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

WORKERS = 8
TRANSACTIONS = 200


def writer(path: str, byline_settings: bool, results: "multiprocessing.Queue[int]") -> None:
    if byline_settings:
        # What site/settings.py gives every connection: WAL, NORMAL sync, IMMEDIATE, 20 s wait.
        conn = sqlite3.connect(path, timeout=20, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        begin = "BEGIN IMMEDIATE"
    else:
        # Django's defaults: rollback journal, deferred transactions, 5 s timeout.
        conn = sqlite3.connect(path, timeout=5, isolation_level=None)
        begin = "BEGIN"
    failures = 0
    for _ in range(TRANSACTIONS):
        try:
            conn.execute(begin)
            (count,) = conn.execute("SELECT count(*) FROM comments").fetchone()
            conn.execute("INSERT INTO comments (body) VALUES (?)", (f"comment {count}",))
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            failures += 1
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    results.put(failures)


def run(byline_settings: bool) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "bench.sqlite3")
        sqlite3.connect(path).execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT)")
        results: multiprocessing.Queue[int] = multiprocessing.Queue()
        started = time.perf_counter()
        workers = [
            multiprocessing.Process(target=writer, args=(path, byline_settings, results))
            for _ in range(WORKERS)
        ]
        for worker in workers:
            worker.start()
        failures = sum(results.get() for _ in workers)
        for worker in workers:
            worker.join()
        return failures, time.perf_counter() - started


def main() -> None:
    total = WORKERS * TRANSACTIONS
    for label, byline_settings in (("Django defaults", False), ("Byline settings", True)):
        failures, seconds = run(byline_settings)
        print(
            f"{label:16} {failures:5}/{total} transactions failed "
            f"({failures / total:.0%}) in {seconds:.2f} s"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
