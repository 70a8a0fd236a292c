"""Author profiles: the name bylines use, a short bio and a picture, on articles and pages."""

import json

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from articles.media.models import Image as LibraryImage
from articles.models import AuthorProfile, display_name
from tests.articles.test_queries import ARTICLE_QUERIES
from tests.factories import make_article, make_image, make_upload, make_user

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> list[dict]:
    tree = lxml_html.fromstring(html)
    return [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]


def test_the_display_name_wins_over_the_account_name() -> None:
    user = make_user(first_name="Eleanor", last_name="Smith")
    assert display_name(user) == "Eleanor Smith"
    AuthorProfile.objects.create(user=user, display_name="Nell Smith")
    user.refresh_from_db()
    assert display_name(user) == "Nell Smith"


def test_an_author_with_a_bio_and_picture_is_shown_on_the_article_and_their_page(client) -> None:
    author = make_user(username="nell", first_name="Eleanor", last_name="Smith")
    portrait = make_image(file=make_upload("nell at the desk.jpg", size=(900, 1200)))
    AuthorProfile.objects.create(
        user=author, display_name="Nell Smith", bio="Writes about <water>.", picture=portrait
    )
    article = make_article(author=author, title="Tap water")

    page = client.get(article.get_absolute_url()).content.decode()
    assert 'By <a href="/author/nell/" rel="author">Nell Smith</a>' in page
    assert "About Nell Smith" in page
    assert "Writes about &lt;water&gt;." in page
    assert 'class="author-picture"' in page

    archive = client.get("/author/nell/").content.decode()
    assert "<h1>Nell Smith" in archive and "Writes about &lt;water&gt;." in archive
    (collection,) = [b for b in json_ld(archive) if b["@type"] == "CollectionPage"]
    person = collection["about"]
    assert person["@type"] == "Person"
    assert person["name"] == "Nell Smith"
    assert person["description"] == "Writes about <water>."
    assert person["image"].startswith("http://testserver/media/renditions/")


def test_the_picture_is_a_library_rendition_on_both_pages_in_a_fixed_number_of_queries(
    client, site_settings, django_assert_num_queries
) -> None:
    author = make_user(username="nell")
    portrait = make_image(file=make_upload("portrait.jpg", size=(900, 1200)))
    AuthorProfile.objects.create(user=author, picture=portrait)
    article = make_article(author=author)
    smallest = portrait.renditions["fallback"][0][2]
    largest = portrait.renditions["fallback"][-1][2]

    client.get(article.get_absolute_url())  # warm the caches the page may fill
    with django_assert_num_queries(ARTICLE_QUERIES):
        page = client.get(article.get_absolute_url()).content.decode()
    picture = lxml_html.fromstring(page).xpath('//*[contains(@class, "author-picture")]')[0]
    assert smallest in lxml_html.tostring(picture).decode()  # a rendition, not the upload
    assert portrait.file.name not in page

    archive = client.get("/author/nell/").content.decode()
    assert 'class="author-picture"' in archive
    (collection,) = [b for b in json_ld(archive) if b["@type"] == "CollectionPage"]
    assert collection["about"]["image"] == f"http://testserver/media/{largest}"
    (posting,) = [b for b in json_ld(page) if b["@type"] == "BlogPosting"]
    assert posting["author"]["image"] == f"http://testserver/media/{largest}"


def test_a_portrait_in_use_is_not_deleted_from_the_library(admin_client) -> None:
    portrait = make_image(title="Portrait of Nell")
    AuthorProfile.objects.create(user=make_user(username="nell"), picture=portrait)
    page = admin_client.get(reverse("admin:media_image_delete", args=[portrait.pk]))
    assert "author profile" in page.content.decode().lower()
    admin_client.post(reverse("admin:media_image_delete", args=[portrait.pk]), {"post": "yes"})
    assert LibraryImage.objects.filter(pk=portrait.pk).exists()


def test_the_author_page_in_the_admin_chooses_the_picture_from_the_library(admin_client) -> None:
    user = make_user(username="nell")
    portrait = make_image(title="Portrait of Nell")
    AuthorProfile.objects.create(user=user, picture=portrait)
    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert "data-image-chooser" in page
    assert "Portrait of Nell" in page  # the chosen image, shown by its title and thumbnail


def test_an_author_without_a_profile_shows_no_box(client) -> None:
    article = make_article()
    assert "author-box" not in client.get(article.get_absolute_url()).content.decode()


def test_the_library_says_which_author_a_portrait_belongs_to(admin_client) -> None:
    portrait = make_image(title="Portrait of Nell")
    AuthorProfile.objects.create(
        user=make_user(username="nell"), display_name="Nell Smith", picture=portrait
    )
    make_image(title="Unused")
    listing = admin_client.get(reverse("admin:media_image_changelist")).content.decode()
    assert 'Nell Smith</a> <span class="media-uses__how">(author’s picture)' in listing
    unused = admin_client.get(reverse("admin:media_image_changelist") + "?used=no")
    assert "Unused" in unused.content.decode()
    assert "Portrait of Nell" not in unused.content.decode()
