"""Fuzz a live Byline server with hostile requests and count its answers by status.

Run: .venv/bin/python bench/fuzz.py [--requests 10000] [--seed 1] [--database-url URL]
Builds a throw-away demo site (SQLite in a temporary folder unless --database-url points at an
empty database): migrate, load_demo, collectstatic, a share link for a draft and an upload.
Starts ``manage.py runserver --noreload`` on a free loopback port with DEBUG off, sends the
requests tests/fuzzing.py draws (the suite's fuzz test, for longer) over plain sockets, and
prints the count per status. 0 answers of 500 or more are expected; the exit status is 1
otherwise, with the first offending requests and the server's log of them.
Not part of the test run: it takes minutes.
"""

import argparse
import collections
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_site(workdir: Path, database_url: str | None) -> dict[str, str]:
    """Environment for a DEBUG-off demo site in ``workdir``; migrates and loads it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env |= {
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'fuzz.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_SETTINGS_MODULE": "byline.settings",
    }
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return env


def known_site_values(env: dict[str, str]) -> dict[str, list[str]]:
    """Real slugs, tokens and an upload from the demo site, for the requests to aim at."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import User

    from articles import publishing
    from articles.models import Article
    from comments.models import Comment
    from tests.factories import make_article, make_comment, make_image_bytes
    from tests.fuzzing import known_values

    comment = Comment.objects.approved().filter(article__in=Article.objects.published()).first()
    if comment is None:
        comment = make_comment(article=Article.objects.published().first())
    draft = Article.objects.filter(status=Article.Status.DRAFT).first() or make_article(
        status=Article.Status.DRAFT, published_at=None
    )
    media = Path(env["DJANGO_MEDIA_ROOT"]) / "fuzz" / "upload.png"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(make_image_bytes(size=(40, 30), image_format="PNG"))
    share_link = publishing.create_share_link(draft, created_by=User.objects.first())
    return known_values(
        article=comment.article,
        comment=comment,
        share_link=share_link,
        media_path="fuzz/upload.png",
    )


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start; see {log}")


def send(port: int, request) -> int | str:
    """Send one drawn request as is; its status, or why there was none."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(
            request.method, request.path, skip_host=True, skip_accept_encoding=True
        )
        headers = {"Host": f"127.0.0.1:{port}", **request.headers}
        if request.content_type:
            headers["Content-Type"] = request.content_type
        if request.body or request.method not in {"GET", "HEAD"}:
            headers["Content-Length"] = str(len(request.body))
        for name, value in headers.items():
            connection.putheader(name, value.encode("latin-1"))
        connection.endheaders(request.body or None)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException) as error:
        return f"no answer ({type(error).__name__})"
    finally:
        connection.close()


def logged_exceptions(log: str) -> collections.Counter:
    """The exceptions behind the server's "Internal Server Error" log entries, by type
    (tracebacks of answered requests, like a refused Host header's 400, are left out)."""
    counts: collections.Counter = collections.Counter()
    lines = log.splitlines()
    for number, line in enumerate(lines):
        if not line.startswith("Internal Server Error"):
            continue
        for following in lines[number + 1 :]:
            if following.startswith("[") or following.startswith("Internal Server Error"):
                break
            if following and not following.startswith((" ", "Traceback", "During", "The above")):
                counts[following.split(":", 1)[0]] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database to use instead of SQLite")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="byline-fuzz-"))
    started = time.monotonic()
    env = prepare_site(workdir, args.database_url)
    known = known_site_values(env)
    known["header:Host"] = ["127.0.0.1", "localhost", "evil.example"]

    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    from tests.fuzzing import Route, public_routes, requests

    routes = [*public_routes(), Route("(no pattern)", ["", "rest", "/"])]
    comment_form = [route for route in routes if route.name == "comments:post"]
    # A third of the requests post the comment form, the richest handler; the rest go anywhere.
    drawn = st.one_of(
        requests(routes, known),
        requests(routes, known),
        requests(comment_form, known, methods=["POST"]),
    )
    port = free_port()
    log = workdir / "server.log"
    server = start_server(env, port, log)
    print(f"site ready in {time.monotonic() - started:.0f} s; server log: {log}")

    counts: collections.Counter = collections.Counter()
    by_route: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures: list[str] = []

    @seed(args.seed)
    @settings(
        max_examples=args.requests,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn)
    def fuzz(request) -> None:
        status = send(port, request)
        counts[status] += 1
        route = request.path.split("?")[0].split("/")[1] or "/"
        by_route[route][status] += 1
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{status}: {request}")
        if (total := counts.total()) % 1000 == 0:
            print(f"  {total} requests, {time.monotonic() - sending:.0f} s", flush=True)

    sending = time.monotonic()
    try:
        fuzz()
    finally:
        server.terminate()
        server.wait(timeout=30)
    seconds = time.monotonic() - sending

    print(f"\n{counts.total()} requests in {seconds:.0f} s ({counts.total() / seconds:.0f}/s)")
    for status, count in sorted(counts.items(), key=lambda item: str(item[0])):
        print(f"  {status}: {count}")
    print("\nby first path segment:")
    for route, statuses in sorted(by_route.items()):
        row = ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items(), key=lambda i: str(i[0])))
        print(f"  /{route[:30]:<30} {row}")
    exceptions = logged_exceptions(log.read_text())
    print(f"\nserver errors in the server log: {exceptions.total()}")
    for name, count in exceptions.most_common():
        print(f"  {name}: {count}")
    if failures:
        print(f"\n{len(failures)} requests got no proper answer; the first ones:")
        for failure in failures[:10]:
            print("  " + failure[:400])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
