"""Online backups of the whole site (database plus uploads) and their restore.

A backup is one directory::

    manifest.json        what is inside, with a SHA-256 of every file
    database.sqlite3     SQLite: a page-by-page copy made with SQLite's backup API
    database.pgdump      PostgreSQL: ``pg_dump --format=custom``
    media/...            every file under MEDIA_ROOT

Both database copies are consistent snapshots taken while the site runs (SQLite's backup API
reads under one read transaction, WAL included; ``pg_dump`` reads in one repeatable-read
transaction). The database is copied before the uploads: uploads are only ever added, so
every file a copied row names is already there when the files are copied.

The directory is written under a temporary name and renamed when complete, so a backup that
was interrupted is never mistaken for a good one; restore checks every hash before it touches
anything.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

FORMAT = "byline-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    """What a backup or restore handled, for the command's report."""

    path: Path
    engine: str
    database_bytes: int
    media_files: int
    media_bytes: int

    def __str__(self) -> str:
        return (
            f"the {self.engine} database ({filesizeformat(self.database_bytes)}) and "
            f"{self.media_files} media files ({filesizeformat(self.media_bytes)})"
        )


def backup(dest: Path, *, using: str = "default") -> Summary:
    """Write a consistent copy of the database and every upload into the new directory ``dest``."""
    connection = connections[using]
    engine = _engine(connection)
    dest = dest.absolute()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} already exists and is not an empty directory.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        database = work / DATABASE_FILES[engine]
        if engine == "sqlite":
            _backup_sqlite(connection, database)
        else:
            _backup_postgresql(connection, database)
        media = _copy_media(Path(settings.MEDIA_ROOT), work / MEDIA)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": {"file": database.name, **_describe(database)},
            "migrations": _applied_migrations(connection),
            "media": media,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        if dest.exists():
            dest.rmdir()  # empty, checked above
        work.rename(dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _summary(dest, manifest)


def restore(src: Path, *, force: bool = False, using: str = "default") -> Summary:
    """Bring back the database and uploads from the backup directory ``src``.

    Refuses to replace a database or media folder that holds anything unless ``force``.
    """
    connection = connections[using]
    engine = _engine(connection)
    manifest = read_manifest(src)
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; DATABASE_URL points at "
            f"{engine}. Restore it into a {manifest['engine']} database."
        )
    verify(src, manifest)
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        occupied = _tables_with_rows(connection)
        if occupied:
            shown = ", ".join(occupied[:5]) + (" …" if len(occupied) > 5 else "")
            raise BackupError(
                f"The database is not empty ({len(occupied)} tables hold rows: {shown}). "
                "Restoring replaces all of it: pass --force to go ahead."
            )
        if any(path.is_file() for path in media_root.rglob("*")):
            raise BackupError(
                f"The media folder {media_root} is not empty. Restoring writes over files of "
                "the same name: pass --force to go ahead."
            )
    database = src / manifest["database"]["file"]
    if engine == "sqlite":
        _restore_sqlite(connection, database)
    else:
        _restore_postgresql(connection, database)
    for name in manifest["media"]:
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(src / MEDIA / name, partial)
        partial.replace(target)  # a file is either the old one or the whole new one
    return _summary(src, manifest)


def read_manifest(src: Path) -> dict[str, Any]:
    """The backup's manifest, or ``BackupError`` if ``src`` is not a complete Byline backup."""
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{src} is not a complete backup: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{src / MANIFEST} is not a {FORMAT} manifest.")
    return manifest


def verify(src: Path, manifest: dict[str, Any]) -> None:
    """Raise ``BackupError`` unless every file the manifest lists is there, unchanged."""
    files = {manifest["database"]["file"]: manifest["database"]}
    files.update({f"{MEDIA}/{name}": entry for name, entry in manifest["media"].items()})
    for name, expected in files.items():
        path = src / name
        if not _safe_relative(name) or not path.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if _describe(path) != {"sha256": expected["sha256"], "bytes": expected["bytes"]}:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")


def _engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _backup_sqlite(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        # One step (pages=-1): the whole database under a single read lock, so the copy is one
        # moment's state, committed WAL frames included; writers wait at most that long.
        connection.connection.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
    copy.close()
    if result != "ok":
        raise BackupError(f"The copied database fails SQLite's integrity check: {result}")


def _restore_sqlite(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.close()
    connection.ensure_connection()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
        # The backup API replaces the live database page by page inside one write lock; other
        # processes see the old database or the restored one, never a mix.
        source.backup(connection.connection, pages=-1)
    source.close()
    connection.close()  # the next query reconnects and reapplies WAL mode and the pragmas


def _pg_tool(connection: BaseDatabaseWrapper, name: str) -> str:
    """The path of ``pg_dump``/``pg_restore`` at least as new as the server (pg_dump insists)."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    candidates = [
        str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    ]
    if found := shutil.which(name):
        candidates.insert(0, found)
    for candidate in candidates:
        output = subprocess.run(
            [candidate, "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", output)
        if match and int(match.group(1)) >= server:
            return candidate
    raise BackupError(
        f"No {name} for PostgreSQL {server} or newer was found: install the client tools "
        f"(Debian: apt-get install postgresql-client-{server})."
    )


def _pg_command(connection: BaseDatabaseWrapper, tool: str) -> tuple[list[str], dict[str, str]]:
    config = connection.settings_dict
    command = [_pg_tool(connection, tool), "--no-owner", "--no-privileges"]
    if config.get("HOST"):
        command.append(f"--host={config['HOST']}")
    if config.get("PORT"):
        command.append(f"--port={config['PORT']}")
    if config.get("USER"):
        command.append(f"--username={config['USER']}")
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    if sslmode := config.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return command, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _backup_postgresql(connection: BaseDatabaseWrapper, path: Path) -> None:
    command, env = _pg_command(connection, "pg_dump")
    command += ["--format=custom", f"--file={path}", connection.settings_dict["NAME"]]
    _run(command, env)


def _restore_postgresql(connection: BaseDatabaseWrapper, path: Path) -> None:
    command, env = _pg_command(connection, "pg_restore")
    # Tables the backup does not know (a newer migration's) would keep pg_restore from
    # dropping what they reference: drop every table first, then restore in one transaction.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    connection.close()
    command += [
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        str(path),
    ]
    _run(command, env)


def _tables_with_rows(connection: BaseDatabaseWrapper) -> list[str]:
    """Tables of Django models that hold at least one row (a fresh database has none)."""
    occupied = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                occupied.append(table)
    return occupied


def _applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return latest


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for directory, _dirs, files in os.walk(root):
            for name in files:
                path = Path(directory, name)
                if path.is_file() and not path.is_symlink():
                    yield path


def _copy_media(root: Path, target: Path) -> dict[str, dict[str, Any]]:
    described = {}
    for path in sorted(_media_files(root)):
        name = path.relative_to(root).as_posix()
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        described[name] = _describe(copy)  # the hash of what was copied, not of the source
    return described


def _describe(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def _safe_relative(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _summary(path: Path, manifest: dict[str, Any]) -> Summary:
    return Summary(
        path=path,
        engine=manifest["engine"],
        database_bytes=manifest["database"]["bytes"],
        media_files=len(manifest["media"]),
        media_bytes=sum(entry["bytes"] for entry in manifest["media"].values()),
    )
