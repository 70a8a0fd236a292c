import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from byline.settings import database_config, env_bool, env_list
from byline.sqlite.base import DatabaseWrapper


def test_sqlite_is_the_default_database_under_var() -> None:
    from django.conf import settings

    config = database_config(f"sqlite:///{settings.VAR_DIR / 'byline.sqlite3'}")
    assert config["ENGINE"] == "byline.sqlite"  # Django's, plus planner statistics
    assert config["NAME"] == str(settings.VAR_DIR / "byline.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    # Persistent: no new connection and PRAGMAs per request.
    assert config["CONN_MAX_AGE"] == 600


def test_postgres_url_selects_postgresql_with_persistent_connections() -> None:
    config = database_config("postgres://blog:s3cret@db.internal:5433/byline")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "byline")
    assert (config["USER"], config["PASSWORD"]) == ("blog", "s3cret")
    assert config["CONN_MAX_AGE"] == 600
    assert "transaction_mode" not in config.get("OPTIONS", {})


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)]
)
def test_env_bool(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("BYLINE_TEST_FLAG", raw)
    assert env_bool("BYLINE_TEST_FLAG") is expected


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BYLINE_TEST_FLAG", raising=False)
    assert env_bool("BYLINE_TEST_FLAG", True) is True


def test_env_list_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_TEST_HOSTS", "example.com, www.example.com,,")
    assert env_list("BYLINE_TEST_HOSTS") == ["example.com", "www.example.com"]


def test_sqlite_connection_runs_with_wal_and_immediate_transactions(
    tmp_path: Path, django_db_blocker
) -> None:
    config = database_config(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    config.update(TIME_ZONE=None, ATOMIC_REQUESTS=False, AUTOCOMMIT=True, TEST={})
    wrapper = DatabaseWrapper(config, alias="pragma_check")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            pragmas = {}
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
                cursor.execute(f"PRAGMA {name}")
                pragmas[name] = cursor.fetchone()[0]
        assert pragmas == {
            "journal_mode": "wal",
            "synchronous": 1,  # NORMAL
            "busy_timeout": 20000,
            "foreign_keys": 1,
        }
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()


def readme_production_environment() -> dict[str, str]:
    """The variables the README's "Production" section exports, placeholders filled in."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Production", 1)[1]
    commands = section.split("```sh", 1)[1].split("```", 1)[0]
    exported = commands.split("export", 1)[1].split("\n.venv", 1)[0].replace("\\\n", " ")
    environment = dict(item.split("=", 1) for item in shlex.split(exported))
    placeholders = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://byline:secret@db.internal:5432/byline",
    }
    return {name: placeholders.get(name, value) for name, value in environment.items()}


def test_deploy_check_passes_with_the_readme_production_settings() -> None:
    environment = readme_production_environment()
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_HTTPS"} <= environment.keys()
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name != "DATABASE_URL"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env=inherited | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
