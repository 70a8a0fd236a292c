"""Real processes that post comments at the same instant, for the race tests and bench/.

:class:`Posters` starts one process that sets Django up once against a given database (a
SQLite file or a PostgreSQL database), then for every batch forks one process per post; each
child waits at a barrier and sends its post through Django's test client the moment all are
ready. Nothing here imports the project at module level: a spawned process must import this
module before Django is set up.
"""

import gc
import multiprocessing
import os
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

BATCH_TIMEOUT = 120  # seconds; a stuck batch fails the test instead of hanging it


@dataclass(frozen=True)
class Post:
    """One browser's POST: where, what, with which cookies and from which address."""

    path: str
    data: dict[str, str]
    cookies: dict[str, str] = field(default_factory=dict)
    remote_addr: str = "127.0.0.1"


# How each refusal the posters may meet reads on the page they are sent back to.
REFUSALS = {"flood": "posting comments too quickly", "duplicate": "already said that"}


@dataclass(frozen=True)
class Answer:
    """What a poster saw: the status, the redirect and, when refused (sent back to the form),
    why and whether its text came back."""

    status: int
    location: str = ""
    refusal: str = ""
    text_kept: bool = False


def _post(barrier: Any, answers: Any, post: Post) -> None:
    from django.db import connections
    from django.test import Client

    client = Client()
    for name, value in post.cookies.items():
        client.cookies[name] = value
    barrier.wait(timeout=BATCH_TIMEOUT)
    try:
        response = client.post(post.path, post.data, REMOTE_ADDR=post.remote_addr)
        location = response.headers.get("Location", "")
        refusal, text_kept = "", False
        if location.endswith("#respond"):  # refused: the form, text and reason are there
            page = client.get(location, REMOTE_ADDR=post.remote_addr).content.decode()
            text_kept = f">\n{post.data.get('text', '')}</textarea>" in page
            for name, words in REFUSALS.items():
                if words in page:
                    refusal = name
        answers.put(
            Answer(
                status=response.status_code,
                location=location,
                refusal=refusal,
                text_kept=text_kept,
            )
        )
    except Exception as error:  # reported to the test, which fails with it
        answers.put(Answer(status=0, location=repr(error)))
    finally:
        connections.close_all()


def _serve(database_name: str, overrides: dict[str, Any], commands: Connection) -> None:
    """Set Django up once, then run each batch received with one forked process per post."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byline.settings")
    import django
    from django.conf import settings

    # Same engine and options as the test run (DATABASE_URL is inherited); only the name
    # changes, to the test database (or the SQLite file standing in for an in-memory one).
    settings.DATABASES["default"]["NAME"] = database_name
    django.setup()
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test client's host, and email kept in memory
    override_settings(**overrides).enable()
    fork = multiprocessing.get_context("fork")
    warm = set()
    while (command := commands.recv()) is not None:
        batch, page = command
        if page not in warm:
            # Children forked after a first render share its imports and compiled templates,
            # so each post costs what it costs a running server, not a cold start.
            Client().get(page)
            warm.add(page)
            gc.freeze()  # keep the collector from touching (and so copying) shared pages
        connections.close_all()  # a child must open its own connection
        barrier = fork.Barrier(len(batch))
        answers = fork.Queue()
        children = [fork.Process(target=_post, args=(barrier, answers, post)) for post in batch]
        for child in children:
            child.start()
        try:
            result = [answers.get(timeout=BATCH_TIMEOUT) for _ in children]
        except Exception as error:
            result = [Answer(status=0, location=f"no answer: {error!r}")]
        for child in children:
            child.join(timeout=BATCH_TIMEOUT)
        commands.send(result)


class Posters:
    """A process that releases batches of posts together against one database."""

    def __init__(self, database_name: str, **overrides: Any) -> None:
        """Start the process; ``overrides`` are settings it applies (those of the test run)."""
        spawn = multiprocessing.get_context("spawn")
        self._commands, theirs = spawn.Pipe()
        self._process = spawn.Process(target=_serve, args=(database_name, overrides, theirs))
        self._process.start()

    def release(self, batch: list[Post], *, page: str) -> list[Answer]:
        """Send every post of the batch at the same instant; the answers, in no order.

        ``page`` (the article the posts go to) is rendered once beforehand, as a running
        server would have.
        """
        self._commands.send((batch, page))
        if not self._commands.poll(BATCH_TIMEOUT * 2):
            raise TimeoutError("the posters did not answer")
        return self._commands.recv()

    def close(self) -> None:
        """Stop the process."""
        if self._process.is_alive():
            self._commands.send(None)
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.kill()
