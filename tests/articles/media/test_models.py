"""Library images: cleaned once, rendered whole and cropped around their focal point."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from articles import images
from tests.factories import make_article, make_image, make_upload

pytestmark = pytest.mark.django_db


def test_crop_box_keeps_the_focal_point_in_view_and_stays_inside_the_image() -> None:
    # A tall 1000×2000 portrait cut to 16:9 is 1000×562; its focus decides which band.
    assert images.crop_box((1000, 2000), (16, 9), (0.5, 0.1)) == (0, 0, 1000, 562)
    assert images.crop_box((1000, 2000), (16, 9), (0.5, 0.5)) == (0, 719, 1000, 1281)
    assert images.crop_box((1000, 2000), (16, 9), (0.5, 1.0)) == (0, 1438, 1000, 2000)
    # A very wide panorama is cut across instead.
    assert images.crop_box((4000, 500), (16, 9), (0.9, 0.5)) == (3111, 0, 4000, 500)


def test_the_card_crop_is_16_by_9_and_follows_the_focal_point() -> None:
    # Left half red, right half blue: the focus on the right gives a blue card.
    source = PILImage.new("RGB", (4000, 1000), "red")
    source.paste(PILImage.new("RGB", (2000, 1000), "blue"), (2000, 0))
    upload = make_upload()
    upload.file.seek(0)
    upload.file.truncate()
    source.save(upload.file, format="PNG")
    upload.file.seek(0)
    image = make_image(file=upload, focal_x=0.95, focal_y=0.5)

    width, height, name = image.card_renditions["fallback"][-1]
    assert (width, height) == (1600, 900)
    with default_storage.open(name) as file, PILImage.open(file) as card:
        assert card.convert("RGB").getpixel((card.width - 5, 450))[2] > 200  # blue
        assert card.convert("RGB").getpixel((5, 450))[0] < 60  # no red: the left was cut

    image.focal_x = 0.05
    image.save()
    _w, _h, moved = image.card_renditions["fallback"][-1]
    # Another crop, another name: served as immutable, a name must never get new pixels.
    assert moved != name
    with default_storage.open(moved) as file, PILImage.open(file) as card:
        assert card.convert("RGB").getpixel((5, 450))[0] > 200  # now the red side


def test_the_whole_image_renditions_are_never_cropped() -> None:
    image = make_image(file=make_upload(size=(1200, 800)))
    assert image.renditions["fallback"][-1][:2] == [1200, 800]
    assert (image.width, image.height) == (1200, 800)


def test_lists_show_the_featured_image_cropped_and_the_article_page_shows_it_whole(client) -> None:
    image = make_image(file=make_upload(size=(2000, 1000)), alt="Harbour")
    article = make_article(featured_image=image)
    home = client.get("/").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'width="1600" height="900"' in home  # the card crop
    assert 'width="1600" height="800"' in page  # the whole picture


def test_a_featured_image_chosen_without_alt_text_takes_the_librarys() -> None:
    article = make_article(featured_image=make_image(alt="A well at dawn"), featured_image_alt="")
    assert article.featured_image_alt == "A well at dawn"


def test_the_body_records_which_library_images_it_shows() -> None:
    shown, other = make_image(), make_image()
    article = make_article(body=f'<figure><img src="{shown.url}" alt="x"></figure><p>Text.</p>')
    assert list(article.body_images.all()) == [shown]
    assert list(other.in_bodies.all()) == []
    assert "<picture>" in article.body_html
