"""articles never depends on comments: comments builds on articles, never the other way."""

import re
from pathlib import Path

import articles

ARTICLES_DIR = Path(articles.__file__).parent
# The same patterns as `grep -rn "from comments\|import comments\|comments/" articles/`.
REACHES_INTO_COMMENTS = re.compile(r"from comments|import comments|comments/")


def test_no_article_module_or_template_names_the_comments_app() -> None:
    offenders = [
        f"{path.relative_to(ARTICLES_DIR.parent)}:{number}: {line.strip()}"
        for path in sorted(ARTICLES_DIR.rglob("*"))
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".css", ".js"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if REACHES_INTO_COMMENTS.search(line)
    ]
    assert offenders == []
