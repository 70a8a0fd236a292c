"""How long the article page takes to render with many approved, threaded comments.

Run: .venv/bin/python bench/comments_page.py [--comments 500] [--samples 15] [--profile]
Builds a throw-away SQLite database (or uses $DATABASE_URL), writes one article with
``--comments`` approved comments in threads five deep (a fifth of them top-level, realistic
texts with paragraphs and a link), then times GET of the article page (its first comment
page, or ``--page``: 50 threads a page) through the test client with DEBUG off.
``--profile`` prints the top of a cProfile of one render.
Not part of the test run: timings depend on the machine.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TEXT = (
    "I tried this last week and it mostly worked, though the second step took longer than "
    "the article suggests.\n\nThe docs at https://docs.example.org/guide/setup cover the "
    "rest; thanks for writing it up!\nComment {n}."
)


def setup_django(database_url: str | None) -> None:
    """The suggestions benchmark's throw-away database, with DEBUG off and plain static files."""
    os.environ.pop("DJANGO_DEBUG", None)
    from bench.suggestions import setup_django as migrated_database

    migrated_database(database_url)
    from django.test.utils import override_settings

    # As in the tests: static files without a collectstatic manifest.
    override_settings(
        WHITENOISE_USE_FINDERS=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()


def generate(count: int) -> str:
    """One published article with ``count`` approved comments; returns its URL."""
    from django.utils import timezone

    from comments.models import Comment
    from comments.text import render_text
    from tests.factories import make_article

    article = make_article()
    start = timezone.now() - timedelta(days=3)
    roots = count // 5
    made = 0

    def build(parent: Comment | None, depth: int) -> Comment:
        nonlocal made
        made += 1
        text = TEXT.format(n=made)
        return Comment(
            article=article,
            parent=parent,
            depth=depth,
            author_name=f"Reader {made}",
            author_email=f"reader{made}@example.org",
            author_url="https://reader.example/" if made % 3 == 0 else "",
            text=text,
            text_html=render_text(text),  # bulk_create skips save(), which renders it
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(minutes=made),
        )

    level = Comment.objects.bulk_create(build(None, 0) for _ in range(roots))
    for depth in range(1, 5):
        level = Comment.objects.bulk_create(build(parent, depth) for parent in level)
    remaining = count - Comment.objects.count()
    Comment.objects.bulk_create(build(None, 0) for _ in range(remaining))
    return article.get_absolute_url()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--page", type=int, default=1, help="the comment page to time (?cpage=)")
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))

    from django.test import Client

    url = generate(args.comments)
    if args.page > 1:
        url += f"?cpage={args.page}"
    client = Client(HTTP_HOST="localhost")
    response = client.get(url)  # warm up: template loading, settings row
    assert response.status_code == 200, response.status_code
    size = len(response.content)
    seconds = []
    for _ in range(args.samples):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    print(
        f"{args.comments} comments, comment page {args.page}, {size / 1024:.0f} KB: median "
        f"{statistics.median(seconds) * 1000:.0f} ms, min {min(seconds) * 1000:.0f} ms "
        f"over {args.samples} renders (load average {os.getloadavg()[0]:.2f})"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
