"""Build a large Byline site for the page benchmarks: issue 13's dataset, in bulk, in minutes.

Run: .venv/bin/python bench/scale.py [--articles 100000] [--comments 1000000] [--db PATH]
Without $DATABASE_URL it writes a SQLite file (``var/bench/scale-<articles>.sqlite3`` unless
``--db`` names another; an existing file is replaced); with $DATABASE_URL (PostgreSQL) it fills
that database, which must be empty and migrated or new. At the full size: 100,000 articles with
800–1,500-word bodies, 1,000,000 comments (one article with 5,000, twenty with 500, the rest
spread out, a tenth of them replies), 300,000 related links, 50 categories, 2,000 tags and 20
authors; ``--articles 10000 --comments 100000`` scales every count down (the 5,000-comment
article stays). Rows go in with ``bulk_create``, so no signals run: the script renders what
``save()`` would have (``body_html``, ``text_html``) and builds the search index itself at the
end. It prints the ``DATABASE_URL`` to give ``bench/pages.py``.
Not part of the test run.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIG_THREAD = 5_000  # comments on the one very long discussion
MEDIUM_THREADS, MEDIUM_THREAD = 20, 500
BATCH = 2_000


class Progress:
    """A one-line progress bar on stderr: label, bar, count, rate."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = self.shown = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.shown > 0.25 or self.done >= self.total:
            self.shown = now
            filled = int(30 * self.done / self.total)
            rate = self.done / max(now - self.started, 1e-9)
            sys.stderr.write(
                f"\r{self.label:<16} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{self.done:>9,}/{self.total:,}  {rate:,.0f}/s"
            )
            if self.done >= self.total:
                sys.stderr.write(f"  {now - self.started:.1f} s\n")
            sys.stderr.flush()


def batched(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(model: type, label: str, total: int, rows: Iterable[Any]) -> list[Any]:
    """bulk_create ``rows`` in batches, one transaction per batch, with a progress bar."""
    from django.db import transaction

    progress, created = Progress(label, total), []
    for batch in batched(rows):
        with transaction.atomic():
            created.extend(model.objects.bulk_create(batch))
        progress.advance(len(batch))
    return created


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def words(rng: random.Random, count: int) -> list[str]:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    found: set[str] = set()
    while len(found) < count:
        found.add(
            "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        )
    return sorted(found)


def build(articles_total: int, comments_total: int, *, seed: int = 13) -> None:
    """Fill the database with the dataset (see the module docstring)."""
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from articles.links.models import RelatedLink
    from articles.models import Article, Category, Tag
    from comments.models import Comment
    from comments.text import render_text

    rng = random.Random(seed)
    vocabulary = words(rng, 8_000)
    # Zipf-like: "the" is in every article (search's common word), the tail is rare.
    common = ["the", "and", "of", "to", "a", "in", *vocabulary[:2_000]]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(common))]
    scale = articles_total / 100_000
    now = timezone.now()

    authors = insert(
        User,
        "authors",
        20,
        (
            User(username=f"author{n}", first_name="Author", last_name=f"Number {n}")
            for n in range(20)
        ),
    )
    categories = insert(
        Category,
        "categories",
        50,
        (Category(name=f"Category {n}", slug=f"category-{n}") for n in range(50)),
    )
    tag_count = max(20, int(2_000 * min(scale * 5, 1)))
    tags = insert(
        Tag, "tags", tag_count, (Tag(name=f"tag {n}", slug=f"tag-{n}") for n in range(tag_count))
    )

    def article(n: int) -> Article:
        body_words = rng.choices(common, weights, k=rng.randint(800, 1_500))
        # One rare word (vocabulary's tail) in one article in a thousand: search's rare word.
        if n % 1_000 == 7:
            body_words[10] = "zyxwvut"
        paragraphs = [" ".join(body_words[i : i + 80]) for i in range(0, len(body_words), 80)]
        body = "".join(f"<p>{p.capitalize()}.</p>" for p in paragraphs)
        # 2 % drafts and 1 % scheduled, spread through the list, as on a real site.
        status = Article.Status.PUBLISHED
        published_at = now - timedelta(minutes=10 * n + 10)
        if n % 50 == 3:
            status, published_at = Article.Status.DRAFT, None
        elif n % 100 == 5:
            status, published_at = Article.Status.SCHEDULED, now + timedelta(days=1 + n % 30)
        return Article(
            title=" ".join(rng.sample(vocabulary[2_000:], 5)).capitalize(),
            slug=f"article-{n}",
            summary=" ".join(rng.choices(common, weights, k=30)).capitalize() + ".",
            body=body,
            body_html=body,  # what richtext.render makes of plain paragraphs
            reading_minutes=max(1, len(body_words) // 230),
            author=authors[n % len(authors)],
            category=categories[rng.randrange(len(categories))],
            status=status,
            published_at=published_at,
            is_featured=n in (40, 4_000, 9_000),
        )

    articles = insert(
        Article, "articles", articles_total, (article(n) for n in range(articles_total))
    )
    published = [a for a in articles if a.status == Article.Status.PUBLISHED]

    through = Article.tags.through
    insert(
        through,
        "article tags",
        3 * len(articles),
        (through(article_id=a.pk, tag_id=tag.pk) for a in articles for tag in rng.sample(tags, 3)),
    )

    def related() -> Iterator[RelatedLink]:
        for a in articles:
            for position, target in enumerate(rng.sample(published, 4)):
                if target.pk != a.pk and position < 3:
                    yield RelatedLink(source=a, target=target, position=position)

    insert(RelatedLink, "related links", 3 * len(articles), related())

    # The comments: one article with 5,000, twenty with 500, the rest spread over published ones.
    texts = [
        " ".join(rng.choices(common, weights, k=rng.randint(15, 120))).capitalize() + "."
        for _ in range(200)
    ]
    rendered = [(text, render_text(text)) for text in texts]
    big = published[1]  # on the home page's first page, so the benchmark finds it
    medium = published[2 : 2 + MEDIUM_THREADS]
    rest = comments_total - BIG_THREAD - MEDIUM_THREADS * MEDIUM_THREAD
    plan = [(big, BIG_THREAD)] + [(a, MEDIUM_THREAD) for a in medium]
    others = published[2 + MEDIUM_THREADS :]
    per_article: dict[int, int] = {}
    for _ in range(max(rest, 0)):
        a = others[rng.randrange(len(others))]
        per_article[a.pk] = per_article.get(a.pk, 0) + 1
    by_pk = {a.pk: a for a in others}
    plan += [(by_pk[pk], count) for pk, count in per_article.items()]
    statuses = [Comment.Status.APPROVED] * 90 + [Comment.Status.PENDING] * 5
    statuses += [Comment.Status.SPAM] * 3 + [Comment.Status.TRASH] * 2

    def comment(a: Article, k: int, parent: Comment | None = None) -> Comment:
        text, html = rendered[rng.randrange(len(rendered))]
        return Comment(
            article=a,
            parent=parent,
            depth=0 if parent is None else 1,
            author_name=f"Reader {k % 5_000}",
            author_email=f"reader{k % 5_000}@example.com",
            text=text,
            text_html=html,
            status=statuses[k % len(statuses)] if parent is None else Comment.Status.APPROVED,
            ip_address=f"10.{k % 250}.{k // 250 % 250}.{k % 7 + 1}",
            created_at=a.published_at + timedelta(minutes=k + 1),
        )

    # Nine in ten are top-level; then a tenth replies to an approved top-level comment.
    progress = Progress("comments", comments_total)
    top: list[tuple[Article, int]] = []
    for batch in batched(
        (comment(a, k), a, k) for a, count in plan for k in range(count - count // 10)
    ):
        with transaction.atomic():
            created = Comment.objects.bulk_create(c for c, _a, _k in batch)
        top.extend(
            (c, count_k)
            for c, (_c, _a, count_k) in zip(created, batch, strict=True)
            if c.status == Comment.Status.APPROVED
        )
        progress.advance(len(batch))
    parents_of: dict[int, list[Comment]] = {}
    for c, _k in top:
        parents_of.setdefault(c.article_id, []).append(c)

    def replies() -> Iterator[Comment]:
        for a, count in plan:
            parents = parents_of.get(a.pk)
            for k in range(count // 10 if parents else 0):
                parent = parents[rng.randrange(len(parents))]
                reply = comment(a, count + k, parent)
                reply.created_at = parent.created_at + timedelta(seconds=k + 1)
                yield reply

    for batch in batched(replies()):
        with transaction.atomic():
            Comment.objects.bulk_create(batch)
        progress.advance(len(batch))
    if progress.done < progress.total:
        progress.advance(progress.total - progress.done)  # articles without approved parents


def build_search_index() -> None:
    """SQLite's FTS5 table in bulk (PostgreSQL's vector is a generated column: nothing to do)."""
    from django.db import connection, transaction

    from articles import search
    from articles.models import Article

    if connection.vendor != "sqlite":
        return
    total = Article.objects.count()
    progress = Progress("search index", total)
    articles = Article.objects.only("id", "title", "summary", "body").order_by("pk")
    for batch in batched(articles.iterator(chunk_size=BATCH)):
        rows = [(a.pk, a.title, *search.indexed_text(a.summary, a.body)) for a in batch]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {search.FTS_TABLE} (rowid, title, summary, text) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )
        progress.advance(len(batch))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="SQLite file (without $DATABASE_URL)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        path = args.db or ROOT / "var" / "bench" / f"scale-{args.articles}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        database_url = f"sqlite:///{path.resolve()}"
    started = time.perf_counter()
    setup_django(database_url)
    from django.db import connection

    from articles.models import Article

    if Article.objects.exists():
        sys.exit("The database already holds articles: give an empty one.")
    build(args.articles, args.comments)
    build_search_index()
    with connection.cursor() as cursor:
        # What a live database has after autovacuum / `PRAGMA optimize`: planner statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s")
    print(f"DATABASE_URL={database_url}")


if __name__ == "__main__":
    main()
