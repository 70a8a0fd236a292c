"""How fast the moderators' inbox answers with 100,000 comments waiting, and how many queries.

Run: .venv/bin/python bench/inbox.py [--pending 100000] [--others 100000] [--samples 30]
Builds a throw-away SQLite database (or uses $DATABASE_URL: an empty database, or one this script
filled before, which is measured again as it is),
writes ``--pending`` pending comments (a tenth of them replies, so the parent shows; reasons,
websites and addresses varied; a few thousand commenters, so their records have rows to count)
and ``--others`` decided ones (approved, spam, trash) over 200 articles, with ``bulk_create``.
Then, as a moderator through the test client with DEBUG off, it times the inbox's first
page, a page deep in the queue (keyset, ``?before=``), and the other tabs, and prints the
median, p95 and the queries each page ran (``EXPLAIN`` of the slowest query with ``--explain``).
Not part of the test run: timings depend on the machine (and on other work running on it).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 5_000
REASONS = ["first_time", "too_many_links", "moderation_word", "hold_all", "listed", "learned"]


def generate(pending: int, others: int, *, seed: int = 14) -> list[int]:
    """The comments; returns the pending ids in queue order (newest first)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from comments.models import Comment
    from comments.text import render_text
    from tests.factories import make_article

    rng = random.Random(seed)
    articles = [make_article(title=f"Article {n}", slug=f"article-{n}") for n in range(200)]
    start = timezone.now() - timedelta(days=60)
    texts = [
        " ".join(rng.choices(["well", "pump", "water", "village", "the", "and", "broke"], k=k))
        + ". https://example.org/page"
        for k in range(15, 215)
    ]
    rendered = [(text, render_text(text)) for text in texts]
    parents = Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="Grace",
            author_email="grace@example.org",
            text="The wells were dug in 1990.",
            text_html=render_text("The wells were dug in 1990."),
            status=Comment.Status.APPROVED,
            created_at=start,
        )
        for article in articles
    )
    decided = [Comment.Status.APPROVED] * 7 + [Comment.Status.SPAM] * 2 + [Comment.Status.TRASH]
    total = pending + others
    written = 0
    started = time.perf_counter()
    for offset in range(0, total, BATCH):
        batch = []
        for n in range(offset, min(offset + BATCH, total)):
            # Spread evenly through time: exactly ``pending`` of them wait.
            is_pending = (n * pending) // total != ((n + 1) * pending) // total
            text, html = rendered[n % len(rendered)]
            article_index = n % len(articles)
            reply = n % 10 == 3
            batch.append(
                Comment(
                    article=articles[article_index],
                    parent=parents[article_index] if reply else None,
                    depth=1 if reply else 0,
                    author_name=f"Reader {n % 3_000}",
                    author_email=f"reader{n % 3_000}@example.com",
                    author_url="https://reader.example/" if n % 4 == 0 else "",
                    text=text,
                    text_html=html,
                    status=Comment.Status.PENDING if is_pending else decided[n % len(decided)],
                    reason=REASONS[n % len(REASONS)],
                    reason_detail="3 links" if n % len(REASONS) == 1 else "",
                    ip_address=f"10.{n % 250}.{n // 250 % 250}.{n % 7 + 1}",
                    created_at=start + timedelta(seconds=30 * n),
                )
            )
        with transaction.atomic():
            Comment.objects.bulk_create(batch)
        written += len(batch)
        rate = written / (time.perf_counter() - started)
        sys.stderr.write(f"\rcomments {written:>9,}/{total:,}  {rate:,.0f}/s")
    sys.stderr.write("\n")
    with connection.cursor() as cursor:
        # What a live database has after autovacuum / `PRAGMA optimize`: planner statistics.
        cursor.execute("ANALYZE")
    return list(
        Comment.objects.pending().order_by("-created_at", "-pk").values_list("pk", flat=True)
    )


def time_page(client, url: str, samples: int) -> tuple[list[float], list[dict]]:
    """``samples`` timed GETs of ``url``; returns the seconds and the last one's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up: templates, the settings row
    assert response.status_code == 200, (url, response.status_code)
    seconds = []
    for _ in range(samples):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return seconds, captured.captured_queries


def explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join("  " + " ".join(str(part) for part in row) for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--others", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    from bench.comments_page import setup_django

    setup_django(os.environ.get("DATABASE_URL"))
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from comments.models import Comment

    if Comment.objects.exists():  # a database this script filled before: measure it again
        queue = list(
            Comment.objects.pending().order_by("-created_at", "-pk").values_list("pk", flat=True)
        )
        args.others = Comment.objects.count() - len(queue)
    else:
        queue = generate(args.pending, args.others)
    moderator = User.objects.filter(username="bench-moderator").first() or (
        User.objects.create_superuser("bench-moderator", "m@example.org", "x")
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(moderator)
    inbox = reverse("admin:comments_comment_changelist")
    pages = [
        ("pending, first page", inbox),
        ("pending, middle (keyset)", f"{inbox}?status=pending&before={queue[len(queue) // 2]}"),
        ("pending, last page", f"{inbox}?status=pending&before={queue[-5]}"),
        ("approved", f"{inbox}?status=approved"),
        ("spam", f"{inbox}?status=spam"),
        ("trash", f"{inbox}?status=trash"),
    ]
    print(
        f"{connection.vendor}, {len(queue):,} pending of {len(queue) + args.others:,} comments, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'page':<30} {'median':>8} {'p95':>8} {'queries':>8} {'in SQL':>8}")
    for label, url in pages:
        seconds, queries = time_page(client, url, args.samples)
        seconds.sort()
        p95 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))]
        print(
            f"{label:<30} {statistics.median(seconds) * 1000:>6.0f} ms {p95 * 1000:>5.0f} ms "
            f"{len(queries):>8} {sum(float(q['time']) for q in queries) * 1000:>5.0f} ms"
        )
        if args.explain:
            for query in sorted(queries, key=lambda query: -float(query["time"]))[:2]:
                print(f"  {query['time']} s: {query['sql'][:400]}")
                print(explain(query["sql"]))


if __name__ == "__main__":
    main()
