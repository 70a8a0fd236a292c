"""The media library in the admin: list, search, uses, deleting, uploads and the choosers."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import images
from articles.media.models import Image
from articles.models import Article
from tests.factories import make_article, make_image, make_image_bytes, make_upload

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/media/image/"
CHOOSER_URL = "/admin/media/image/chooser/"
UPLOAD_URL = "/admin/media/image/chooser/upload/"


def test_the_list_shows_thumbnails_and_where_each_image_is_used(client, editor) -> None:
    image = make_image(title="Harbour at dawn")
    featured = make_article(title="Boats", featured_image=image)
    body = make_article(title="Tides", body=f'<figure><img src="{image.url}" alt="x"></figure>')
    make_image(title="Unused picture")
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert 'class="media-thumb"' in page
    assert "Harbour at dawn" in page and "Unused picture" in page
    assert reverse("admin:articles_article_change", args=[featured.pk]) in page
    assert reverse("admin:articles_article_change", args=[body.pk]) in page
    assert "(featured image)" in page and "(in the body)" in page
    assert "not used" in page


def test_the_list_keeps_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries
) -> None:
    client.force_login(editor)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    image = make_image()
    make_article(featured_image=image)
    few = count()
    for n in range(6):
        other = make_image()
        make_article(featured_image=other, body=f'<p><img src="{image.url}" alt="{n}"></p>')
    with django_assert_max_num_queries(few):
        assert client.get(LIST_URL).status_code == 200
    assert few <= 10


def test_the_list_searches_title_alt_text_caption_and_credit(client, editor) -> None:
    make_image(title="Harbour", alt="Boats at dawn", credit="Ana Lima")
    make_image(title="Desert", alt="Dunes")
    client.force_login(editor)
    page = client.get(LIST_URL, {"q": "lima"}).content.decode()
    assert "Harbour" in page and "Desert" not in page


def test_deleting_an_image_in_use_warns_with_the_articles_then_removes_it_from_them(
    client, editor
) -> None:
    image = make_image()
    featured = make_article(title="Boats", featured_image=image)
    body = make_article(
        title="Tides",
        body=f'<figure><img src="{image.url}" alt="x"><figcaption>Low tide</figcaption></figure>',
    )
    client.force_login(editor)
    url = reverse("admin:media_image_delete", args=[image.pk])
    page = client.get(url).content.decode()
    assert "This image is used 2 times in articles" in page
    assert "Boats" in page and "Tides" in page

    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Image.objects.exists()
    featured.refresh_from_db()
    body.refresh_from_db()
    assert featured.featured_image is None and featured.is_live
    assert "<img" not in body.body_html and "<picture" not in body.body_html
    assert "Low tide" in body.body_html  # the editor's words stay


def test_several_images_are_uploaded_at_once(client, editor) -> None:
    client.force_login(editor)
    response = client.post(
        reverse("admin:media_image_upload_many"),
        {
            "files": [make_upload("one.jpg"), make_upload("two.png", image_format="PNG")],
            "alt": "Pictures from the river trip",
        },
    )
    assert response.status_code == 302
    images_ = Image.objects.order_by("original_name")
    assert [i.original_name for i in images_] == ["one.jpg", "two.png"]
    assert all(i.renditions["webp"] and i.card_renditions["webp"] for i in images_)
    assert all(i.uploaded_by == editor for i in images_)


def test_one_bad_file_among_several_stops_the_upload_and_names_it(client, editor) -> None:
    client.force_login(editor)
    fake = SimpleUploadedFile("cat.jpg", b"<?php evil(); ?>", content_type="image/jpeg")
    response = client.post(
        reverse("admin:media_image_upload_many"),
        {"files": [make_upload("one.jpg"), fake], "alt": "Pictures"},
    )
    assert response.status_code == 200
    assert "cat.jpg: This file is not an image we can read" in response.content.decode()
    assert not Image.objects.exists()


def test_the_chooser_searches_the_library_in_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
) -> None:
    for n in range(30):
        make_image(title=f"River {n}", alt="Water")
    make_image(title="Desert", alt="Dunes", caption="Sand")
    client.force_login(editor)
    client.get(CHOOSER_URL)  # the session and user, loaded once
    with django_assert_num_queries(5):  # session, user, their two permission sets, images
        found = client.get(CHOOSER_URL, {"q": "sand"}).json()["results"]
    assert [image["title"] for image in found] == ["Desert"]
    assert found[0]["alt"] == "Dunes" and found[0]["caption"] == "Sand"
    assert found[0]["thumbnail"].startswith("/media/renditions/")
    with django_assert_num_queries(5):
        assert len(client.get(CHOOSER_URL, {"q": "river"}).json()["results"]) == 24


def test_an_image_uploaded_in_the_chooser_joins_the_library(client, editor) -> None:
    client.force_login(editor)
    response = client.post(
        UPLOAD_URL,
        {"file": make_upload("well.jpg"), "alt": "A well", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json()["id"] == image.pk and response.json()["url"] == image.url
    assert image.original_name == "well.jpg" and image.uploaded_by == editor


def test_an_image_over_the_size_limit_is_refused_while_it_streams(client, editor) -> None:
    client.force_login(editor)
    stored_before = set(Path(settings.MEDIA_ROOT).rglob("*"))
    too_big = SimpleUploadedFile(
        "huge.jpg", make_image_bytes() + b"\0" * images.MAX_UPLOAD_BYTES, content_type="image/jpeg"
    )
    response = client.post(
        UPLOAD_URL, {"file": too_big, "alt": "Large", "focal_x": 0.5, "focal_y": 0.5}
    )
    assert response.status_code == 400
    assert isinstance(response.wsgi_request.FILES["file"], images.RefusedUpload)
    message = response.json()["errors"]["file"][0]["message"].replace("\xa0", " ")
    assert "an image may be at most 10.0 MB" in message
    assert not Image.objects.exists()
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == stored_before


def test_a_fake_image_is_refused_with_a_message(client, editor) -> None:
    client.force_login(editor)
    fake = SimpleUploadedFile("cat.jpg", b"<?php evil(); ?>", content_type="image/jpeg")
    response = client.post(UPLOAD_URL, {"file": fake, "alt": "A cat", "focal_x": 0, "focal_y": 0})
    assert response.status_code == 400
    assert "This file is not an image we can read" in response.content.decode()


def test_staff_without_library_rights_cannot_search_or_upload(client, moderator) -> None:
    client.force_login(moderator)
    assert client.get(CHOOSER_URL).status_code == 403
    response = client.post(UPLOAD_URL, {"file": make_upload(), "alt": "x"})
    assert response.status_code == 403
    assert not Image.objects.exists() and not Article.objects.exists()


def test_the_article_form_shows_the_featured_image_as_a_thumbnail(client, editor) -> None:
    image = make_image(title="Harbour at dawn")
    article = make_article(featured_image=image)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'class="image-chooser__thumb" src="/media/renditions/' in page
    assert "Harbour at dawn" in page
    assert "Choose another image" in page
