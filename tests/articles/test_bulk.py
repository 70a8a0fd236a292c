"""Bulk writes of the index tables: every row stored as given, many to a statement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import bulk
from articles.links.models import ArticleTerm
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_insert_rows_stores_every_row_in_order_many_to_a_statement() -> None:
    first, second = make_article(), make_article()
    ArticleTerm.objects.all().delete()
    rows = [
        (article.pk, f"term{n:04d}", 1.0 + n / 7)
        for article in (first, second)
        for n in range(bulk.ROWS_PER_INSERT + 101)
    ]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(ArticleTerm, ("article", "term", "weight"), rows)
    stored = list(ArticleTerm.objects.order_by("id").values_list("article_id", "term", "weight"))
    assert stored == rows  # nothing lost or reordered, floats exact
    inserts = [q["sql"] for q in queries if "INSERT" in q["sql"]]
    # Two full statements of ROWS_PER_INSERT rows, then the 202 left in one statement.
    assert len(inserts) == 2 and inserts[0].startswith("2 times: INSERT")
    assert inserts[1].count("), (") == 202 - 1


def test_insert_rows_of_nothing_runs_no_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        bulk.insert_rows(ArticleTerm, ("article", "term", "weight"), [])
