"""Time the admin's home (the desk) on a large site, query by query.

Run: DATABASE_URL=... .venv/bin/python bench/dashboard.py [--repeat 5]
on a database built by bench/scale.py (100,000 articles, 1,000,000 comments). It renders the
admin index for one author (made a superuser) through Django's test client and prints the
median time of the page and of each of its queries. Not part of the test run.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--username",
        default="author3",
        help="whose desk (made a superuser in this database); scale.py's author3 has drafts",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byline.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # static URLs without a collected manifest
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    admin, _ = User.objects.get_or_create(username=args.username)
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    client.get("/admin/")  # warm caches (content types, templates)
    pages: list[float] = []
    per_query: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/admin/")
            pages.append(time.perf_counter() - start)
        assert response.status_code == 200
        for query in queries.captured_queries:
            per_query[query["sql"][:110]].append(float(query["time"]))
    print(
        f"{connection.vendor}: admin index {statistics.median(pages) * 1000:.0f} ms median, "
        f"{len(queries.captured_queries)} queries"
    )
    for sql, times in sorted(per_query.items(), key=lambda item: -statistics.median(item[1])):
        print(f"  {statistics.median(times) * 1000:7.1f} ms  {sql}")


if __name__ == "__main__":
    main()
