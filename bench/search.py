"""How fast full-text search answers over a large corpus, on SQLite (FTS5) or PostgreSQL.

Run: .venv/bin/python bench/search.py [--articles 10000] [--samples 40]
Builds a throw-away SQLite database (or uses $DATABASE_URL if set, e.g. a PostgreSQL test
database), fills it with the synthetic corpus of bench/suggestions.py, builds the search index,
then times the count and the first page of results for one- and two-word queries.
Not part of the test run: timings depend on the machine.
"""

import argparse
import importlib.util
import os
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "suggestions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    corpus = corpus_module()
    corpus.setup_django(os.environ.get("DATABASE_URL"))

    from django.db import connection

    from articles import search
    from articles.models import Article

    started = time.perf_counter()
    corpus.generate(args.articles)
    generated = time.perf_counter() - started
    indexed, _count = corpus.timed(search.rebuild_index)
    print(
        f"{connection.vendor}: {args.articles} articles generated in {generated:.1f} s, "
        f"indexed in {indexed:.1f} s"
    )

    rng = random.Random(7)
    titles = list(Article.objects.values_list("title", flat=True)[: args.samples * 4])
    words = [word for title in titles for word in title.lower().split()]  # topic words
    one_word = [[rng.choice(words)] for _ in range(args.samples)]
    two_words = [rng.choice(titles).lower().split()[:2] for _ in range(args.samples)]
    for label, queries in (("one word", one_word), ("two words", two_words)):
        page_times, hits = [], []
        for query in queries:
            seconds, _page = corpus.timed(lambda q=query: search.SearchResults(" ".join(q))[0:10])
            results = search.SearchResults(" ".join(query))
            count_seconds, count = corpus.timed(results.count)
            page_times.append(seconds + count_seconds)
            hits.append(count)
        print(
            corpus.summary(f"{label} (count + page)", page_times),
            f"  hits ~{sorted(hits)[len(hits) // 2]}",
        )


if __name__ == "__main__":
    main()
