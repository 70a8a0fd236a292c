from pathlib import Path

from byline.settings import database_config
from byline.sqlite.base import DatabaseWrapper


def sqlite_wrapper(path: Path) -> DatabaseWrapper:
    config = database_config(f"sqlite:///{path}")
    config.update(TIME_ZONE=None, ATOMIC_REQUESTS=False, AUTOCOMMIT=True, TEST={})
    return DatabaseWrapper(config, alias="statistics_check")


def test_the_settings_use_the_backend_that_keeps_statistics(tmp_path: Path) -> None:
    assert database_config(f"sqlite:///{tmp_path / 'x.sqlite3'}")["ENGINE"] == "byline.sqlite"


def test_closing_a_connection_gathers_statistics_for_the_tables_it_used(
    tmp_path: Path, django_db_blocker
) -> None:
    # Without statistics SQLite guessed that "status IN (...)" picks few rows and sorted every
    # published article for the home page; the statistics say each status holds a third.
    path = tmp_path / "planner.sqlite3"
    with django_db_blocker.unblock():
        wrapper = sqlite_wrapper(path)
        with wrapper.cursor() as cursor:
            cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, status TEXT)")
            cursor.execute("CREATE INDEX item_status ON item (status)")
            cursor.executemany(
                "INSERT INTO item (status) VALUES (%s)",
                [(("a", "b", "c")[n % 3],) for n in range(300)],
            )
            cursor.execute("SELECT id FROM item WHERE status = %s", ["a"])
        wrapper.close()
        reopened = sqlite_wrapper(path)
        try:
            with reopened.cursor() as cursor:
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'item_status'")
                assert cursor.fetchone() == ("300 100",)
        finally:
            reopened.close()
