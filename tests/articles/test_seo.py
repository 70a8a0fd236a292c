"""The page head: titles, descriptions, canonical URLs, social cards and structured data."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html
from PIL import Image

from articles import publishing
from articles.models import AuthorProfile
from tests.factories import faq_block, make_article, make_category, make_tag, make_user

pytestmark = pytest.mark.django_db


def head(response) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(response.content).find("head")


def meta(tree, key: str) -> str | None:
    found = tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
    return found[0] if found else None


def json_ld(tree) -> dict[str, dict]:
    blocks = [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]
    return {block["@type"]: block for block in blocks}


@pytest.fixture
def article(site_settings):
    author = make_user(username="ada", first_name="Ada", last_name="Lovelace")
    return make_article(
        title="Why the sky is blue",
        slug="why-the-sky-is-blue",
        summary="Short wavelengths scatter more.",
        author=author,
        category=make_category(name="Science", slug="science"),
        tags=[make_tag(name="light", slug="light")],
    )


def test_article_head_has_title_description_canonical_and_social_cards(client, article) -> None:
    tree = head(client.get(article.get_absolute_url()))
    assert tree.findtext("title") == "Why the sky is blue – Test Byline"
    assert meta(tree, "description") == "Short wavelengths scatter more."
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    assert canonical == ["http://testserver/articles/why-the-sky-is-blue/"]
    assert meta(tree, "og:type") == "article"
    assert meta(tree, "og:title") == "Why the sky is blue"
    assert meta(tree, "og:url") == canonical[0]
    assert meta(tree, "og:image").startswith("http://testserver/static/img/logo")
    assert (meta(tree, "og:image:width"), meta(tree, "og:image:height")) == ("512", "512")
    assert meta(tree, "article:section") == "Science"
    assert meta(tree, "article:tag") == "light"
    assert meta(tree, "twitter:card") in {"summary", "summary_large_image"}
    assert meta(tree, "twitter:title") == "Why the sky is blue"


def test_every_page_declares_its_language(client, article) -> None:
    for url in ("/", article.get_absolute_url(), "/search/?q=sky", "/missing/"):
        assert lxml_html.fromstring(client.get(url).content).get("lang") == "en"


def test_canonical_url_drops_query_strings_but_keeps_the_page_number(client, site_settings) -> None:
    for _ in range(11):
        make_article()
    first = head(client.get("/?utm_source=feed"))
    assert first.xpath('//link[@rel="canonical"]/@href') == ["http://testserver/"]
    second = head(client.get("/?page=2&utm_source=x"))
    assert second.xpath('//link[@rel="canonical"]/@href') == ["http://testserver/?page=2"]
    assert first.findtext("title") != second.findtext("title")


def test_article_json_ld_describes_the_blog_posting(client, article) -> None:
    data = json_ld(head(client.get(article.get_absolute_url())))
    posting = data["BlogPosting"]
    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == "Why the sky is blue"
    assert posting["description"] == "Short wavelengths scatter more."
    assert posting["author"]["@type"] == "Person"
    assert posting["author"]["name"] == "Ada Lovelace"
    assert posting["author"]["url"].startswith("http://testserver/")
    assert posting["publisher"]["@type"] == "Organization"
    assert posting["publisher"]["name"] == "Test Byline"
    assert posting["publisher"]["logo"]["url"].startswith("http://testserver/static/img/logo")
    assert posting["datePublished"] == article.published_at.isoformat()
    assert posting["dateModified"] == article.published_at.isoformat()
    assert posting["mainEntityOfPage"]["@id"] == "http://testserver/articles/why-the-sky-is-blue/"


def test_article_breadcrumbs_go_home_category_article(client, article) -> None:
    crumbs = json_ld(head(client.get(article.get_absolute_url())))["BreadcrumbList"]
    trail = [(item["position"], item["name"], item["item"]) for item in crumbs["itemListElement"]]
    assert trail == [
        (1, "Home", "http://testserver/"),
        (2, "Science", "http://testserver/category/science/"),
        (3, "Why the sky is blue", "http://testserver/articles/why-the-sky-is-blue/"),
    ]


def test_home_page_describes_the_website_and_its_search(client, article) -> None:
    website = json_ld(head(client.get("/")))["WebSite"]
    assert website["name"] == "Test Byline"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_json_ld_cannot_break_out_of_its_script_element(client, site_settings) -> None:
    article = make_article(title="</script><script>alert(1)</script> & <!-- trick")
    page = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 2
    assert all("<" not in block and ">" not in block for block in blocks)
    assert json.loads(blocks[0])["headline"] == article.title  # the data itself is intact


def test_pages_offer_their_feeds_for_autodiscovery(client, article) -> None:
    tree = head(client.get(article.get_absolute_url()))
    feeds = {
        (link.get("type"), link.get("href")) for link in tree.xpath('//link[@rel="alternate"]')
    }
    assert feeds >= {
        ("application/rss+xml", "/feed/"),
        ("application/atom+xml", "/feed/atom/"),
        ("application/rss+xml", "/category/science/feed/"),
        ("application/atom+xml", "/category/science/feed/atom/"),
    }
    assert ("application/rss+xml", "/feed/") in {
        (link.get("type"), link.get("href")) for link in head(client.get("/")).xpath("//link")
    }


def test_pages_not_for_the_index_say_noindex_and_have_no_canonical(client, site_settings) -> None:
    for url in ("/missing/", "/articles/no-such-article/", "/category/nope/", "/search/?q=sky"):
        tree = head(client.get(url))
        assert meta(tree, "robots") == "noindex"
        assert tree.xpath('//link[@rel="canonical"]') == []


def test_robots_txt_points_to_the_sitemap(client, db) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_page_head_adds_no_queries_per_tag(client, article) -> None:
    client.get(article.get_absolute_url())  # settings rows are created on first use
    with CaptureQueriesContext(connection) as one_tag:
        client.get(article.get_absolute_url())
    article.tags.add(*(make_tag() for _ in range(5)))
    with CaptureQueriesContext(connection) as six_tags:
        client.get(article.get_absolute_url())
    assert len(six_tags) == len(one_tag)


def test_seo_title_and_meta_description_take_precedence(client, site_settings) -> None:
    article = make_article(
        title="A long headline for readers",
        seo_title="Short search title",
        meta_description="What the search result says.",
    )
    tree = head(client.get(article.get_absolute_url()))
    assert tree.findtext("title") == "Short search title – Test Byline"
    assert meta(tree, "description") == "What the search result says."
    assert meta(tree, "og:title") == "Short search title"
    assert json_ld(tree)["BlogPosting"]["description"] == "What the search result says."
    assert json_ld(tree)["BlogPosting"]["headline"] == "A long headline for readers"


def test_date_modified_moves_only_with_a_significant_edit(client, article) -> None:
    article.summary = "A typo fixed."
    article.save()
    posting = json_ld(head(client.get(article.get_absolute_url())))["BlogPosting"]
    assert posting["dateModified"] == article.published_at.isoformat()
    publishing.mark_significant_update(article)
    tree = head(client.get(article.get_absolute_url()))
    assert json_ld(tree)["BlogPosting"]["dateModified"] == article.significant_update_at.isoformat()
    assert meta(tree, "article:modified_time") == article.significant_update_at.isoformat()


def test_featured_image_is_the_share_image_with_its_size(client, site_settings) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "#336699").save(buffer, format="JPEG")
    article = make_article(
        featured_image=SimpleUploadedFile("sky.jpg", buffer.getvalue(), "image/jpeg"),
        featured_image_alt="A clear blue sky",
    )
    tree = head(client.get(article.get_absolute_url()))
    assert meta(tree, "og:image").startswith("http://testserver/media/")
    assert (meta(tree, "og:image:width"), meta(tree, "og:image:height")) == ("1200", "800")
    assert meta(tree, "og:image:alt") == "A clear blue sky"
    assert meta(tree, "twitter:card") == "summary_large_image"
    assert meta(tree, "twitter:image") == meta(tree, "og:image")
    image = json_ld(tree)["BlogPosting"]["image"]
    assert (image["url"], image["width"], image["height"]) == (meta(tree, "og:image"), 1200, 800)
    assert client.get(meta(tree, "og:image")).status_code == 200


def test_list_pages_have_their_own_titles_descriptions_and_canonical_urls(client, article) -> None:
    pages = {
        "/": "Test Byline – Explainers you can trust",
        "/category/science/": "Science – Test Byline",
        "/tag/light/": "Articles tagged “light” – Test Byline",
        "/author/ada/": "Articles by Ada Lovelace – Test Byline",
        article.get_absolute_url(): "Why the sky is blue – Test Byline",
    }
    descriptions = set()
    for url, title in pages.items():
        tree = head(client.get(url))
        assert tree.findtext("title") == title
        assert meta(tree, "og:title") in title
        assert tree.xpath('//link[@rel="canonical"]/@href') == [f"http://testserver{url}"]
        descriptions.add(meta(tree, "description"))
    assert len(descriptions) == len(pages)


def test_category_pages_offer_the_category_feeds(client, article) -> None:
    links = head(client.get("/category/science/")).xpath('//link[@rel="alternate"]/@href')
    assert links[:2] == ["/category/science/feed/", "/category/science/feed/atom/"]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/author/ada/", "Articles by Ada Lovelace"),
        ("/category/science/", "Science"),
        ("/tag/light/", "Articles tagged “light”"),
        ("/", "Latest articles"),
    ],
)
def test_page_two_of_a_list_says_page_two_in_its_title_and_share_cards(
    client, article, path: str, heading: str
) -> None:
    for _ in range(10):  # ten more than one page holds, by the same author, category and tag
        make_article(author=article.author, category=article.category, tags=[*article.tags.all()])
    tree = head(client.get(f"{path}?page=2"))
    title = tree.findtext("title")
    assert title == f"{meta(tree, 'og:title')} – Test Byline"
    assert title.startswith(heading) and ", page 2" in title
    assert meta(tree, "twitter:title") == meta(tree, "og:title")


def test_search_results_title_says_what_was_searched_in_the_title_and_share_cards(
    client, article
) -> None:
    tree = head(client.get("/search/?q=sky"))
    assert tree.findtext("title") == "Search results for “sky” – Test Byline"
    assert meta(tree, "og:title") == "Search results for “sky”"
    assert meta(tree, "robots") == "noindex"


@pytest.fixture
def handles(site_settings, article):
    site_settings.twitter_handle = "bylinenews"
    site_settings.save()
    AuthorProfile.objects.create(user=article.author, twitter_handle="@ada")


def test_social_cards_name_the_locale_the_site_and_the_author(client, article, handles) -> None:
    tree = head(client.get(article.get_absolute_url()))
    assert meta(tree, "og:locale") == "en_US"
    assert meta(tree, "twitter:site") == "@bylinenews"
    assert meta(tree, "twitter:creator") == "@ada"
    author = json_ld(tree)["BlogPosting"]["author"]
    assert author["sameAs"] == ["https://x.com/ada"]
    listing = head(client.get("/"))
    assert meta(listing, "twitter:site") == "@bylinenews"
    assert meta(listing, "twitter:creator") is None  # a list page has no one creator


def test_social_cards_leave_handles_out_when_none_are_set(client, article) -> None:
    tree = head(client.get(article.get_absolute_url()))
    assert meta(tree, "twitter:site") is None and meta(tree, "twitter:creator") is None
    assert "sameAs" not in json_ld(tree)["BlogPosting"]["author"]


def test_a_blog_posting_without_a_featured_image_shows_the_site_image(client, article) -> None:
    tree = head(client.get(article.get_absolute_url()))
    image = json_ld(tree)["BlogPosting"]["image"]
    assert image["url"] == meta(tree, "og:image")
    assert image["url"].startswith("http://testserver/static/img/logo")
    assert (image["width"], image["height"]) == (512, 512)


def test_the_faq_blocks_of_the_body_are_described_as_faq_page(client, article) -> None:
    article.body = (
        '<p>Light scatters.</p><details class="faq"><summary>Is the sky <em>blue</em> at night?'
        "</summary><p>No: there is no sunlight.</p><ul><li>Stars show.</li></ul></details>"
        '<h2>More</h2><details class="faq"><summary>Why are sunsets red?</summary>'
        '<p>Blue light <a href="/x/">scatters</a> away.</p></details>'
        # Not an FAQ (no answer): its words stay in the body, and it is no question.
        '<details class="faq"><summary>Empty?</summary></details>'
    )
    article.save()
    faq = json_ld(head(client.get(article.get_absolute_url())))["FAQPage"]
    assert faq["@context"] == "https://schema.org"
    assert faq["url"] == "http://testserver/articles/why-the-sky-is-blue/"
    assert all(q["@type"] == "Question" for q in faq["mainEntity"])
    assert all(q["acceptedAnswer"]["@type"] == "Answer" for q in faq["mainEntity"])
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in faq["mainEntity"]] == [
        ("Is the sky blue at night?", "No: there is no sunlight. Stars show."),
        ("Why are sunsets red?", "Blue light scatters away."),
    ]


def test_an_article_without_faq_has_no_faq_page(client, article) -> None:
    assert "FAQPage" not in json_ld(head(client.get(article.get_absolute_url())))


@pytest.mark.parametrize(
    ("url", "name", "crumb"),
    [
        ("/category/science/", "Science", "Science"),
        ("/tag/light/", "Articles tagged “light”", "light"),
        ("/author/ada/", "Articles by Ada Lovelace", "Ada Lovelace"),
        ("/search/?q=sky", "Search results for “sky”", "Search"),
    ],
)
def test_list_pages_are_collection_pages_with_breadcrumbs(
    client, article, url: str, name: str, crumb: str
) -> None:
    data = json_ld(head(client.get(url)))
    page = data["CollectionPage"]
    assert page["@context"] == "https://schema.org"
    assert page["name"] == name
    assert page["url"] == f"http://testserver{url.split('?')[0]}"
    assert page["isPartOf"] == {
        "@type": "WebSite",
        "name": "Test Byline",
        "url": "http://testserver/",
    }
    listed = [item["url"] for item in page["mainEntity"]["itemListElement"]]
    assert listed == ["http://testserver/articles/why-the-sky-is-blue/"]
    trail = [
        (i["position"], i["name"], i["item"]) for i in data["BreadcrumbList"]["itemListElement"]
    ]
    assert trail == [
        (1, "Home", "http://testserver/"),
        (2, crumb, f"http://testserver{url.split('?')[0]}"),
    ]


def test_an_author_page_describes_the_author_as_a_person(client, article, handles) -> None:
    tree = head(client.get("/author/ada/"))
    about = json_ld(tree)["CollectionPage"]["about"]
    assert about == {
        "@type": "Person",
        "name": "Ada Lovelace",
        "url": "http://testserver/author/ada/",
        "sameAs": ["https://x.com/ada"],
    }
    assert meta(tree, "twitter:creator") == "@ada"


def test_every_page_type_has_parseable_structured_data(client, article) -> None:
    article.body = faq_block()
    article.save()
    expected = {
        "/": {"WebSite"},
        article.get_absolute_url(): {"BlogPosting", "BreadcrumbList", "FAQPage"},
        "/category/science/": {"CollectionPage", "BreadcrumbList"},
        "/tag/light/": {"CollectionPage", "BreadcrumbList"},
        "/author/ada/": {"CollectionPage", "BreadcrumbList"},
        "/search/?q=sky": {"CollectionPage", "BreadcrumbList"},
        "/search/": {"CollectionPage", "BreadcrumbList"},
    }
    for url, types in expected.items():
        assert set(json_ld(head(client.get(url)))) == types, url


def test_handles_must_look_like_handles(site_settings) -> None:
    site_settings.twitter_handle = "not a handle!"
    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()
    assert error.value.error_dict["twitter_handle"][0].code == "invalid_handle"
