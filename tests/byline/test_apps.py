import pytest
from django.db import connection

from byline.apps import analyze_after_migrate
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
def test_migrate_leaves_planner_statistics_behind() -> None:
    # A migration that alters a table rebuilds it on SQLite, without its statistics.
    make_article()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'articles_article'")
    analyze_after_migrate(using="default")
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'article_home_order'")
        assert cursor.fetchone() is not None
