"""Bulk writes of the index tables: every row stored as given, many to a statement (one COPY on
PostgreSQL)."""

import os
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles import bulk
from articles.links.models import ArticleTerm
from articles.models import Article
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


def test_batches_of_reads_every_row_in_key_order_a_query_a_batch(
    django_assert_num_queries,
) -> None:
    made = [make_article() for _ in range(5)]
    with django_assert_num_queries(3 + 1):  # the last query finds nothing more
        batches = list(bulk.batches_of(Article.objects.only("id"), 2))
    assert [[article.pk for article in batch] for batch in batches] == [
        [made[0].pk, made[1].pk],
        [made[2].pk, made[3].pk],
        [made[4].pk],
    ]


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fail_on_two(numbers: list[int]) -> list[int]:
    if 2 in numbers:
        raise ValueError(f"cannot prepare {numbers}")
    return numbers


def test_batches_are_prepared_in_a_second_process_and_come_back_in_order() -> None:
    batches = [[1, 2], [3], [4, 5, 6], [7]]
    prepared = list(bulk.prepared_alongside(batches, lambda batch: batch * 2, _pid_and_sum))
    assert [batch for batch, _result in prepared] == batches
    assert [total for _batch, (_pid, total) in prepared] == [6, 6, 30, 14]
    assert {pid for _batch, (pid, _total) in prepared} - {os.getpid()}  # not prepared here


def test_a_process_running_other_threads_prepares_its_batches_itself() -> None:
    """Forking beside other threads can leave the child waiting on a lock one of them held."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        prepared = list(bulk.prepared_alongside([[1, 2], [3]], list, _pid_and_sum))
    finally:
        stop.set()
        other.join()
    assert prepared == [([1, 2], (os.getpid(), 3)), ([3], (os.getpid(), 3))]


def test_a_batch_that_cannot_be_prepared_stops_the_rebuild_with_its_error() -> None:
    written = []
    with pytest.raises(ValueError, match=r"cannot prepare \[2\]"):
        for batch, _result in bulk.prepared_alongside([[1], [2], [3]], list, _fail_on_two):
            written.append(batch)
    assert written == [[1]]  # the batches before it, and none after
