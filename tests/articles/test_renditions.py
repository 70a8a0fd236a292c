import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import make_article, make_image, make_upload

pytestmark = pytest.mark.django_db


def test_featured_image_gets_webp_and_jpeg_renditions_never_upscaled() -> None:
    article = make_article(featured_image=make_upload(size=(1200, 800)), featured_image_alt="A")
    renditions = article.featured_image_renditions
    assert [w for w, _h, _n in renditions["webp"]] == [480, 960, 1200]
    assert [w for w, _h, _n in renditions["fallback"]] == [480, 960, 1200]
    for width, height, name in renditions["webp"]:
        with default_storage.open(name) as file, Image.open(file) as image:
            assert image.format == "WEBP"
            assert image.size == (width, height)
    _w, _h, name = renditions["fallback"][0]
    with default_storage.open(name) as file, Image.open(file) as image:
        assert image.format == "JPEG" and image.size == (480, 320)


def test_wide_images_stop_at_1600_pixels() -> None:
    article = make_article(featured_image=make_upload(size=(2400, 1200)), featured_image_alt="A")
    assert [w for w, _h, _n in article.featured_image_renditions["webp"]] == [480, 960, 1600]


def test_png_keeps_png_as_its_fallback_format() -> None:
    upload = make_upload("chart.png", size=(600, 400), image_format="PNG")
    article = make_article(featured_image=upload, featured_image_alt="A chart")
    assert article.featured_image_renditions["fallback_type"] == "image/png"
    assert article.featured_image_renditions["fallback"][-1][2].endswith(".png")


def test_renditions_are_made_once_and_reused() -> None:
    article = make_article(featured_image=make_upload(), featured_image_alt="A")
    first = article.featured_image_renditions
    article.title = "Retitled"
    article.save()
    article.refresh_from_db()
    assert article.featured_image_renditions == first


def test_replacing_the_image_makes_new_renditions() -> None:
    article = make_article(featured_image=make_upload(), featured_image_alt="A")
    first = article.featured_image_renditions
    image = article.featured_image
    image.file = make_upload("other.jpg", size=(500, 500))
    image.save()
    article.refresh_from_db()
    assert article.featured_image_renditions != first
    assert article.featured_image_renditions["width"] == 500


def test_article_page_serves_picture_with_srcset_and_dimensions(client) -> None:
    article = make_article(
        featured_image=make_upload(size=(2000, 1000)), featured_image_alt="Harbour at dawn"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert '<source type="image/webp" srcset="' in picture
    assert re.search(r"-480\.webp 480w, \S+-960\.webp 960w, \S+-1600\.webp 1600w", picture)
    assert 'width="1600" height="800"' in picture
    assert 'alt="Harbour at dawn"' in picture
    assert 'sizes="' in picture
    assert 'loading="lazy"' not in picture  # above the fold on the article page
    for url in re.findall(r"(/media/\S+?\.(?:webp|jpg))", picture):
        assert client.get(url).status_code == 200


def test_lists_lazy_load_their_images(client) -> None:
    make_article(featured_image=make_upload(), featured_image_alt="A")
    html = client.get("/").content.decode()
    assert 'loading="lazy"' in html


def test_body_image_uploaded_for_the_article_is_served_as_a_picture(client) -> None:
    article = make_article()
    image = make_image(file=make_upload(size=(1000, 600)), alt="A map of the river")
    article.body = (
        f'<p>Intro</p><figure><img src="{image.url}" alt="A map of the river">'
        "<figcaption>The river</figcaption></figure>"
    )
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<figure><picture><source type="image/webp"' in html
    assert 'alt="A map of the river" loading="lazy"' in html
    assert "<figcaption>The river</figcaption>" in html
