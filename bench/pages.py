"""How fast every page type answers, against the floor of a minimal Django app, in one run.

Run: DATABASE_URL=... .venv/bin/python bench/pages.py [--samples 30] [--concurrency 1,32]
(without $DATABASE_URL: the demo database, var/byline.sqlite3). It collects the static files,
starts Byline under gunicorn (DEBUG off, ``--workers`` sync workers, the production settings)
and the floor app (bench/floor/: startproject's middleware, a 20-item template) the same way,
then requests each page type and the floor in turn, one connection at a time, so both see the
same machine load, and prints the median, the p95 and the ratio of each median to the floor's.
The admin lists are fetched with a staff session made for the run. With ``--concurrency``
(``32``, or ``1,32`` for both), it then measures requests per second of the floor and of the
home and article pages, rendered (the page cache off) and from the page cache (a second Byline
with it on), with that many client threads, in alternating 3-second windows. With
``--memory 1000``, it finally sends that many requests cycling through every page type (the
admin lists included) and prints each gunicorn worker's resident memory before and after (the
issue's bound: 150 MB a worker).
Not part of the test run: timings depend on the machine (and on other work running on it).
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, cookie: str = "") -> tuple[float, int, int]:
    """One GET on a fresh connection: seconds, status and body size."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return time.perf_counter() - started, response.status, len(body)


def start(args: list[str], env: dict[str, str], cwd: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            fetch(port, "/robots.txt")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit(f"gunicorn did not start: {args}")


def worker_memory(master: int) -> dict[int, int]:
    """Resident memory in MB of each gunicorn worker (the children of ``master``), from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == master:
                status = (stat.parent / "status").read_text()
                kb = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
                found[int(stat.parent.name)] = int(kb.split()[1]) // 1024
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return found


def pages_to_measure(cookie_holder: list[str]) -> list[tuple[str, str]]:
    """(label, path) for every page type, found in the database; makes the staff session."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.db.models import Count

    from articles.models import Article, Category, Tag
    from articles.views import ARTICLES_PER_PAGE, MAX_PAGE

    published = Article.objects.published()
    count = published.count()
    last_page = max(1, -(-count // ARTICLES_PER_PAGE))
    article = published.order_by("-published_at").first()
    busiest = (
        published.annotate(n=Count("comments")).order_by("-n").values_list("slug", "n").first()
    )
    category = Category.objects.filter(articles__in=published).first()
    tag = Tag.objects.filter(articles__in=published).first()
    common_word = "the"
    if connection.vendor == "postgresql":
        # "the" is a stop word there (no results, nothing ranked): take the word found in the
        # most of the newest 500 articles instead, a word in (nearly) every article.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT search_vector FROM articles_article "
                "ORDER BY id DESC LIMIT 500') ORDER BY ndoc DESC, word LIMIT 1"
            )
            common_word = cursor.fetchone()[0]
    # A word in about a tenth of the newest 500 articles: the hardest for PostgreSQL, where too
    # many match for the GIN index to be cheap and too few for the newest to come quickly.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT search_vector FROM articles_article "
                "ORDER BY id DESC LIMIT 500') ORDER BY abs(ndoc - 50), word LIMIT 1"
            )
            tenth_word = cursor.fetchone()[0]
    else:
        newest: Counter[str] = Counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM articles_search ORDER BY rowid DESC LIMIT 500")
            for (text,) in cursor.fetchall():
                newest.update(set(re.findall(r"[a-z]+", text.lower())))
        tenth_word = min(newest, key=lambda word: (abs(newest[word] - 50), word), default="the")
    rare_word = (
        "zyxwvut"
        if published.filter(body__contains="zyxwvut").exists()
        else article.title.split()[0]
    )
    year = article.published_at.year
    pages = [("home", "/")]
    # Deep pages only where the site has them (the demo has one page); lists stop at MAX_PAGE.
    deepest = min(last_page, MAX_PAGE)
    for number in sorted({2, deepest}):
        if 1 < number <= deepest:
            label = "deepest page" if number == deepest else f"page {number}"
            pages.append((f"home, {label} ({number})", f"/?page={number}"))
    pages += [
        ("category", category.get_absolute_url()),
        ("tag", tag.get_absolute_url()),
        ("author", f"/author/{article.author.username}/"),
        *(
            (f"{label}, deepest page", f"{url}?page={MAX_PAGE}")
            for label, url, articles in (
                ("category", category.get_absolute_url(), published.filter(category=category)),
                (
                    "author",
                    f"/author/{article.author.username}/",
                    published.filter(author=article.author),
                ),
            )
            if articles.count() > (MAX_PAGE - 1) * ARTICLES_PER_PAGE
        ),
        ("article", article.get_absolute_url()),
        (f"article, {busiest[1]} comments", f"/articles/{busiest[0]}/"),
        (f"search, common word ({common_word})", f"/search/?q={common_word}"),
        (f"search, word in a tenth ({tenth_word})", f"/search/?q={tenth_word}"),
        ("search, rare word", f"/search/?q={rare_word}"),
        ("RSS", "/feed/"),
        ("Atom", "/feed/atom/"),
        ("category RSS", f"{category.get_absolute_url()}feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap: articles, page 1", "/sitemap-articles.xml"),
        ("sitemap: categories", "/sitemap-categories.xml"),
        ("sitemap: tags", "/sitemap-tags.xml"),
    ]
    staff, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session.create()
    cookie_holder.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    pages += [
        ("admin: articles", "/admin/articles/article/"),
        ("admin: comments", "/admin/comments/comment/"),
        ("admin: pending comments", "/admin/comments/comment/?status__exact=pending"),
        ("admin: articles of a year", f"/admin/articles/article/?published_at__year={year}"),
        ("admin: article change", f"/admin/articles/article/{article.pk}/change/"),
        ("admin: link health", "/admin/articles/article/link-health/"),
        ("admin: link health, orphans", "/admin/articles/article/link-health/?section=orphans"),
    ]
    return pages


def throughput(port: int, path: str, threads: int, seconds: float) -> float:
    """Requests per second with ``threads`` clients for ``seconds``."""
    done = [0] * threads
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        while time.perf_counter() < stop:
            fetch(port, path)
            done[i] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--concurrency",
        type=lambda value: [int(n) for n in value.split(",")],
        default=[],
        help="client connections for the requests-per-second windows, e.g. 1,32",
    )
    parser.add_argument("--only", help="measure only pages whose label contains this")
    parser.add_argument("--memory", type=int, default=0, help="mixed requests, then worker RSS")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var/byline.sqlite3'}"
    static_root = tempfile.mkdtemp(prefix="byline-bench-static-")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_STATIC_ROOT": static_root,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "byline.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    cookie: list[str] = []
    pages = pages_to_measure(cookie)
    if args.only:
        pages = [page for page in pages if args.only in page[0]]

    byline_port, floor_port, cached_port = free_port(), free_port(), free_port()
    workers = ["--workers", str(args.workers), "--timeout", "300"]
    # The page table measures rendering (the page cache off); a second Byline with the page
    # cache on (its own cache directory) gives the cached rates.
    cache_dir = tempfile.mkdtemp(prefix="byline-bench-cache-")
    servers = [
        start([*workers, "byline.wsgi"], {**env, "DJANGO_PAGE_CACHE": "false"}, ROOT, byline_port),
        start([*workers, "floor_app"], env, ROOT / "bench" / "floor", floor_port),
        start(
            [*workers, "byline.wsgi"],
            {**env, "DJANGO_PAGE_CACHE": "true", "DJANGO_CACHE_DIR": cache_dir},
            ROOT,
            cached_port,
        ),
    ]
    try:
        for label, path in pages:  # warm each worker's caches once
            for _ in range(args.workers):
                fetch(byline_port, path, cookie[0] if label.startswith("admin") else "")
        times: dict[str, list[float]] = {label: [] for label, _ in pages}
        floor: list[float] = []
        sizes: dict[str, int] = {}
        for _ in range(args.samples):
            for label, path in pages:
                seconds, status, size = fetch(
                    byline_port, path, cookie[0] if label.startswith("admin") else ""
                )
                if status != 200:
                    sys.exit(f"{label}: {path} answered {status}")
                times[label].append(seconds)
                sizes[label] = size
                floor.append(fetch(floor_port, "/")[0])
        floor_median = statistics.median(floor) * 1000
        load = os.getloadavg()[0]
        print(
            f"database: {database_url.split('://')[0]}, {len(pages)} page types, "
            f"{args.samples} samples each, {args.workers} gunicorn workers, "
            f"load average {load:.1f} on {os.cpu_count()} cores"
        )
        print(f"{'page':<32} {'median':>9} {'p95':>9} {'× floor':>8} {'size':>9}")
        for label, seconds in times.items():
            ms = sorted(s * 1000 for s in seconds)
            median, p95 = statistics.median(ms), ms[min(len(ms) - 1, int(len(ms) * 0.95))]
            print(
                f"{label:<32} {median:7.1f}ms {p95:7.1f}ms {median / floor_median:7.1f}× "
                f"{sizes[label] / 1024:7.0f}KB"
            )
        ms = sorted(s * 1000 for s in floor)
        print(
            f"{'floor (20-item template)':<32} {floor_median:7.1f}ms "
            f"{ms[int(len(ms) * 0.95)]:7.1f}ms {1:7.1f}×"
        )
        for concurrency in args.concurrency:
            article_path = dict(pages).get("article", "/")
            measured = {
                "floor": (floor_port, "/"),
                "home": (byline_port, "/"),
                "article": (byline_port, article_path),
                "home, cached": (cached_port, "/"),
                "article, cached": (cached_port, article_path),
            }
            rates: dict[str, list[float]] = {label: [] for label in measured}
            for _ in range(3):
                for label, (port, path) in measured.items():
                    rates[label].append(throughput(port, path, concurrency, 3))
            floor_rate = statistics.median(rates["floor"])
            print(f"\n{concurrency} connections, requests per second (median of 3 windows)")
            for label, values in rates.items():
                rate = statistics.median(values)
                print(f"{label:<16} {rate:8.0f}/s   {rate / floor_rate:5.2f}× the floor")
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if args.memory:
            before = worker_memory(servers[0].pid)
            for n in range(args.memory):
                label, path = pages[n % len(pages)]
                fetch(byline_port, path, cookie[0] if label.startswith("admin") else "")
            after = worker_memory(servers[0].pid)
            print(f"\nworker memory after {args.memory:,} more mixed requests (bound: 150 MB)")
            for pid, mb in sorted(after.items()):
                verdict = "ok" if mb < 150 else "OVER"
                print(f"worker {pid}: {before.get(pid, 0):4} MB -> {mb:4} MB  {verdict}")
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        shutil.rmtree(cache_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
