"""A hostile editor or administrator: whatever they type in any field reaches readers as text.

Every field that ends up in a public page (body and its FAQ blocks, title, summary, SEO
fields, alt texts, captions, related-link anchor texts, category and tag names and
descriptions, author names, site settings) is filled with a payload; the pages must hold no
markup that the same pages with harmless text do not (see ``live_markup.page_problems``).
"""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.live_markup import page_problems
from tests.articles.test_admin import ADD_URL, article_form
from tests.articles.xss_corpus import make_article_with_every_field, set_site_settings

pytestmark = pytest.mark.django_db

VECTORS = [
    "&lt;img src=x onerror=alert(1)&gt;",
    "<img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '"><script>alert(1)</script><p x="',
    "' onmouseover='alert(1)' x='",
    "</script><script>alert(1)</script><!--",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe><p>a</p><img src=x onerror=alert(1)>",
    '<form action="https://evil.example"><input name="password"><button>go</button></form>',
    "<svg onload=alert(1)><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


def public_pages(client, article: Article) -> dict[str, str]:
    """Every public page the article's fields reach, by name."""
    urls = {
        "article": article.get_absolute_url(),
        "home": "/",
        "category": article.category.get_absolute_url(),
        "tag": article.tags.get().get_absolute_url(),
        "author": reverse("articles:author", args=[article.author.get_username()]),
        "search": reverse("articles:search") + "?q=needle",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("vector", VECTORS)
def test_hostile_text_in_every_field_reaches_readers_as_text(client, site_settings, vector) -> None:
    baseline = public_pages(client, make_article_with_every_field("Plain words"))
    set_site_settings(vector)
    hostile = public_pages(client, make_article_with_every_field(vector))
    for name, page in hostile.items():
        assert page_problems(page, baseline=baseline[name]) == [], name


def test_hostile_article_written_through_the_admin_reaches_readers_as_text(
    client, site_settings, editor
) -> None:
    client.force_login(editor)
    vector = "&lt;img src=x onerror=alert(1)&gt;<img src=x alt=x onerror=alert(1)>"
    pages = {}
    for text, slug in (("Plain words", "plain-words"), (vector, "hostile")):
        data = article_form(editor, slug=slug, title=text, summary=text, seo_title=text)
        data.update(
            {
                "body": text
                + '<details class="faq" open ontoggle="alert(1)"><summary>'
                + f"{text}</summary><p>{text}</p></details>"
                + "<iframe><p>a</p><img src=x onerror=alert(1)>",
                "meta_description": text,
            }
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
    # Both pages read once both exist: each then links the other at its end (previous/next).
    for slug in ("plain-words", "hostile"):
        pages[slug] = client.get(Article.objects.get(slug=slug).get_absolute_url())
    page = pages["hostile"].content.decode()
    assert page_problems(page, baseline=pages["plain-words"].content.decode()) == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the editor's text, shown as typed


def test_the_page_check_finds_markup_a_field_would_have_planted(client, site_settings) -> None:
    page = public_pages(client, make_article_with_every_field("Plain words"))["article"]
    planted = {
        "<img src=x onerror=alert(1)>": "event handler",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">': "http-equiv",
        '<a href=" java&#9;script:alert(1)">x</a>': "URL",
        "<form><input name=password></form>": "unexpected <form>",
        "<script>alert(1)</script>": "<script>",
    }
    for markup, problem in planted.items():
        for where in ('<div class="article__body" id="article-body">', "</footer>"):
            problems = page_problems(page.replace(where, where + markup), baseline=page)
            assert any(problem in found for found in problems), (markup, where, problems)
