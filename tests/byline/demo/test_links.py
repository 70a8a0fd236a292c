"""The done-when scenario of related links, on the demo site as a new user gets it."""

from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import html as lxml_html

from articles import publishing
from articles.links import index, rendering, suggestions
from articles.links.models import ArticleLink, RelatedLink
from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> list[Article]:
    call_command("load_demo", stdout=StringIO())
    published = list(Article.objects.published())
    assert len(published) >= 5, "the demo should have articles to link"
    return published


def test_every_published_demo_article_has_inline_and_end_links(client, demo) -> None:
    for article in demo:
        page = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
        assert page.xpath(".//aside[@class='related-inline']//a"), article.slug
        assert page.xpath(".//section[@class='related-reading']//li//a"), article.slug


def test_loading_the_demo_again_changes_no_link(demo) -> None:
    before = sorted(RelatedLink.objects.values_list("source", "target", "placement"))
    index = ArticleLink.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert sorted(RelatedLink.objects.values_list("source", "target", "placement")) == before
    assert ArticleLink.objects.count() == index


def internal(path: str, href: str) -> str | None:
    """The site-relative address of ``href`` if it is one of our public pages, else None."""
    parts = urlsplit(urljoin(path, href))
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
        return None  # mailto:, tel:, other sites
    if parts.path.startswith(("/admin/", "/media/", "/static/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_crawl_from_home_finds_no_broken_internal_link(client, demo) -> None:
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code not in {404, 500}, f"{path} answered {response.status_code}"
        if response.status_code in {301, 302, 303, 307, 308}:
            hrefs = [response["Location"]]
        elif "html" in response.get("Content-Type", ""):
            hrefs = lxml_html.fromstring(response.content).xpath("//a/@href")
        else:
            continue
        queue.extend(url for href in hrefs if (url := internal(path, href)) not in seen and url)
    assert {article.get_absolute_url() for article in demo} <= seen


def test_renamed_demo_article_keeps_every_old_url(client, demo) -> None:
    article = next(a for a in demo if a.incoming_related_links.exists())
    old_url = article.get_absolute_url()
    article.slug = f"{article.slug}-renamed"
    article.save()
    article.slug = f"{article.slug}-again"
    article.save()
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
    source = article.incoming_related_links.first().source
    assert article.get_absolute_url() in client.get(source.get_absolute_url()).content.decode()


def test_unpublished_target_vanishes_for_readers_and_shows_in_link_health(
    client, admin_client, demo
) -> None:
    link = RelatedLink.objects.filter(source__in=demo).select_related("source", "target").first()
    publishing.unpublish(link.target)
    assert (
        link.target.get_absolute_url()
        not in client.get(link.source.get_absolute_url()).content.decode()
    )
    health = admin_client.get(reverse("admin:articles_article_link_health"))
    (unpublished,) = [s for s in health.context["sections"] if s.key == "unpublished"]
    assert link.target in [row.target for row in unpublished.rows]


def test_demo_suggestions_are_sensible_and_one_click_adds_one(admin_client, demo) -> None:

    # An editor removes a same-category link from a demo article: it comes back as the top
    # suggestion, with its reason, and one click restores it.
    link = next(
        link
        for link in RelatedLink.objects.filter(source__in=demo).select_related("source", "target")
        if link.source.category_id == link.target.category_id
    )
    article, target = link.source, link.target
    link.delete()
    index.index_links(article)
    best = suggestions.suggest_links_from(article)[0]
    assert best.article == target
    assert best.reason.startswith(f"same category ({article.category})")
    admin_client.post(reverse("admin:articles_article_add_related", args=[article.pk, target.pk]))
    assert RelatedLink.objects.filter(source=article, target=target).exists()
    assert target in [
        link.target for link in rendering.end_links(Article.objects.get(pk=article.pk))
    ]


def test_demo_inline_links_read_as_written_and_stay_on_topic(client, demo) -> None:
    inline = RelatedLink.objects.filter(placement=RelatedLink.Placement.INLINE).select_related(
        "source", "target"
    )
    assert inline.count() == len(demo)
    for link in inline:
        mangled = link.target.title.rstrip("?.!")
        mangled = mangled[:1].lower() + mangled[1:]
        assert link.text != mangled or link.text == link.target.title, link.source.slug
    fever = Article.objects.get(slug="what-a-fever-does")
    page = lxml_html.fromstring(client.get(fever.get_absolute_url()).content)
    assert page.xpath("string(.//aside[@class='related-inline']//a)").strip() == (
        "how much sleep debt you can repay"
    )
    food = inline.get(source__slug="how-to-read-a-food-label")
    assert food.target.slug != "sleep-debt-weekend-catch-up"
