"""How fast related-article suggestions answer over a large corpus.

Run: .venv/bin/python bench/suggestions.py [--articles 10000] [--samples 40]
Builds a throw-away SQLite database (or uses $DATABASE_URL if set, e.g. a PostgreSQL test
database), fills it with synthetic articles (topics with their own vocabulary, tags, categories,
Zipf-distributed common words), indexes their terms, then times suggestions for random articles.
Not part of the test run: timings depend on the machine.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
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


def syllable_words(rng: random.Random, count: int) -> list[str]:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words: set[str] = set()
    while len(words) < count:
        words.add(
            "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        )
    return sorted(words)


def generate(count: int, *, seed: int = 4) -> None:
    """Create ``count`` published articles over 40 topics, 12 categories and 120 tags."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from articles.models import Article, Category, Tag

    rng = random.Random(seed)
    vocabulary = syllable_words(rng, 6000)
    common, topic_words = vocabulary[:3000], vocabulary[3000:]
    topics = [topic_words[i * 60 : (i + 1) * 60] for i in range(40)]
    author, _ = User.objects.get_or_create(username="bench")
    categories = Category.objects.bulk_create(
        Category(name=f"Category {n}", slug=f"category-{n}") for n in range(12)
    )
    tags = Tag.objects.bulk_create(Tag(name=f"tag {n}", slug=f"tag-{n}") for n in range(120))
    weights = [1 / (rank + 1) for rank in range(len(common))]  # Zipf
    now = timezone.now()
    articles, topic_of = [], []
    for n in range(count):
        topic = rng.randrange(len(topics))
        words = rng.choices(common, weights, k=210) + rng.choices(topics[topic], k=90)
        rng.shuffle(words)
        paragraphs = [" ".join(words[i : i + 60]) for i in range(0, len(words), 60)]
        articles.append(
            Article(
                title=" ".join(rng.sample(topics[topic], 5)).capitalize(),
                slug=f"bench-{n}",
                summary=" ".join(rng.choices(topics[topic] + common[:200], k=25)),
                body="".join(f"<p>{p}.</p>" for p in paragraphs),
                author=author,
                category=categories[topic % len(categories)],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n),
            )
        )
        topic_of.append(topic)
    articles = Article.objects.bulk_create(articles, batch_size=500)
    through = Article.tags.through
    through.objects.bulk_create(
        (
            through(article_id=article.pk, tag_id=tags[(topic * 3 + k) % len(tags)].pk)
            for article, topic in zip(articles, topic_of, strict=True)
            for k in rng.sample(range(6), 2)
        ),
        batch_size=2000,
    )


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return (
        f"{label:<28} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   "
        f"max {ms[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))

    from django.db import connection

    from articles.links import suggestions
    from articles.links.models import ArticleTerm
    from articles.models import Article

    print(f"database: {connection.vendor}; articles: {args.articles}")
    seconds, _ = timed(generate, args.articles)
    print(f"generate articles              {seconds:7.1f} s")
    seconds, _ = timed(suggestions.rebuild_all_terms)
    print(
        f"index all term vectors         {seconds:7.1f} s ({ArticleTerm.objects.count()} term rows)"
    )
    # What a live database has after autovacuum: planner statistics and, on PostgreSQL, a
    # visibility map so counts can be answered from the index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    rng = random.Random(7)
    sample = list(Article.objects.order_by("?").values_list("pk", flat=True)[: args.samples])
    suggestions.suggest_links_from(Article.objects.get(pk=sample[0]))  # warm the caches
    outgoing, incoming, updates = [], [], []
    for pk in sample:
        article = Article.objects.get(pk=pk)
        seconds, found = timed(suggestions.suggest_links_from, article)
        outgoing.append(seconds)
        assert len(found) == 5, found
        incoming.append(timed(suggestions.suggest_links_to, article)[0])
        updates.append(timed(suggestions.update_terms, article)[0])
    print(summary("suggest links from an article", outgoing))
    print(summary("suggest links to an article", incoming))
    print(summary("update one term vector", updates))
    example = suggestions.suggest_links_from(Article.objects.get(pk=rng.choice(sample)))[0]
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"load average at the end: {load:.1f} on {cores} cores")
    print(f"example reason: {example.reason} (score {example.score:.2f})")


if __name__ == "__main__":
    main()
