"""The admin's login throttling (django-axes, set up in settings) and its lockout page."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
ATTACKER = "203.0.113.5"
EDITOR_AT_HOME = "198.51.100.20"


def log_in(client: Client, username: str, password: str, address: str, **headers: str):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail_times(count: int, username: str, address: str, **headers: str) -> None:
    client = Client()
    for _ in range(count):
        response = log_in(client, username, "wrong password", address, **headers)
        assert response.status_code in {200, 429}


def test_nineteen_wrong_passwords_do_not_lock_the_account(editor: User) -> None:
    fail_times(19, editor.username, ATTACKER)
    assert logged_in(log_in(Client(), editor.username, "password", ATTACKER))


def test_twenty_wrong_passwords_lock_the_account_even_for_the_right_one(editor: User) -> None:
    fail_times(20, editor.username, ATTACKER)
    response = log_in(client := Client(), editor.username, "password", ATTACKER)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_why_and_when_to_try_again(editor: User) -> None:
    fail_times(20, editor.username, ATTACKER)
    response = log_in(Client(), editor.username, "password", ATTACKER)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Too many failed logins" in html
    assert "After 20 wrong passwords, logins from your address are paused for 15" in html
    assert "Traceback" not in html
    assert 'href="/admin/login/"' in html


def test_the_right_password_from_another_address_still_works(editor: User) -> None:
    fail_times(25, editor.username, ATTACKER)
    assert logged_in(log_in(Client(), editor.username, "password", EDITOR_AT_HOME))


def test_one_address_trying_many_accounts_is_locked_out(editor: User) -> None:
    for n in range(20):
        fail_times(1, f"guess{n}", ATTACKER)
    assert log_in(Client(), editor.username, "password", ATTACKER).status_code == 429


def test_the_lock_lifts_after_the_cool_off(editor: User) -> None:
    fail_times(20, editor.username, ATTACKER)
    assert log_in(Client(), editor.username, "password", ATTACKER).status_code == 429
    # Time travel: the last failure is now 15 minutes and a second old.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=15, seconds=1)
        attempt.save()
    assert logged_in(log_in(Client(), editor.username, "password", ATTACKER))


def test_a_success_clears_earlier_mistakes(editor: User) -> None:
    fail_times(15, editor.username, ATTACKER)
    assert logged_in(log_in(Client(), editor.username, "password", ATTACKER))
    fail_times(15, editor.username, ATTACKER)
    assert logged_in(log_in(Client(), editor.username, "password", ATTACKER))


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(editor: User) -> None:
    client = Client()
    for n in range(20):
        log_in(client, editor.username, "wrong", ATTACKER, x_forwarded_for=f"192.0.2.{n}")
    response = log_in(Client(), editor.username, "password", ATTACKER, x_forwarded_for="192.0.2.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_reader_is_counted_apart(editor: User, settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    fail_times(20, editor.username, "10.0.0.2", x_forwarded_for=ATTACKER)
    locked = log_in(Client(), editor.username, "password", "10.0.0.2", x_forwarded_for=ATTACKER)
    assert locked.status_code == 429
    at_home = log_in(
        Client(), editor.username, "password", "10.0.0.2", x_forwarded_for=EDITOR_AT_HOME
    )
    assert logged_in(at_home)


def test_failures_are_logged_and_lockouts_listed_for_administrators(
    editor: User, admin_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_times(20, editor.username, ATTACKER)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Locking out" in logged and ATTACKER in logged
    assert "wrong password" not in logged  # what was typed as the password is never logged
    assert AccessFailureLog.objects.filter(ip_address=ATTACKER).count() == 20

    page = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert editor.username in page and ATTACKER in page
    assert admin_client.get("/admin/axes/accessfailurelog/").status_code == 200


def test_long_admin_lists_are_estimated_on_postgresql_and_counted_elsewhere(
    db, monkeypatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from byline.admin_site import EstimatedCountPaginator
    from tests.factories import make_article

    for _ in range(5):
        make_article()
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
    paginator = EstimatedCountPaginator(Article.objects.not_in_trash(), 2)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert count == 5  # the planner knows the table exactly right after ANALYZE
    counted = any("COUNT(" in query["sql"] for query in queries.captured_queries)
    assert counted is (connection.vendor != "postgresql")
    # A short list is counted exactly everywhere.
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 100)
    assert EstimatedCountPaginator(Article.objects.all(), 2).count == 5
