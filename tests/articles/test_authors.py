"""Author profiles: the name bylines use, a short bio and a picture, on articles and pages."""

import json

import pytest
from lxml import html as lxml_html
from PIL import Image

from articles.models import AuthorProfile, display_name
from tests.factories import make_article, make_upload, make_user

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
    profile = AuthorProfile(user=author, display_name="Nell Smith", bio="Writes about <water>.")
    profile.picture = make_upload("nell at the desk.jpg", size=(900, 1200))
    profile.save()
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


def test_the_picture_is_stored_like_every_upload(settings) -> None:
    profile = AuthorProfile(user=make_user())
    profile.picture = make_upload("IMG_2041.jpg")
    profile.save()
    assert "IMG_2041" not in profile.picture.name  # a random name
    assert profile.picture_renditions["source"] == profile.picture.name
    with Image.open(profile.picture.path) as image:
        assert not image.getexif()


def test_an_author_without_a_profile_shows_no_box(client) -> None:
    article = make_article()
    assert "author-box" not in client.get(article.get_absolute_url()).content.decode()
