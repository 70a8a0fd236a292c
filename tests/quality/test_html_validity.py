"""Every public page is valid HTML according to the Nu HTML Checker (vnu-jar from npm, on Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_public_page_is_valid_html(client, sample_site, tmp_path) -> None:
    java = shutil.which("java")
    require(java is not None, "Java is not installed (apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing (run make test-tools)")
    files = []
    for name, url in sample_site.public_urls().items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    article_page = (tmp_path / "article.html").read_text()
    for piece in (
        "pull-quote",
        "<picture",
        "related-inline",
        "related-reading",
        '<details class="faq"><summary>Is it blue on Mars',
    ):
        assert piece in article_page  # the check covers every kind of article content
    path = tmp_path / "comment-form-errors.html"
    path.write_bytes(sample_site.comment_form_with_errors(client))
    files.append(str(path))

    # The checker takes seconds to start, so every page goes through one run.
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '')}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0
