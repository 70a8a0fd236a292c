"""The public lists page through articles without counting them: newer/older links, a number."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html

from articles import views
from articles.models import AuthorProfile
from byline.models import SiteSettings
from tests.factories import faq_block, make_article, make_category, make_related_link, make_tag

pytestmark = pytest.mark.django_db


def pagination(response) -> dict[str, str]:
    """The pagination bar as a reader sees it: its links by rel, and the page label."""
    nav = html.fromstring(response.content).xpath('//nav[@class="pagination"]')
    if not nav:
        return {}
    found = {a.get("rel"): a.get("href") for a in nav[0].xpath(".//a")}
    found["label"] = nav[0].xpath('string(.//*[@class="pagination__current"])')
    return found


def test_lists_show_the_page_number_and_links_without_a_total(client, site_settings) -> None:
    category = make_category(slug="science")
    now = timezone.now()
    for n in range(21):
        make_article(category=category, published_at=now - timedelta(hours=n))
    first = pagination(client.get("/category/science/"))
    assert first == {"next": "/category/science/?page=2", "label": "Page 1"}
    middle = pagination(client.get("/category/science/?page=2"))
    assert middle == {
        "prev": "/category/science/",
        "next": "/category/science/?page=3",
        "label": "Page 2",
    }
    last = client.get("/category/science/?page=3")
    assert pagination(last) == {"prev": "/category/science/?page=2", "label": "Page 3"}
    assert len(last.context["article_list"]) == 1


def test_a_full_last_page_offers_no_older_page(client, site_settings) -> None:
    for _ in range(20):
        make_article()
    assert "next" not in pagination(client.get("/?page=2"))
    assert client.get("/?page=3").status_code == 404


def test_a_list_with_one_page_has_no_pagination_and_an_empty_site_still_answers(
    client, site_settings
) -> None:
    assert client.get("/").status_code == 200
    make_article()
    assert pagination(client.get("/")) == {}


def test_a_list_stops_at_its_deepest_page_and_says_where_older_articles_are(
    client, site_settings, monkeypatch
) -> None:
    # Every page skips the pages before it in its index: the list stops at MAX_PAGE.
    monkeypatch.setattr(views, "MAX_PAGE", 2)
    for _ in range(25):
        make_article()
    deepest = client.get("/?page=2")
    assert pagination(deepest) == {"prev": "/", "label": "Page 2"}
    assert "search</a> finds older articles" in deepest.content.decode()
    assert "finds older articles" not in client.get("/").content.decode()
    assert client.get("/?page=3").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_a_page_that_is_not_a_positive_number_is_not_found(client, site_settings, page) -> None:
    make_article()
    assert client.get(f"/?page={page}").status_code == 404


# "²" is a digit to str.isdigit(), and int() refuses it.
@pytest.mark.parametrize("path", ["/?page=%C2%B2", "/search/?q=water&page=%C2%B2"])
def test_a_page_number_that_is_no_number_is_a_404_not_an_error(client, path) -> None:
    make_article(title="Water at home")
    assert client.get(path).status_code == 404


def test_a_comment_page_that_is_no_number_shows_the_first(client) -> None:
    article = make_article()
    assert client.get(f"{article.get_absolute_url()}?cpage=%C2%B2").status_code == 200


# --- An article's tags kept between requests (views.with_parts) -----------------------------

#: Changes committed as in production (kept values are only kept outside a transaction); the
#: database's first rows restored after, as the migration tests expect.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def kept(page_cache: None, settings) -> None:
    """Pages rendered every time (the page cache off), the article's parts kept."""
    settings.PAGE_CACHE = False


def body_and_footer(client, article) -> str:
    content = client.get(article.get_absolute_url()).content.decode()
    return content[content.index('id="article-body"') : content.index("</article>")]


@committed
@pytest.mark.usefixtures("kept")
def test_a_worker_reads_a_live_articles_tags_once(client) -> None:
    article = make_article(tags=[make_tag(name="Soil")], body=faq_block("Why?", "Because."))

    def part_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        return sum(1 for query in queries if '"articles_tag"' in query["sql"])

    assert part_queries() == 1
    assert part_queries() == 0
    html = body_and_footer(client, article)
    assert "Soil" in html and '<details class="faq"><summary>Why?</summary>' in html


@committed
@pytest.mark.usefixtures("kept")
def test_kept_tags_and_faq_follow_every_change(client) -> None:
    soil, roots = make_tag(name="Soil"), make_tag(name="Roots")
    article = make_article(tags=[soil], body=faq_block("Why water?"))
    html = body_and_footer(client, article)
    assert "Soil" in html and "Roots" not in html and "Why water?" in html
    article.tags.add(roots)
    assert "Roots" in body_and_footer(client, article)
    roots.name = "Deep roots"
    roots.save()
    assert "Deep roots" in body_and_footer(client, article)
    article.tags.remove(soil)
    assert "Soil" not in body_and_footer(client, article)
    article.body = faq_block("Why water at dawn?") + faq_block("How much?")
    article.save()
    html = body_and_footer(client, article)
    assert "Why water at dawn?" in html and "How much?" in html and "Why water?" not in html


@committed
def test_an_editor_sees_a_drafts_changed_tags_at_once(client, editor) -> None:
    """A draft's edits purge nothing: its parts are never kept."""
    article = make_article(status="draft", published_at=None, tags=[make_tag(name="Soil")])
    client.force_login(editor)
    assert "Soil" in body_and_footer(client, article)
    article.tags.set([make_tag(name="Clay")])
    html = body_and_footer(client, article)
    assert "Clay" in html and "Soil" not in html


def head(client, article, **extra) -> str:
    content = client.get(article.get_absolute_url(), **extra).content.decode()
    return content[: content.index("</head>")]


@committed
@pytest.mark.usefixtures("kept")
def test_a_live_articles_kept_metadata_follows_every_change(client) -> None:
    article = make_article(title="First title")
    assert "<title>First title" in head(client, article)
    article.title = "Second title"
    article.save()
    assert "<title>Second title" in head(client, article)
    article.tags.add(make_tag(name="Compost"))
    assert '<meta property="article:tag" content="Compost">' in head(client, article)
    article.body = faq_block("Is it kept?")
    article.save()
    assert '"FAQPage"' in head(client, article) and "Is it kept?" in head(client, article)
    site = SiteSettings.load()
    site.site_name = "Evening Paper"
    site.save()
    assert '<meta property="og:site_name" content="Evening Paper">' in head(client, article)
    # Its addresses are absolute: each host the site answers on has its own.
    assert 'href="http://testserver/articles/' in head(client, article)
    other_host = head(client, article, headers={"host": "localhost"})
    assert 'href="http://localhost/articles/' in other_host


def article_piece(client, article) -> str:
    """The part of the page every reader sees the same: from the article to previous/next."""
    content = client.get(article.get_absolute_url()).content.decode()
    return content[content.index('<article class="article">') : content.index("</main>")]


@committed
@pytest.mark.usefixtures("kept")
def test_a_live_articles_shared_piece_is_rendered_once_per_worker(client) -> None:
    category = make_category()
    older = make_article(category=category, published_at=timezone.now() - timedelta(days=2))
    article = make_article(category=category)

    def neighbour_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        assert older.title in response.content.decode()
        return sum(1 for query in queries if "UNION ALL" in query["sql"])

    assert neighbour_queries() == 1
    assert neighbour_queries() == 0


@committed
@pytest.mark.usefixtures("kept")
def test_a_live_articles_shared_piece_follows_every_change(client) -> None:
    category = make_category(name="Gardens")
    older = make_article(
        category=category, title="Older one", published_at=timezone.now() - timedelta(days=2)
    )
    article = make_article(category=category, title="The article")
    assert "Older one" in article_piece(client, article)  # previous and more in the category
    article.title = "The article, retitled"
    article.save()
    assert "The article, retitled" in article_piece(client, article)
    older.title = "Older one, retitled"
    older.save()
    assert "Older one, retitled" in article_piece(client, article)
    category.name = "Kitchen gardens"
    category.save()
    assert "Kitchen gardens" in article_piece(client, article)
    AuthorProfile.objects.create(user=article.author, bio="Grows beans.")
    assert "Grows beans." in article_piece(client, article)
    make_related_link(source=article, target=make_article(title="Linked one"))
    assert "Linked one" in article_piece(client, article)
    newer = make_article(
        category=category, title="Next one", published_at=timezone.now() - timedelta(minutes=5)
    )
    piece = article_piece(client, article)
    assert 'rel="next"' in piece and "Next one" in piece
    newer.status = "draft"
    newer.save()
    assert "Next one" not in article_piece(client, article)
