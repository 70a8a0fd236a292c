import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from lxml import html as lxml_html

from articles import richtext
from articles.models import Article, Category, Tag

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "articles": sorted(Article.objects.values_list("slug", "updated_at", "body_html")),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
    }


def test_demo_loads_a_complete_site_and_loading_twice_changes_nothing(client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()

    articles = Article.objects.all()
    assert articles.published().count() >= 8
    assert articles.filter(status=Article.Status.DRAFT).count() == 1
    assert articles.filter(status=Article.Status.SCHEDULED).exclude(pk__in=articles.published())
    assert 2 <= first["categories"] <= 3
    assert articles.exclude(featured_image=None).count() >= 3
    for article in articles:
        assert article.author.username == "editor"
        assert article.body_html.count("<p>") >= 5
        assert 4 <= article.body_html.count("<h2") <= 8  # with the FAQ's heading
        assert 'class="pull-quote"' in article.body_html
        assert article.body_html.count('<details class="faq"><summary>') >= 2
        assert article.tags.exists()

    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first

    featured = articles.published().filter(is_featured=True).first()
    assert featured.title in client.get("/").content.decode()


def test_demo_prints_the_admin_address_of_the_port_the_site_runs_on(db) -> None:
    out = io.StringIO()
    call_command("load_demo", "--base-url", "http://127.0.0.1:8300", stdout=out)
    assert "Demo logins for http://127.0.0.1:8300/admin/" in out.getvalue()


def test_every_published_demo_article_carries_its_faq_blocks_as_faq_page(client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    for article in Article.objects.published():
        tree = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
        blocks = [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]
        faq = next(block for block in blocks if block["@type"] == "FAQPage")
        questions = [q["name"] for q in faq["mainEntity"]]
        assert questions == [question for question, _answer in richtext.faqs(article.body_html)]
        assert len(questions) >= 2
        posting = next(block for block in blocks if block["@type"] == "BlogPosting")
        assert posting["image"]["url"].startswith("http://testserver/")


def test_demo_prints_an_administrator_who_can_manage_users(client) -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "Administrator  admin / byline-demo" in printed
    assert "Editor         editor / byline-demo" in printed
    response = client.post(
        "/admin/login/?next=/admin/auth/user/",
        {"username": "admin", "password": "byline-demo", "next": "/admin/auth/user/"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Select user to change" in response.content.decode()
    call_command("load_demo", stdout=io.StringIO())  # loading again: still one administrator
    assert User.objects.filter(is_superuser=True).count() == 1


def test_the_demo_editor_has_a_bio_and_a_portrait_shown_on_their_articles(client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.published().first()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "About Eleanor Editor" in html
    assert "consumer desk" in html
    assert 'class="author-picture"' in html
