"""Data migrations of the articles app."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import richtext
from articles.models import Article
from tests.articles.live_markup import live_markup, live_rendered_markup
from tests.conftest import migrate
from tests.factories import make_article, make_image

BEFORE_RERENDER = [("articles", "0011_upload_original_names")]

# Transactional: the migrations run for real; the serialized copy puts the data back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_bodies_stored_by_the_old_serializer_lose_their_live_markup() -> None:
    executor = migrate(BEFORE_RERENDER)
    old = executor.loader.project_state(BEFORE_RERENDER).apps
    author = old.get_model("auth", "User").objects.create(username="old-author")
    category = old.get_model("articles", "Category").objects.create(name="Water", slug="water")
    # What the old serializer stored for a body opening with entity-encoded markup.
    old.get_model("articles", "Article").objects.create(
        title="Old",
        slug="old",
        summary="Summary.",
        body="&lt;img src=x onerror=alert(1)&gt;<h2>Why</h2><p>Because.</p>",
        body_html='<img src=x onerror=alert(1)><h2 id="why">Why</h2><p>Because.</p>',
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        author=author,
        category=category,
    )

    migrate()

    article = Article.objects.get(slug="old")
    assert live_markup(article.body) == []
    assert live_rendered_markup(article.body_html) == []
    assert article.body_html == (
        '&lt;img src=x onerror=alert(1)&gt;<h2 id="why">Why</h2><p>Because.</p>'
    )


BEFORE_FAQ_BLOCKS = [("articles", "0030_published_by_id_index")]


def test_every_articles_faq_moves_to_the_end_of_its_body_as_faq_blocks(client) -> None:
    executor = migrate(BEFORE_FAQ_BLOCKS)
    old = executor.loader.project_state(BEFORE_FAQ_BLOCKS).apps
    picture = make_image(alt="A payslip")
    article = make_article(
        title="Payslips",
        body=f'<h2>Why</h2><p>Because.</p><figure><img src="{picture.url}" alt="A payslip">'
        "</figure><h2>How</h2><p>Like this.</p>",
    )
    untouched = make_article(title="No questions", body="<p>Nothing to ask.</p>")
    before = Article.objects.get(pk=article.pk)
    FAQItem = old.get_model("articles", "FAQItem")
    for question, answer, position in [
        ("Is it <taxed>?", "Yes.\r\nMostly.\n\nAsk HMRC & your employer.", 2),
        ("Who pays?", "Everyone.", 1),
    ]:
        FAQItem.objects.create(
            article_id=article.pk, question=question, answer=answer, position=position
        )

    migrate()

    moved = Article.objects.get(pk=article.pk)
    assert moved.body == before.body + (
        '<h2>Frequently asked questions</h2><details class="faq"><summary>Who pays?</summary>'
        '<p>Everyone.</p></details><details class="faq"><summary>Is it &lt;taxed&gt;?</summary>'
        "<p>Yes.<br>Mostly.</p><p>Ask HMRC &amp; your employer.</p></details>"
    )
    # What a save derives from the body, derived again: the page, its contents, reading time.
    assert moved.body_html.startswith(before.body_html)  # the library picture kept
    assert "<picture>" in moved.body_html
    assert richtext.faqs(moved.body_html) == [
        ("Who pays?", "Everyone."),
        ("Is it <taxed>?", "Yes. Mostly. Ask HMRC & your employer."),
    ]
    assert [heading["id"] for heading in moved.toc] == ["why", "how", "frequently-asked-questions"]
    assert moved.version == before.version + 1  # a form opened before cannot save over it
    assert moved.updated_at == before.updated_at
    assert Article.objects.get(pk=untouched.pk).body == "<p>Nothing to ask.</p>"
    page = client.get(moved.get_absolute_url()).content.decode()
    assert '<details class="faq"><summary>Who pays?</summary><p>Everyone.</p></details>' in page
    assert '"FAQPage"' in page
    assert "articles_faqitem" not in connection.introspection.table_names()
