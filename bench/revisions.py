"""How big revisions grow, and what a save with its revision costs: 1,000 saves of one article.

Run: .venv/bin/python bench/revisions.py [--saves 1000] [--words 2000]
Builds a throw-away SQLite database (or uses $DATABASE_URL if set, e.g. a PostgreSQL
database of your own), writes one article of ``--words`` words (25 paragraphs and 3 FAQ
blocks in its body, 3 tags, 2 related links), then saves it ``--saves`` times as editors do
(each save rewrites a sentence of one paragraph; every tenth also changes the summary or an
FAQ answer), recording a revision after each save as the admin does. Prints the stored size
of the revisions and the time a save plus its revision takes, and what a compare of the first
and last revision costs.
Not part of the test run: timings depend on the machine.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django(database_url: str | None) -> None:
    if database_url is None:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        database_url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


WORDS = [
    "pay",
    "tax",
    "code",
    "month",
    "employer",
    "pension",
    "deduction",
    "gross",
    "net",
    "allowance",
    "rate",
    "period",
    "year",
    "total",
    "statement",
    "insurance",
    "national",
    "student",
    "loan",
    "overtime",
    "bonus",
    "holiday",
    "sick",
    "leave",
    "hours",
    "salary",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "is",
    "are",
    "was",
    "be",
    "this",
    "that",
    "it",
    "which",
    "each",
]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return f"<p>{text.capitalize()}.</p>"


def stored_bytes() -> tuple[int, int, str]:
    """(bytes of JSON content, bytes on disk or in the table, what the second number is)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(octet_length(content::text)), 0), "
                "pg_total_relation_size('editing_revision') FROM editing_revision"
            )
            json_bytes, table = cursor.fetchone()
            return json_bytes, table, "table with TOAST and indexes (jsonb, compressed)"
        cursor.execute("SELECT COALESCE(SUM(LENGTH(content)), 0) FROM editing_revision")
        (json_bytes,) = cursor.fetchone()
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA page_size")
        (page_size,) = cursor.fetchone()
        return json_bytes, pages * page_size, "whole SQLite file"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))

    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from articles import richtext
    from articles.editing import revisions, snapshot
    from articles.editing.models import Revision
    from articles.links.models import RelatedLink
    from articles.models import Article, Category, Tag

    rng = random.Random(args.seed)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    category, _ = Category.objects.get_or_create(name="Money", slug="money")
    per_paragraph = args.words // 25
    paragraphs = [paragraph(rng, per_paragraph) for _ in range(25)]
    # FAQ blocks at the end of the body, as the editor's FAQ block writes them.
    faqs = [(f"Question {n}?", " ".join(rng.choice(WORDS) for _ in range(30))) for n in range(3)]
    article = Article.objects.create(
        title="Reading your payslip, line by line",
        slug=f"bench-revisions-{rng.randrange(10**9)}",
        summary="What each line of a payslip means, and what to check.",
        body=richtext.with_faqs("".join(paragraphs), faqs),
        author=editor,
        category=category,
    )
    article.tags.set(
        Tag.objects.get_or_create(name=name, slug=name)[0] for name in ("pay", "tax", "money")
    )
    for n in range(2):
        target = Article.objects.create(
            title=f"Linked article {n}",
            slug=f"{article.slug}-linked-{n}",
            summary="Linked.",
            author=editor,
            category=category,
        )
        RelatedLink.objects.create(source=article, target=target, position=n)
    before_json, before_disk, _what = stored_bytes()

    timings = []
    for n in range(args.saves):
        started = time.perf_counter()
        with transaction.atomic():
            i = rng.randrange(len(paragraphs))
            paragraphs[i] = paragraph(rng, per_paragraph)
            if n % 10 == 5:
                faqs[n % 3] = (faqs[n % 3][0], " ".join(rng.choice(WORDS) for _ in range(30)))
            article.body = richtext.with_faqs("".join(paragraphs), faqs)
            if n % 10 == 0:
                article.summary = f"What each line of a payslip means (revised {n} times)."
            article.last_saved_by = editor
            article.save()
            revisions.record_revision(article=article, user=editor)
        timings.append(time.perf_counter() - started)

    json_bytes, disk, what = stored_bytes()
    count = Revision.objects.filter(article=article).count()
    first, last = (
        Revision.objects.filter(article=article).order_by("created_at", "id").first(),
        Revision.objects.filter(article=article).first(),
    )
    started = time.perf_counter()
    changes = snapshot.changes(snapshot.describe(first.content), snapshot.describe(last.content))
    compare_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as queries:
        revisions.record_revision(article=article, user=editor)

    words = len(snapshot.body_text(article.body).split())
    print(f"database: {connection.vendor}; article: {words} words, 3 FAQ blocks, 2 related links")
    print(f"revisions stored: {count}")
    print(
        f"JSON content: {(json_bytes - before_json) / 1e6:.1f} MB in all, "
        f"{(json_bytes - before_json) / count / 1024:.1f} KiB a revision"
    )
    print(f"{what}: grew by {(disk - before_disk) / 1e6:.1f} MB")
    print(
        f"save + revision: median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1000:.1f} ms; "
        f"recording a revision runs {len(queries)} queries"
    )
    print(f"compare of the first and last revision: {compare_ms:.1f} ms, {len(changes)} fields")


if __name__ == "__main__":
    main()
