"""A strict Content-Security-Policy on every page, and nothing in the pages that it would block."""

import re

import pytest

from byline.admin_site import EDITOR_BASE_STYLE_HASH

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>")
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_every_page_carries_a_strict_csp(client, sample_site) -> None:
    for url in sample_site.public_urls().values():
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_have_no_inline_script_style_or_event_handlers(client, sample_site) -> None:
    for url in sample_site.public_urls().values():
        page = client.get(url).content.decode()
        assert INLINE_SCRIPT.findall(page) == [], url
        assert "<style" not in page, url
        assert STYLE_ATTRIBUTE.findall(page) == [], url
        assert EVENT_HANDLER.findall(page) == [], url
        assert "javascript:" not in page, url


def test_the_checks_would_catch_inline_code() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/site.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/ld+json">{}</script>')
    assert STYLE_ATTRIBUTE.search('<p class="x" style="color: red">')
    assert EVENT_HANDLER.search('<img src="x" onerror="alert(1)">')


def test_admin_allows_only_the_editors_base_style_by_its_hash(admin_client) -> None:
    policy = admin_client.get("/admin/articles/article/add/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["style-src"] == f"'self' {EDITOR_BASE_STYLE_HASH}"
    assert re.fullmatch(r"'self'( 'nonce-[\w+/=-]+')?", directives["script-src"])  # import map
    assert "unsafe-inline" not in policy
