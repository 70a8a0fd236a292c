"""The article page with inline and end-of-article related links is valid HTML (Nu checker)."""

import json
import shutil
import subprocess

import pytest

from articles.links import index
from tests.conftest import require
from tests.factories import make_article, make_image, make_related_link
from tests.quality.test_html_validity import VNU_JAR

pytestmark = pytest.mark.django_db


def test_article_with_related_links_is_valid_html(client, site_settings, tmp_path) -> None:
    java = shutil.which("java")
    require(java is not None, "Java is not installed (apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing (run make test-tools)")
    pictured = make_article(title="Clean water & health", slug="clean-water")
    pictured.featured_image = make_image(alt="A village well")
    pictured.featured_image_alt = "A village well"
    pictured.save()
    source = make_article(
        body=(
            '<p>One with <a href="/articles/unknown/">a dead link</a>.</p>'
            "<blockquote><p>Quoted.</p><p>— Someone, somewhere</p></blockquote><p>Two.</p>"
        )
    )
    make_related_link(source=source, target=make_article(), placement="inline", after_paragraph=1)
    make_related_link(source=source, target=make_article(), placement="inline", after_paragraph=2)
    make_related_link(source=source, target=pictured, anchor_text="water <& wells>")
    index.index_links(source)
    page = tmp_path / "related.html"
    page.write_bytes(client.get(source.get_absolute_url()).content)
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [m["message"] for m in json.loads(result.stdout)["messages"]]
    assert errors == []
