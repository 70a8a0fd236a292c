"""The page cache as readers meet it: what is served from it, what never is, and its headers."""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from articles import publishing
from articles.models import Article
from byline import pagecache
from byline.models import HeaderCategory, SiteSettings
from comments.models import DiscussionSettings
from tests.factories import make_article, make_category, make_related_link

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def served(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"]


def form_secrets(page: HttpResponse) -> list[str]:
    """The comment form's CSRF token and signed issue time, as a response holds them."""
    return re.findall(
        r'name="(?:csrfmiddlewaretoken|token)" value="([^"]+)"', page.content.decode()
    )


def test_a_readers_second_visit_comes_from_the_cache(client: Client) -> None:
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/feed/", "/sitemap.xml"]:
        assert served(client, url) == "miss"
        assert served(client, url) == "hit"


def test_each_response_of_a_cached_page_has_its_own_csrf_token_and_form_time(
    client: Client,
) -> None:
    article = make_article()
    pages = [client.get(article.get_absolute_url()) for _ in range(2)]
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit"]
    secrets = [form_secrets(page) for page in pages]
    assert all(len(found) == 2 for found in secrets)
    assert secrets[0][0] != secrets[1][0]  # CSRF tokens masked afresh
    assert secrets[0][1] != secrets[1][1]  # each load's own issue time
    assert "pcslot" not in pages[1].content.decode()
    # Filled for this reader: no shared cache may keep it.
    assert pages[1]["Cache-Control"] == "private, no-cache"
    assert "Cookie" in pages[1]["Vary"]


def test_a_comment_posted_from_a_cached_page_is_received(site_settings) -> None:
    from comments.models import Comment, DiscussionSettings

    rules = DiscussionSettings.load()
    rules.min_seconds = 0
    rules.save()
    article = make_article()
    make_article()  # somebody else warmed the cache first
    Client().get(article.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    fields = dict(
        re.findall(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"', page.content.decode())
    )
    response = reader.post(
        f"/comments/post/{article.pk}/",
        {
            **fields,
            "text": "Posted from a cached page.",
            "author_name": "Rosa Reader",
            "author_email": "rosa@example.org",
            "author_url": "",
            "homepage": "",
            "parent": "",
        },
    )
    assert response.status_code == 303
    assert Comment.objects.get().text == "Posted from a cached page."
    # Their browser now remembers their pending comment: they see their own page.
    mine = reader.get(article.get_absolute_url())
    assert "X-Page-Cache" not in mine
    assert "Posted from a cached page." in mine.content.decode()


def test_a_remembered_reader_and_an_editor_see_their_own_page(
    client: Client, editor_client: Client
) -> None:
    from django.http import HttpResponse

    from comments import session

    article = make_article()
    client.get(article.get_absolute_url())
    remembered = HttpResponse()
    session.remember_author(remembered, name="Rosa Reader", email="rosa@example.org", url="")
    reader = Client()
    reader.cookies.update(remembered.cookies)
    page = reader.get(article.get_absolute_url())
    assert "X-Page-Cache" not in page
    assert 'value="Rosa Reader"' in page.content.decode()
    assert "X-Page-Cache" not in editor_client.get(article.get_absolute_url())


def test_a_conditional_get_of_an_unchanged_page_is_answered_304(client: Client) -> None:
    make_article()
    first = client.get("/")
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300, must-revalidate"
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    make_article(title="Breaking")
    changed = client.get("/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Breaking" in changed.content.decode()


def test_each_address_with_its_query_string_is_cached_on_its_own(client: Client) -> None:
    for _ in range(11):
        make_article()
    assert served(client, "/?page=2") == "miss"
    assert served(client, "/") == "miss"
    assert served(client, "/?page=2") == "hit"
    assert client.get("/?page=2").content != client.get("/").content


def test_search_and_posts_never_come_from_the_cache(client: Client) -> None:
    make_article()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/search/?q=article")


def test_purge_pages_renders_one_address_or_everything_again(client: Client) -> None:
    from django.core.management import call_command

    article = make_article()
    for url in ["/", article.get_absolute_url()]:
        served(client, url)
    call_command("purge_pages", article.get_absolute_url())
    assert served(client, article.get_absolute_url()) == "miss"
    assert served(client, "/") == "hit"
    call_command("purge_pages", "--all")
    assert served(client, "/") == "miss"
    assert served(client, article.get_absolute_url()) == "miss"


# --- Site-wide values each worker keeps (pagecache.kept): fresh after every change -------------


@pytest.fixture
def rendering(page_cache: None, settings) -> None:
    """Pages rendered every time (the page cache off)."""
    settings.PAGE_CACHE = False


#: Changes committed as in production (the values a worker keeps are only kept outside a
#: transaction); the database's first rows restored after, as the migration tests expect.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def header(client: Client) -> str:
    content = client.get("/").content.decode()
    return content[content.index("<header") : content.index("</header>")]


@committed
@pytest.mark.usefixtures("rendering")
def test_a_worker_reads_the_settings_and_header_once_not_on_every_page(
    client: Client, django_assert_num_queries
) -> None:
    make_article()
    client.get("/")
    with django_assert_num_queries(1):  # the list alone (with the settings and header: 3)
        client.get("/")


@committed
@pytest.mark.usefixtures("rendering")
def test_a_site_settings_change_shows_on_the_next_page(client: Client) -> None:
    make_article()
    assert "Evening Paper" not in client.get("/").content.decode()
    settings_row = SiteSettings.load()
    settings_row.site_name = "Evening Paper"
    settings_row.save()
    assert "Evening Paper" in client.get("/").content.decode()


@committed
@pytest.mark.usefixtures("rendering")
def test_the_header_gains_a_category_with_its_first_article_and_loses_it_with_its_last(
    client: Client,
) -> None:
    make_article()
    gardening = make_category(name="Gardening")
    assert "Gardening" not in header(client)
    article = make_article(category=gardening)
    assert "Gardening" in header(client)
    publishing.unpublish(article)
    assert "Gardening" not in header(client)


@committed
@pytest.mark.usefixtures("rendering")
def test_the_header_follows_the_editors_choice_and_renamed_categories(client: Client) -> None:
    first, second = make_category(name="Alpha"), make_category(name="Beta")
    make_article(category=first)
    make_article(category=second)
    assert "Alpha" in header(client)
    HeaderCategory.objects.create(settings=SiteSettings.load(), category=second)
    assert "Alpha" not in header(client) and "Beta" in header(client)
    second.name = "Gamma"
    second.save()
    assert "Gamma" in header(client)


@committed
@pytest.mark.usefixtures("rendering")
def test_the_header_gains_a_category_when_a_scheduled_article_goes_live(client: Client) -> None:
    make_article()
    orchard = make_category(name="Orchard")
    make_article(
        category=orchard,
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=2),
    )
    assert "Orchard" not in header(client)
    time.sleep(2.1)
    assert "Orchard" in header(client)  # no write happened: the next request noticed


@committed
@pytest.mark.usefixtures("rendering")
def test_a_discussion_settings_change_shows_on_the_next_article_page(client: Client) -> None:
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    assert 'id="commentform"' in client.get(article.get_absolute_url()).content.decode()
    rules = DiscussionSettings.load()
    rules.close_after_days = 5
    rules.save()
    assert "Comments are closed" in client.get(article.get_absolute_url()).content.decode()


@committed
@pytest.mark.usefixtures("rendering")
def test_inside_a_transaction_the_writer_reads_its_own_change_and_nothing_is_kept() -> None:
    assert SiteSettings.current().site_name == "Byline"
    with transaction.atomic():
        row = SiteSettings.load()
        row.site_name = "Draft name"
        row.save()
        assert SiteSettings.current().site_name == "Draft name"
        transaction.set_rollback(True)
    assert SiteSettings.current().site_name == "Byline"


# --- Pieces of pages each worker keeps (pagecache.fragment) ------------------------------------


@committed
def test_a_page_cached_from_kept_pieces_still_follows_what_they_show(client: Client) -> None:
    """A page stored while its body and related reading came from the worker's memory depends
    on what they show, as if it had rendered them."""
    target = make_article(
        title="The linked one",
        summary="First summary.",
        published_at=timezone.now() - timedelta(days=2),
    )
    make_article(published_at=timezone.now() - timedelta(days=1))  # not its neighbour
    source = make_article()
    make_related_link(source=source, target=target)
    assert served(client, source.get_absolute_url()) == "miss"  # the pieces are kept
    caches[pagecache.PAGES].clear()  # the page alone is lost (culled)...
    assert served(client, source.get_absolute_url()) == "miss"  # ...stored from kept pieces
    assert served(client, source.get_absolute_url()) == "hit"
    target.summary = "Second summary."
    target.save()
    assert served(client, source.get_absolute_url()) == "miss"
    assert "Second summary." in client.get(source.get_absolute_url()).content.decode()


@committed
@pytest.mark.usefixtures("rendering")
def test_a_kept_piece_is_not_kept_when_what_it_shows_changes_while_it_is_built() -> None:
    calls = []

    def build() -> str:
        calls.append(1)
        pagecache.depends_on("page:1")
        if len(calls) == 1:
            pagecache.purge(["page:1"])  # a change committed meanwhile
        return f"version {len(calls)}"

    assert pagecache.fragment("piece", [], build) == "version 1"
    assert pagecache.fragment("piece", [], build) == "version 2"  # built again
    assert pagecache.fragment("piece", [], build) == "version 2"  # kept
    pagecache.purge(["page:1"])
    assert pagecache.fragment("piece", [], build) == "version 3"
    with transaction.atomic():
        assert pagecache.fragment("piece", [], build) == "version 4"  # a writer's: not kept
    assert pagecache.fragment("piece", [], build) == "version 3"


@committed
@pytest.mark.usefixtures("rendering")
def test_a_kept_piece_built_from_rows_read_before_a_change_is_not_kept(rf) -> None:
    """A request reads its rows, a change commits and purges, then the piece is built from
    the rows read before: it is served to that request but not kept for the next ones."""
    calls = []

    def build() -> str:
        calls.append(1)
        pagecache.depends_on("page:1")
        return f"version {len(calls)}"

    def view(request) -> HttpResponse:
        pagecache.purge(["page:1"])  # committed after this request read what it shows
        return HttpResponse(pagecache.fragment("piece", [], build))

    assert pagecache.PageCacheMiddleware(view)(rf.get("/")).content == b"version 1"
    assert pagecache.fragment("piece", [], build) == "version 2"  # built again, from new rows
    assert pagecache.fragment("piece", [], build) == "version 2"  # and kept


@committed
@pytest.mark.usefixtures("rendering")
def test_a_kept_piece_lives_no_longer_than_a_cached_page(monkeypatch) -> None:
    monkeypatch.setattr(pagecache, "PAGE_TIMEOUT", 1)
    built = iter(["first", "second"])
    assert pagecache.fragment("piece", [], lambda: next(built)) == "first"
    assert pagecache.fragment("piece", [], lambda: next(built)) == "first"
    time.sleep(1.1)
    assert pagecache.fragment("piece", [], lambda: next(built)) == "second"


@committed
def test_a_page_cached_with_a_kept_comment_form_fills_each_readers_secrets(
    client: Client,
) -> None:
    article = make_article()
    served(client, article.get_absolute_url())  # the empty form kept, with its slots
    caches[pagecache.PAGES].clear()
    pages = [client.get(article.get_absolute_url()) for _ in range(2)]
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit"]
    secrets = [form_secrets(page) for page in pages]
    assert all(len(found) == 2 for found in secrets)
    assert secrets[0] != secrets[1]
    assert "pcslot" not in pages[0].content.decode() + pages[1].content.decode()
