"""The crafted-editor corpus in Chromium, with the CSP turned off: nothing comes alive.

Every payload of ``tests/articles/xss_corpus.py`` goes into every body context (start of the
body, mid-body, heading, pull quote, caption and alt text, link text and title) and into a FAQ;
the single-line fields (title, summary, SEO fields, alt texts, anchor texts, category, tag,
author, site settings) take one payload each per article. Chromium loads each page with no
Content-Security-Policy header, so only the sanitizer and the templates stand between the
payloads and the reader, and the DOM must hold no element or attribute that the same page with
harmless text does not (the rendered allowlist inside the article body), no event handler, no
script URL, no refresh, no foreign script, and no dialog may open.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from articles import richtext
from byline.models import HeaderCategory, SiteSettings
from tests.articles.live_markup import URL_ATTRIBUTES
from tests.articles.xss_corpus import ALL_VECTORS, make_article_with_every_field, set_site_settings
from tests.factories import make_article

#: Payloads aimed at the single-line fields: quote breakouts, raw-text breakouts, JSON-LD.
FIELD_VECTORS = [
    '"><img src=x onerror=alert(1)><p x="',
    "' onmouseover='alert(1)' autofocus onfocus='alert(1)' x='",
    "</script><script>alert(1)</script><!--",
    '<meta http-equiv="refresh" content="0;url=/admin/">',
    "&lt;img src=x onerror=alert(1)&gt;</title><svg onload=alert(1)>",
    "</textarea><iframe srcdoc='<script>alert(1)</script>'></iframe>",
]

# Signatures ("tag|attr,attr") of every element on the page, to learn the harmless twin.
SIGNATURES_JS = """() => Array.from(document.querySelectorAll('*'), el =>
    (el.namespaceURI === 'http://www.w3.org/1999/xhtml' ? '' : el.namespaceURI + ' ')
    + el.localName + '|' + Array.from(el.attributes, a => a.name.toLowerCase()).sort().join(','))
"""

LIVE_MARKUP_JS = """([known, tags, attributes, urlAttributes]) => {
    const problems = [];
    const html = 'http://www.w3.org/1999/xhtml';
    const body = document.getElementById('article-body');
    const dangerous = value => /^(javascript|vbscript|data):/.test(
        value.replace(/[\\x00-\\x20\\x7f-\\x9f]+/g, '').toLowerCase());
    for (const el of document.querySelectorAll('*')) {
        const names = Array.from(el.attributes, a => a.name.toLowerCase()).sort();
        const tag = el.localName;
        const signature = (el.namespaceURI === html ? '' : el.namespaceURI + ' ')
            + tag + '|' + names.join(',');
        if (names.some(name => name.startsWith('on'))) problems.push('handler ' + signature);
        for (const a of el.attributes) {
            if (urlAttributes.includes(a.name.toLowerCase()) && dangerous(a.value)) {
                problems.push('URL ' + a.value + ' on ' + tag);
            }
        }
        if (tag === 'meta' && el.hasAttribute('http-equiv')) problems.push('refresh ' + signature);
        if (tag === 'script') {
            if (el.type === 'application/ld+json') {
                try { JSON.parse(el.textContent); } catch (e) { problems.push('JSON-LD broken'); }
            } else if (!el.src.startsWith(location.origin + '/static/')) {
                problems.push('script ' + el.src + ' ' + el.textContent.slice(0, 80));
            }
        }
        if (known.includes(signature)) continue;
        if (body && el !== body && body.contains(el) && el.namespaceURI === html
            && tags.includes(tag) && names.every(n => (attributes[tag] || []).includes(n))) {
            continue;
        }
        problems.push('unexpected ' + signature);
    }
    return problems;
}"""


def corpus_chunks(size: int) -> list[list[str]]:
    return [ALL_VECTORS[i : i + size] for i in range(0, len(ALL_VECTORS), size)]


@pytest.fixture
def csp_off(settings) -> None:
    """No Content-Security-Policy header: the sanitizer alone must hold."""
    settings.SECURE_CSP = {}


def urls_of(article) -> list[str]:
    return [
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        reverse("articles:author", args=[article.author.get_username()]),
    ]


def test_crafted_editor_corpus_plants_no_live_markup(page, csp_off) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for _ in range(12):  # older articles, so that lists paginate as they will with the corpus
        make_article(title="needle in a haystack")
    harmless = make_article_with_every_field("Plain words", vectors=["Plain", "words"])
    # The page chrome the hostile pages will have, on harmless pages too: "More in <category>"
    # under an article, and the current category marked in the header.
    for n in range(3):
        make_article(title=f"Plain neighbour {n}", category=harmless.category)
    HeaderCategory.objects.create(settings=SiteSettings.load(), category=harmless.category)
    pages = {"article": urls_of(harmless)[0], "home": "/", "search": "/search/?q=needle"}
    pages.update(zip(("category", "tag", "author"), urls_of(harmless)[1:], strict=True))
    known: dict[str, list[str]] = {}
    for kind, url in pages.items():
        page.goto(url)
        known[kind] = page.evaluate(SIGNATURES_JS)
    known["opening"] = known["article"]

    set_site_settings(FIELD_VECTORS[0])
    chunks = corpus_chunks(25)
    hostile = [
        make_article_with_every_field(FIELD_VECTORS[n % len(FIELD_VECTORS)], vectors=chunk)
        for n, chunk in enumerate(chunks)
    ]
    visits = [("home", "/"), ("search", "/search/?q=needle")]
    for article in hostile:
        visits += zip(("article", "category", "tag", "author"), urls_of(article), strict=True)
    # Text before the body's first element once took another path: each payload opens a body.
    for vector in ALL_VECTORS:
        opening = make_article(body=vector + "<p>after</p>", category=harmless.category)
        visits.append(("opening", opening.get_absolute_url()))

    allowlist = [
        sorted(richtext.RENDERED_TAGS),
        {tag: sorted(names) for tag, names in richtext.RENDERED_ATTRIBUTES.items()},
        sorted(URL_ATTRIBUTES),
    ]
    problems = {}
    for kind, url in visits:
        response = page.goto(url)
        assert response.status == 200, url
        assert "content-security-policy" not in response.headers
        page.wait_for_timeout(50)  # a 0 s meta refresh or an autofocus handler fires by now
        try:
            found = page.evaluate(LIVE_MARKUP_JS, [known[kind], *allowlist])
        except PlaywrightError as error:
            found = [f"the page went away while being read: {error.message}"]
        if not page.url.endswith(url):
            found.append(f"navigated to {page.url}")
        if found:
            problems[url] = found
    assert problems == {}, "\n".join(f"{url}: {found}" for url, found in problems.items())
    assert dialogs == []
    # The corpus really reached the readers, as text.
    page.goto(hostile[0].get_absolute_url())
    assert "<img src=x onerror=alert(1)>" in page.locator("#article-body").inner_text()
    assert len(ALL_VECTORS) >= 100 and len(visits) >= 20
