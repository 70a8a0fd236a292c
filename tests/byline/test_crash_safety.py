"""Crash safety: SIGKILLed gunicorn workers in a comment storm lose no acknowledged comment.

A real gunicorn (DEBUG off, sync workers) serves a migrated SQLite file; reader threads post
comments through the real form (page, CSRF cookie, form token) while the workers are killed
with SIGKILL again and again and gunicorn's master starts new ones, then the whole server is
killed and started again. Afterwards the database passes SQLite's integrity check and holds
every comment whose POST was answered with a 303.
"""

import html.parser
import http.client
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.fault

WORKERS = 3
READERS = 6
KILLS = 8
ENOUGH = 40  # acknowledged comments; a loaded 2-core machine manages about 2 a second
SETUP = """
import django
django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from articles.models import Article, Category
from comments.models import DiscussionSettings
call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
author = User.objects.create_user("crash-author")
category = Category.objects.create(name="Crashes", slug="crashes")
article = Article.objects.create(
    title="Storm", slug="storm", summary="A storm of comments.", body="<p>Storm.</p>",
    author=author, category=category, status=Article.Status.PUBLISHED,
)
# Every post from this one address must be a legitimate comment: no flood interval, no
# minimum writing time (the readers send at once), no moderator emails.
rules = DiscussionSettings.load()
rules.flood_interval_seconds = 0
rules.min_seconds = 0
rules.notify_moderators = False
rules.save()
print(article.get_absolute_url())
"""


class CommentFormParser(html.parser.HTMLParser):
    """The comment form's action and the fields a browser would send as they are."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and values.get("id") == "commentform":
            self._in_form, self.action = True, values["action"]
        elif self._in_form and tag in {"input", "textarea"} and values.get("name"):
            if values.get("type") == "checkbox" and "checked" not in values:
                return
            self.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


@dataclass
class Storm:
    """What the readers saw: the texts answered with a 303, and every other outcome."""

    acknowledged: set[str] = field(default_factory=set)
    outcomes: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, outcome: str, text: str | None = None) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            if text is not None:
                self.acknowledged.add(text)


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers_of(master: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def request(port: int, method: str, path: str, body: str = "", cookie: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        connection.close()


def reader(port: int, page: str, name: str, storm: Storm, stop: threading.Event) -> None:
    """One reader: load the page, fill in the form, send it; again and again."""
    cookie = ""
    n = 0
    while not stop.is_set():
        n += 1
        text = f"{name} comment {n} {uuid.uuid4().hex}"
        try:
            status, set_cookie, content = request(port, "GET", page, cookie=cookie)
            if status != 200:
                storm.note(f"page {status}")
                continue
            if set_cookie.startswith("csrftoken="):
                cookie = set_cookie.split(";", 1)[0]
            form = CommentFormParser()
            form.feed(content.decode())
            fields = {
                **form.fields,
                "text": text,
                "author_name": name,
                "author_email": f"{name}@example.org",
            }
            body = urllib.parse.urlencode(fields)
            status, _cookie, _content = request(port, "POST", form.action, body, cookie)
        except ConnectionRefusedError:
            storm.note("server down")  # between the whole server's kill and its restart
            time.sleep(0.05)
            continue
        except (OSError, http.client.HTTPException):
            storm.note("connection lost")  # a killed worker: the comment may or may not be in
            continue
        if status == 303:
            storm.note("303", text)
        else:
            storm.note(f"post {status}")


def wait_until_serving(port: int, page: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", page)[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not serve the article page in time")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[dict[str, str], str, Path]]:
    """A migrated SQLite site with one published article, configured as production is."""
    database = tmp_path / "byline.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "byline.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "crash-test-" + uuid.uuid4().hex,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_TASKS": "immediate",
    }
    result = subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    yield env, result.stdout.strip().splitlines()[-1], database


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """gunicorn as production runs it, in its own process group (so it can be killed whole)."""
    with log.open("a") as stderr:
        return subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "byline.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                "--preload",  # a new worker starts from the loaded app: restarts are quick
                "--timeout=30",
                "--log-level=warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )


def stop_server(server: subprocess.Popen, how: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(server.pid, how)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def test_killed_workers_lose_no_acknowledged_comment_and_leave_the_database_sound(
    site: tuple[dict[str, str], str, Path], tmp_path: Path
) -> None:
    env, page, database = site
    port, log = free_port(), tmp_path / "gunicorn.log"
    server = start_server(env, port, log)
    storm, stop = Storm(), threading.Event()
    readers = [
        threading.Thread(target=reader, args=(port, page, f"reader{n}", storm, stop))
        for n in range(READERS)
    ]
    killed = 0
    try:
        wait_until_serving(port, page, time.monotonic() + 30)
        for thread in readers:
            thread.start()
        for kill in range(KILLS):
            time.sleep(random.uniform(0.6, 1.2))
            workers = workers_of(server.pid)
            # Every other time all workers at once: nothing is left to answer until the
            # master has started new ones.
            for pid in workers if kill % 2 else random.sample(workers, min(1, len(workers))):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        # Then the whole server, master included, as a crashed machine would leave it; it is
        # started again on the same database while the readers keep posting.
        time.sleep(random.uniform(0.8, 1.6))
        stop_server(server, signal.SIGKILL)
        server = start_server(env, port, log)
        wait_until_serving(port, page, time.monotonic() + 30)
        # The storm goes on until enough comments got through.
        deadline = time.monotonic() + 15
        while len(storm.acknowledged) < ENOUGH and time.monotonic() < deadline:
            time.sleep(0.2)
        stop.set()
        for thread in readers:
            thread.join(timeout=30)
        wait_until_serving(port, page, time.monotonic() + 30)
    finally:
        stop.set()
        stop_server(server, signal.SIGTERM)

    outcomes = dict(storm.outcomes)
    assert killed >= KILLS, outcomes
    assert len(storm.acknowledged) >= ENOUGH, (outcomes, log.read_text()[-2000:])
    # A killed worker breaks the connection; it never answers with an error page.
    assert set(outcomes) <= {"303", "connection lost", "server down"}, (
        outcomes,
        log.read_text()[-2000:],
    )
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {text for (text,) in db.execute("SELECT text FROM comments_comment")}
    lost = storm.acknowledged - stored
    assert not lost, f"{len(lost)} acknowledged comments missing; outcomes {outcomes}"
