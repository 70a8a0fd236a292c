"""The library's housekeeping: files no image or rendition uses any more are swept."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.media import library
from tests.factories import make_image, make_image_bytes, make_upload

pytestmark = pytest.mark.django_db


def age(name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


def test_clean_media_removes_files_of_replaced_images_and_keeps_everything_in_use() -> None:
    image = make_image(file=make_upload("first.jpg"))
    replaced = image.stored_names()
    image.file = make_upload("second.jpg")
    image.focal_x = 0.2
    image.save()
    kept = image.stored_names()
    orphan = default_storage.save("articles/body/2026/01/left.jpg", ContentFile(make_image_bytes()))
    other = default_storage.save("exports/keep-me.txt", ContentFile(b"not an image folder"))
    for name in replaced | kept | {orphan, other}:
        age(name, 7)
    fresh = default_storage.save("library/2026/01/uploading.jpg", ContentFile(make_image_bytes()))

    out = StringIO()
    call_command("clean_media", "--dry-run", stdout=out)
    assert f"Would delete {len(replaced) + 1} unused image file(s)." in out.getvalue()
    assert all(default_storage.exists(name) for name in replaced)

    call_command("clean_media", stdout=StringIO())
    assert not any(default_storage.exists(name) for name in replaced | {orphan})
    assert all(default_storage.exists(name) for name in kept)
    assert default_storage.exists(other)  # outside the image folders: not ours to judge
    assert default_storage.exists(fresh)  # too young: its row may not be committed yet
    assert library.unused_files() == []


def test_clean_media_after_deleting_an_image_frees_its_files() -> None:
    image = make_image()
    names = image.stored_names()
    library.delete_image(image)
    for name in names:
        age(name, 7)
    call_command("clean_media", stdout=StringIO())
    assert not any(default_storage.exists(name) for name in names)
