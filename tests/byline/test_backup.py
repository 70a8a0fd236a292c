"""`manage.py backup` and `restore`: a round trip brings back every row and every upload."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment, make_image, make_upload, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value


def every_row() -> dict[str, list[str]]:
    """Every row of every table (search indexes included), in a comparable form."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(repr(tuple(map(plain, row))) for row in cursor.fetchall())
    return rows


def every_file(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def wipe(media_root: Path) -> None:
    """Empty every table and the media folder, as a lost server would be."""
    tables = connection.introspection.django_table_names(only_existing=True)
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    )
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def make_site() -> Article:
    """Articles with images (real files), comments and a reply."""
    author = make_user(username="edna")
    article = make_article(
        author=author,
        title="Water, explained",
        featured_image=make_upload("glass.jpg"),
        featured_image_alt="A glass of water",
    )
    make_image(file=make_upload("chart.png", image_format="PNG"), alt="A chart")
    make_article(author=author, status=Article.Status.DRAFT, published_at=None)
    first = make_comment(article=article, text="Thank you, this helped.")
    make_comment(article=article, parent=first, text="Glad it did!")
    make_comment(article=article, status=Comment.Status.PENDING, text="Is rain water safe?")
    return article


def test_backup_then_restore_brings_back_every_row_and_every_file(
    client, media_root: Path, tmp_path: Path
) -> None:
    article = make_site()
    rows, files = every_row(), every_file(media_root)
    assert len(files) >= 2 + 2 * 6  # two originals, each with WebP and fallback renditions

    call_command("backup", tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup/manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert set(manifest["media"]) == set(files)

    with pytest.raises(CommandError, match="not empty"):  # a live site is never overwritten
        call_command("restore", tmp_path / "backup")
    assert every_row() == rows

    wipe(media_root)
    assert not Article.objects.exists() and not every_file(media_root)
    call_command("restore", tmp_path / "backup")

    assert every_row() == rows
    assert every_file(media_root) == files
    page = client.get(article.get_absolute_url())
    assert "Thank you, this helped." in page.content.decode()
    assert client.get(article.featured_image.url).status_code == 200


def test_restore_with_force_replaces_a_database_that_holds_data(
    media_root: Path, tmp_path: Path
) -> None:
    make_site()
    rows, files = every_row(), every_file(media_root)
    call_command("backup", tmp_path / "backup")
    make_article(title="Written after the backup")
    make_comment(text="Also after the backup")

    call_command("restore", tmp_path / "backup", force=True)

    assert every_row() == rows
    assert not Article.objects.filter(title="Written after the backup").exists()
    assert every_file(media_root).items() >= files.items()


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    media_root: Path, tmp_path: Path
) -> None:
    make_site()
    call_command("backup", tmp_path / "backup")
    rows = every_row()
    damaged = next((tmp_path / "backup/media").rglob("*.webp"))
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"X")

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", tmp_path / "backup", force=True)
    assert every_row() == rows


def test_backup_never_writes_into_a_folder_that_holds_files(tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup/notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", tmp_path / "backup")
    assert [p.name for p in (tmp_path / "backup").iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["backup"]  # no partial copy left behind


def test_sqlite_backup_of_a_live_database_copies_what_is_committed_in_the_wal(
    tmp_path: Path,
) -> None:
    live = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(live, isolation_level=None)
    writer.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
        "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT);"
    )
    writer.executemany("INSERT INTO note (text) VALUES (?)", [(f"n{i}",) for i in range(1000)])
    assert Path(f"{live}-wal").stat().st_size > 0  # the rows live in the WAL, not the file yet
    # The writer stays connected (its WAL is not checkpointed) while the backup runs.

    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(tmp_path / "backup")],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{live}", "DJANGO_MEDIA_ROOT": "/nowhere"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    writer.execute("INSERT INTO note (text) VALUES ('after the backup')")
    writer.close()

    assert result.returncode == 0, result.stderr
    copy = tmp_path / "backup/database.sqlite3"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["database.sqlite3", "manifest.json"]
    with closing(sqlite3.connect(copy)) as db:
        assert db.execute("SELECT count(*) FROM note").fetchone() == (1000,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
