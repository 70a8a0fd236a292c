import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from articles.editing import held
from articles.models import Article
from tests.articles.test_admin import ADD_URL, article_form
from tests.factories import make_upload

pytestmark = pytest.mark.django_db


def held_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / held.FOLDER
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def no_held_files() -> None:
    for path in held_files():
        path.unlink()


def age(path: Path, delta: timedelta) -> None:
    """Make ``path`` look as if it was written ``delta`` ago."""
    then = (timezone.now() - delta).timestamp()
    os.utime(path, (then, then))


def test_the_held_image_is_removed_once_the_form_saves(
    client, editor, django_capture_on_commit_callbacks
) -> None:
    client.force_login(editor)
    data = article_form(editor, featured_image=make_upload(name="well.jpg"))
    response = client.post(ADD_URL, data)  # no alt text: refused, the image is held
    assert len(held_files()) == 1
    token = response.context["adminform"].form["held_featured_image"].value()
    del data["featured_image"]

    with django_capture_on_commit_callbacks(execute=True):  # removed once the save commits
        response = client.post(
            ADD_URL, {**data, "featured_image_alt": "A well", "held_featured_image": token}
        )

    assert response.status_code == 302
    article = Article.objects.get(slug="water-explained")
    assert article.featured_image_original_name == "well.jpg"
    assert Path(article.featured_image.path).exists()
    assert held_files() == []


def test_a_second_error_keeps_the_held_image_for_the_next_try(client, editor) -> None:
    client.force_login(editor)
    data = article_form(editor, featured_image=make_upload(name="well.jpg"))
    token = client.post(ADD_URL, data).context["adminform"].form["held_featured_image"].value()
    del data["featured_image"]
    response = client.post(ADD_URL, {**data, "title": "", "held_featured_image": token})
    assert "Your featured image “well.jpg” is kept" in response.content.decode()
    assert len(held_files()) == 1


def test_held_images_older_than_a_day_are_removed_by_the_housekeeping_command(
    client, editor
) -> None:
    client.force_login(editor)
    for name in ("old.jpg", "fresh.jpg"):
        client.post(ADD_URL, article_form(editor, featured_image=make_upload(name=name)))
    old, fresh = held_files()  # random names: which is which does not matter, only their age
    age(old, timedelta(days=1, hours=2))
    age(fresh, timedelta(hours=23))

    out = StringIO()
    call_command("remove_held_images", stdout=out)

    assert held_files() == [fresh]
    assert "Removed 1 held image(s)." in out.getvalue()


def test_a_held_image_is_kept_while_its_token_may_still_be_sent(client, editor) -> None:
    client.force_login(editor)
    client.post(ADD_URL, article_form(editor, featured_image=make_upload()))
    (path,) = held_files()
    age(path, timedelta(days=1, minutes=-1))  # the form's token is good for another minute
    assert held.remove_expired() == 0
    assert held_files() == [path]


def test_nothing_held_nothing_to_remove() -> None:
    assert held.remove_expired() == 0


def test_a_token_for_a_file_outside_held_removes_nothing(client, editor) -> None:
    client.force_login(editor)
    Article.objects.all().delete()
    client.post(
        ADD_URL,
        article_form(editor, featured_image=make_upload(), featured_image_alt="A glass"),
    )
    stored = Article.objects.get().featured_image
    forged = signing.dumps({"name": stored.name, "original": "x.jpg"}, salt="other")
    wrong_folder = signing.dumps({"name": stored.name, "original": "x.jpg"}, salt=held.SALT)
    held.release(forged)
    held.release(wrong_folder)
    assert Path(stored.path).exists()
