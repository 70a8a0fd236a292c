"""Importing a large WordPress export: time, peak memory, and memory as the file doubles.

Run: nice -n 19 .venv/bin/python bench/wordpress_import.py [--posts 10000]
     [--comments-per-post 10] [--parse-only] [--no-double] [--keep DIR]
Generates a WXR 1.2 export (posts with classic and block bodies, categories, tags, threaded
comments, pingbacks), then, each in a fresh process on a throw-away database (SQLite, or the
empty PostgreSQL database $DATABASE_URL names, emptied again before each import):
  1. reads the file with the streaming reader alone (tracemalloc peak, ru_maxrss),
  2. imports it (wall and CPU time, ru_maxrss), indexes included,
  3. imports it again (it must report 0 changes),
once for N posts and once for 2N posts (unless --no-double), to show what grows with the file.
CPU time is given beside wall time: on a shared machine the wall time says more about the
neighbours than about the import.
Not part of the test run: timings depend on the machine.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORDS = [
    "river", "mountain", "coffee", "village", "bridge", "garden", "harbour", "library", "market",
    "bakery", "lantern", "orchard", "meadow", "workshop", "festival", "railway", "museum",
    "theatre", "bicycle", "compass", "kettle", "quarry", "tidal",
]  # fmt: skip


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(path: Path, *, posts: int, comments_per_post: int, seed: int = 1) -> int:
    """Write an export with ``posts`` posts and ``comments_per_post`` comments each."""
    rng = random.Random(seed)
    comment_id = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench blog</title><link>https://bench.example</link>"
            "<wp:wxr_version>1.2</wp:wxr_version>"
            "<wp:base_site_url>https://bench.example</wp:base_site_url>\n"
        )
        for n in range(1, 6):
            out.write(
                f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>author{n}"
                f"</wp:author_login><wp:author_email>author{n}@bench.example</wp:author_email>"
                f"<wp:author_display_name>Author {n}</wp:author_display_name></wp:author>\n"
            )
        for n in range(1, 21):
            out.write(
                f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>cat-{n}"
                f"</wp:category_nicename><wp:category_parent>{'cat-1' if n > 10 else ''}"
                f"</wp:category_parent><wp:cat_name>Category {n}</wp:cat_name></wp:category>\n"
            )
        for post in range(1, posts + 1):
            paragraphs = [sentence(rng, 40) for _ in range(6)]
            if post % 2:
                body = "\n\n".join(paragraphs)  # classic editor: wpautop
            else:
                body = "\n".join(
                    f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs
                )
            if post > 1 and post % 5 == 0:
                body += (
                    f'\n<p>See <a href="https://bench.example/?p={post - 1}">the last one</a>.</p>'
                )
            date = f"20{10 + post % 14:02d}-{1 + post % 12:02d}-{1 + post % 28:02d} 10:00:00"
            out.write(
                f"<item><title>{escape(sentence(rng, 6))}</title>"
                f"<link>https://bench.example/post-{post}/</link>"
                f"<dc:creator>author{1 + post % 5}</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{sentence(rng)}]]></excerpt:encoded>"
                f"<wp:post_id>{post}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:comment_status>open</wp:comment_status><wp:post_name>post-{post}"
                f"</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="cat-{1 + post % 20}">Category '
                f'{1 + post % 20}</category><category domain="post_tag" nicename="tag-{post % 50}">'
                f"tag {post % 50}</category>\n"
            )
            first = comment_id + 1
            for n in range(comments_per_post):
                comment_id += 1
                parent = comment_id - 1 if n % 3 else 0  # threads three deep
                kind = "pingback" if n == comments_per_post - 1 and post % 10 == 0 else "comment"
                approved = rng.choice(["1", "1", "1", "1", "0", "spam"])
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id}</wp:comment_author>"
                    f"<wp:comment_author_email>r{comment_id}@bench.example"
                    f"</wp:comment_author_email><wp:comment_author_IP>198.51.100.{n}"
                    f"</wp:comment_author_IP><wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[{sentence(rng, 25)}]]></wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent if parent >= first else 0}</wp:comment_parent>"
                    "</wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return comment_id


def child(mode: str, path: str) -> None:
    """Run in a fresh process: read or import ``path``, print the measurements as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byline.settings")
    django.setup()
    from byline.wordpress import wxr
    from byline.wordpress.importer import Options, import_wordpress

    started, cpu = time.perf_counter(), time.process_time()
    result: dict = {}
    if mode == "parse":
        tracemalloc.start()
        count = sum(1 for record in wxr.read(path) if isinstance(record, wxr.Item))
        result["items"] = count
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        report = import_wordpress(path, options=Options())
        result["counts"] = dict(report.counts)
    result["seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = time.process_time() - cpu
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(mode: str, path: Path, workdir: Path) -> dict:
    env = dict(os.environ)
    postgres = env.get("DATABASE_URL", "").startswith("postgres")
    database = workdir / f"{path.stem}.sqlite3"
    if not postgres:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    env["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    if mode == "import":
        manage = [sys.executable, str(ROOT / "manage.py")]
        if not postgres:
            for stale in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
                stale.unlink(missing_ok=True)
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        if postgres:
            subprocess.run([*manage, "flush", "--noinput", "-v0"], env=env, check=True)
    elif mode == "again":
        mode = "import"  # the same database, left as the first import made it
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=10)
    parser.add_argument("--parse-only", action="store_true")
    parser.add_argument("--no-double", action="store_true", help="skip the 2N-post run")
    parser.add_argument("--keep", type=Path, help="keep the files and databases in this folder")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="wxr-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for posts in (args.posts,) if args.no_double else (args.posts, 2 * args.posts):
        path = workdir / f"export-{posts}.xml"
        comments = generate(path, posts=posts, comments_per_post=args.comments_per_post)
        size = path.stat().st_size / 2**20
        print(f"{posts:,} posts, {comments:,} comments: {size:.0f} MB export")
        parsed = measure("parse", path, workdir)
        print(
            f"  read only: {parsed['seconds']:.1f} s, tracemalloc peak "
            f"{parsed['tracemalloc_peak_mb']:.1f} MB, max RSS {parsed['maxrss_mb']:.0f} MB"
        )
        if not args.parse_only:
            imported = measure("import", path, workdir)
            counts = imported["counts"]
            print(
                f"  import: {imported['seconds']:.0f} s wall, {imported['cpu_seconds']:.0f} s CPU "
                f"({1000 * imported['cpu_seconds'] / posts:.1f} ms CPU a post), max RSS "
                f"{imported['maxrss_mb']:.0f} MB; {counts.get('articles created', 0):,} "
                f"articles, {counts.get('comments created', 0):,} comments",
                flush=True,
            )
            again = measure("again", path, workdir)
            changed = sum(
                n for key, n in again["counts"].items() if "created" in key or "updated" in key
            )
            print(
                f"  second run: {again['seconds']:.0f} s wall, {again['cpu_seconds']:.0f} s CPU, "
                f"max RSS {again['maxrss_mb']:.0f} MB; {changed} changes",
                flush=True,
            )


if __name__ == "__main__":
    main()
