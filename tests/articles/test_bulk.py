"""Bulk writes of the index tables: every row stored as given, many to a statement (one COPY on
PostgreSQL)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles import bulk
from articles.links.models import ArticleTerm
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _terms(count: int) -> list[tuple[int, str, float]]:
    first, second = make_article(), make_article()
    ArticleTerm.objects.all().delete()
    return [
        (article.pk, f"term{n:04d}", 1.0 + n / 7)
        for article in (first, second)
        for n in range(count)
    ]


def _stored_terms() -> list[tuple[int, str, float]]:
    return list(ArticleTerm.objects.order_by("id").values_list("article_id", "term", "weight"))


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL copies the rows")
def test_insert_rows_stores_every_row_in_order_many_to_a_statement() -> None:
    rows = _terms(bulk.ROWS_PER_INSERT + 101)
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(ArticleTerm, ("article", "term", "weight"), rows)
    assert _stored_terms() == rows  # nothing lost or reordered, floats exact
    inserts = [q["sql"] for q in queries if "INSERT" in q["sql"]]
    # Two full statements of ROWS_PER_INSERT rows, then the 202 left in one statement.
    assert len(inserts) == 2 and inserts[0].startswith("2 times: INSERT")
    assert inserts[1].count("), (") == 202 - 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a COPY is PostgreSQL's")
def test_insert_rows_copies_every_row_in_order_by_one_logged_statement() -> None:
    rows = _terms(bulk.ROWS_PER_INSERT + 101)
    rows[3] = (
        rows[3][0],
        "naïve ‘quoted’ \\ tab\there",
        0.1 + 0.2,
    )  # escapes and a float's last bit
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(ArticleTerm, ("article", "term", "weight"), rows)
    assert _stored_terms() == rows
    assert [q["sql"] for q in queries] == [
        'COPY "articles_articleterm" ("article_id", "term", "weight") FROM STDIN (FORMAT BINARY)'
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a COPY is PostgreSQL's")
def test_a_copied_row_breaking_a_constraint_stores_none_of_the_rows() -> None:
    rows = _terms(3)
    rows.append(rows[0])  # the same (article, term) twice
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(ArticleTerm, ("article", "term", "weight"), rows)
    assert _stored_terms() == []


def test_insert_rows_of_nothing_runs_no_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        bulk.insert_rows(ArticleTerm, ("article", "term", "weight"), [])
