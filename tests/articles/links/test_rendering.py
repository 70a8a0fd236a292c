import time
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from articles import publishing
from articles.links import index, rendering
from articles.models import Article
from tests.factories import make_article, make_related_link

pytestmark = pytest.mark.django_db

BODY = "<p>One.</p><h2>Part</h2><p>Two.</p><blockquote><p>Quoted.</p></blockquote><p>Three.</p>"


def page(client, article: Article) -> lxml_html.HtmlElement:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


# --- Rendering for readers ---------------------------------------------------------------------


def test_inline_link_is_an_aside_right_after_its_paragraph(client) -> None:
    source = make_article(body=BODY)
    target = make_article(title="What does a community health worker do?")
    make_related_link(
        source=source,
        target=target,
        placement="inline",
        after_paragraph=2,
        anchor_text="what does a community health worker do",
    )
    body = page(client, source).xpath(".//div[contains(@class, 'article__body')]")[0]
    blocks = [child.tag for child in body]
    aside = body.xpath(".//aside[contains(@class, 'related-inline')]")[0]
    assert blocks.index("aside") == [i for i, t in enumerate(blocks) if t == "p"][1] + 1
    assert aside.get("aria-label") == "Related article"
    link = aside.xpath(".//a")[0]
    assert link.text == "what does a community health worker do"
    assert link.get("href") == target.get_absolute_url()


def test_end_list_shows_title_summary_and_defaults_anchor_to_title(client) -> None:
    source = make_article()
    target = make_article(title="Saving on a low income", summary="Small steps that add up.")
    make_related_link(source=source, target=target)
    section = page(client, source).xpath(".//section[contains(@class, 'related-reading')]")[0]
    assert "We also recommend exploring related articles, such as:" in section.text_content()
    assert section.xpath(".//a")[0].text == "Saving on a low income"
    assert "Small steps that add up." in section.text_content()


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {
            "status": Article.Status.SCHEDULED,
            "published_at": timezone.now() + timedelta(days=1),
        },
    ],
    ids=["draft", "scheduled"],
)
def test_links_to_targets_readers_cannot_see_stay_hidden(client, hidden: dict) -> None:
    source = make_article(body=BODY)
    target = make_article(**hidden)
    make_related_link(source=source, target=target, placement="inline", after_paragraph=1)
    make_related_link(source=make_article(), target=target)
    html = page(client, source)
    assert not html.xpath(".//aside[contains(@class, 'related-inline')]")
    assert target.get_absolute_url() not in lxml_html.tostring(html, encoding="unicode")


def test_link_reappears_when_its_target_is_published_again(client) -> None:
    source, target = make_article(), make_article()
    make_related_link(source=source, target=target)
    target.status = Article.Status.DRAFT
    target.save()
    assert not page(client, source).xpath(".//section[contains(@class, 'related-reading')]")
    target.status = Article.Status.PUBLISHED
    target.save()
    assert page(client, source).xpath(".//section[contains(@class, 'related-reading')]//a")


def test_inline_link_whose_paragraph_was_removed_follows_the_last_paragraph() -> None:
    source, target = make_article(body=BODY), make_article()
    make_related_link(source=source, target=target, placement="inline", after_paragraph=3)
    source.body = "<p>Shorter now.</p><ul><li><p>item</p></li></ul>"
    source.save()
    rendered = str(rendering.body_with_inline_links(Article.objects.get(pk=source.pk)))
    assert rendered.index("Shorter now.</p>") < rendered.index("<aside")
    assert rendered.index("<aside") < rendered.index("<ul>")


def make_linked_article(count: int) -> Article:
    source = make_article(body="<p>1</p><p>2</p><p>3</p>")
    for n in range(count):
        placement = {"placement": "inline", "after_paragraph": 1 + n % 3} if n % 2 else {}
        make_related_link(source=source, target=make_article(), position=n, **placement)
    return source


@pytest.mark.parametrize("count", [1, 8])
def test_rendering_related_links_costs_two_queries_whatever_their_number(
    count: int, django_assert_num_queries
) -> None:
    article = Article.objects.get(pk=make_linked_article(count).pk)
    template = Template(
        "{% load related_links %}{% body_with_related_links a %}{% related_reading a %}"
    )
    with django_assert_num_queries(2):  # curated links; dead links in the body
        output = template.render(Context({"a": article}))
    assert output.count("<a href") == count


def test_article_page_query_count_does_not_grow_with_links(
    client, django_assert_num_queries
) -> None:
    few, many = make_linked_article(1), make_linked_article(10)
    client.get(few.get_absolute_url())  # warm per-process caches such as the site settings
    with CaptureQueriesContext(connection) as with_one_link:
        assert client.get(few.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(with_one_link.captured_queries)):
        response = client.get(many.get_absolute_url())
    html = lxml_html.fromstring(response.content)
    shown = ".//aside[@class='related-inline'] | .//li[@class='related-card']"
    assert len(html.xpath(shown)) == 10


def test_body_links_to_articles_readers_cannot_open_become_plain_text(client) -> None:
    draft = make_article(slug="coming-soon", status=Article.Status.DRAFT, published_at=None)
    make_article(slug="live")
    source = make_article(
        body=(
            '<p>See <a href="/articles/coming-soon/">what comes next</a>, '
            '<a href="/articles/live/">what is live</a> and '
            '<a href="/articles/never-existed/">a typo</a>.</p>'
        )
    )
    index.index_links(source)
    body = page(client, source).xpath(".//div[contains(@class, 'article__body')]")[0]
    assert [a.get("href") for a in body.xpath(".//a")] == ["/articles/live/"]
    assert "what comes next" in body.text_content() and "a typo" in body.text_content()
    publishing.publish(draft)
    body = page(client, source).xpath(".//div[contains(@class, 'article__body')]")[0]
    assert "/articles/coming-soon/" in [a.get("href") for a in body.xpath(".//a")]


# --- Links chosen by title (data-article): resolved when the page is shown ----------------------


def rename(article: Article, slug: str) -> None:
    article.slug = slug
    with TestCase.captureOnCommitCallbacks(execute=True):
        article.save()


def body_links(client, article: Article) -> list[str]:
    body = page(client, article).xpath(".//div[contains(@class, 'article__body')]")[0]
    return [a.get("href") for a in body.xpath(".//a")]


def test_renaming_the_linked_article_keeps_the_body_link_working_without_a_redirect_hop(
    client,
) -> None:
    target = make_article(slug="old-name")
    source = make_article(
        body=f'<p>See <a href="/articles/old-name/" data-article="{target.pk}">this</a>.</p>'
    )
    rename(target, "new-name")

    assert body_links(client, source) == ["/articles/new-name/"]
    assert client.get("/articles/new-name/").status_code == 200  # straight there: no 301


def test_a_link_to_a_draft_follows_its_renames_until_it_is_published(client) -> None:
    # Drafts leave no old address behind, so only the article's id can find it again.
    draft = make_article(slug="working-title", status=Article.Status.DRAFT, published_at=None)
    source = make_article(
        body=f'<p>Soon: <a href="/articles/working-title/" data-article="{draft.pk}">this</a>.</p>'
    )
    assert body_links(client, source) == []  # plain text while the draft is not public
    rename(draft, "final-title")
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.publish(draft)
    assert body_links(client, source) == ["/articles/final-title/"]


def test_unpublishing_the_linked_article_turns_the_link_into_plain_text(client) -> None:
    target = make_article(slug="target")
    source = make_article(
        body=f'<p>See <a href="/articles/target/" data-article="{target.pk}">the target</a>.</p>'
    )
    assert body_links(client, source) == ["/articles/target/"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.unpublish(target)
    body = page(client, source).xpath(".//div[contains(@class, 'article__body')]")[0]
    assert body.xpath(".//a") == []
    assert "See the target." in body.text_content()


def test_a_typed_link_to_an_old_address_also_skips_the_redirect(client) -> None:
    target = make_article(slug="before")
    source = make_article(body='<p>See <a href="/articles/before/#faq">this</a>.</p>')
    rename(target, "after")
    assert body_links(client, source) == ["/articles/after/#faq"]


# --- Kept between requests (pagecache.fragment): fresh after every change --------------------

#: Changes committed as in production (fragments are only kept outside a transaction); the
#: database's first rows restored after, as the migration tests expect.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def kept(page_cache: None, settings) -> None:
    """Pages rendered every time (the page cache off), the body and related reading kept."""
    settings.PAGE_CACHE = False


def body_and_related(client, article: Article) -> str:
    content = client.get(article.get_absolute_url()).content.decode()
    return content[content.index('id="article-body"') : content.index('class="article__footer"')]


@committed
@pytest.mark.usefixtures("kept")
def test_a_worker_builds_an_articles_body_and_related_reading_once(client) -> None:
    source = make_linked_article(2)

    def link_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(source.get_absolute_url())
        tables = ('"articles_relatedlink"', '"articles_articlelink"')
        return sum(1 for query in queries if any(table in query["sql"] for table in tables))

    assert link_queries() == 2  # the curated links and the body's links...
    assert link_queries() == 0  # ...read once, then kept
    assert body_and_related(client, source).count("<a href") == 2


@committed
@pytest.mark.usefixtures("kept")
def test_the_kept_body_follows_edits_and_the_states_of_the_articles_it_links_to(client) -> None:
    target = make_article(slug="target")
    source = make_article(body=f'<p>See <a href="{target.get_absolute_url()}">this</a>.</p>')
    assert 'href="/articles/target/"' in body_and_related(client, source)
    target.slug = "moved"
    target.save()
    assert 'href="/articles/moved/"' in body_and_related(client, source)
    publishing.unpublish(target)
    html = body_and_related(client, source)
    assert "See this." in html and "/articles/moved/" not in html
    publishing.publish(target)
    assert 'href="/articles/moved/"' in body_and_related(client, source)
    source.body = "<p>Rewritten.</p>"
    source.save()
    assert "Rewritten." in body_and_related(client, source)


@committed
@pytest.mark.usefixtures("kept")
def test_kept_related_links_follow_their_edits_and_their_targets(client) -> None:
    source = make_article(body="<p>1</p><p>2</p>")
    inline_target, end_target = make_article(title="Inline one"), make_article(title="End one")
    inline = make_related_link(
        source=source, target=inline_target, placement="inline", after_paragraph=1
    )
    make_related_link(source=source, target=end_target)
    html = body_and_related(client, source)
    assert "Inline one" in html and "End one" in html
    inline.anchor_text = "Read this next"
    inline.save()
    assert "Read this next" in body_and_related(client, source)
    end_target.summary = "A fresher summary."
    end_target.save()
    assert "A fresher summary." in body_and_related(client, source)
    end_target.slug = "end-renamed"
    end_target.save()
    assert 'href="/articles/end-renamed/"' in body_and_related(client, source)
    publishing.unpublish(inline_target)
    assert "Read this next" not in body_and_related(client, source)
    inline.delete()
    publishing.unpublish(end_target)
    html = body_and_related(client, source)
    assert "End one" not in html and "Related reading" not in html


@committed
@pytest.mark.usefixtures("kept")
def test_a_kept_related_link_appears_when_its_scheduled_target_goes_live(client) -> None:
    source = make_article()
    target = make_article(
        title="Coming soon",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=2),
    )
    make_related_link(source=source, target=target)
    assert "Coming soon" not in body_and_related(client, source)
    time.sleep(2.1)
    assert "Coming soon" in body_and_related(client, source)  # no write: the next request saw
