"""Featured and body images of the old layout come through into the media library."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from articles import images
from articles.media.models import Image
from articles.models import Article
from byline.wordpress.models import ImportedImage
from tests.conftest import migrate
from tests.factories import make_image_bytes

BEFORE_LIBRARY = [("articles", "0022_slim_change_indexes"), ("wordpress", "0003_term_wp_id")]

# Transactional: the migrations run for real; the serialized copy puts the data back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def stored(name: str) -> tuple[str, dict]:
    saved = default_storage.save(name, ContentFile(make_image_bytes(size=(1000, 600))))
    return saved, images.make_renditions(default_storage, saved)


def test_old_featured_and_body_images_become_library_images_with_their_files_and_words(
    client,
) -> None:
    executor = migrate(BEFORE_LIBRARY)
    old = executor.loader.project_state(BEFORE_LIBRARY).apps
    author = old.get_model("auth", "User").objects.create(username="old-author")
    category = old.get_model("articles", "Category").objects.create(name="Water", slug="water")
    cover, cover_renditions = stored("articles/featured/2026/01/cover.jpg")
    chart, chart_renditions = stored("articles/body/2026/01/chart.jpg")
    unused, unused_renditions = stored("articles/body/2026/01/unused.jpg")
    article = old.get_model("articles", "Article").objects.create(
        title="Old",
        slug="old",
        summary="Summary.",
        body=f'<p>Text.</p><figure><img src="/media/{chart}" alt="A chart"></figure>',
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        author=author,
        category=category,
        featured_image=cover,
        featured_image_alt="A glass of water",
        featured_image_renditions=cover_renditions,
        featured_image_original_name="glass.jpg",
    )
    ArticleImage = old.get_model("articles", "ArticleImage")
    body_image = ArticleImage.objects.create(
        article=article,
        image=chart,
        alt="A chart",
        renditions=chart_renditions,
        original_name="chart.jpg",
    )
    ArticleImage.objects.create(
        article=article, image=unused, alt="Not shown", renditions=unused_renditions
    )
    old.get_model("wordpress", "ImportedImage").objects.create(
        image=body_image, source="2020/01/chart.jpg"
    )

    migrate()

    article = Article.objects.get(slug="old")
    assert article.featured_image.file.name == cover  # the same file, not a copy
    assert article.featured_image.alt == "A glass of water"
    assert article.featured_image.original_name == "glass.jpg"
    assert article.featured_image_alt == "A glass of water"
    assert article.featured_image_renditions == cover_renditions
    assert (article.featured_image.width, article.featured_image.height) == (1000, 600)
    chart_image = Image.objects.get(file=chart)
    assert chart_image.pk == body_image.pk and chart_image.alt == "A chart"
    assert list(article.body_images.all()) == [chart_image]  # the unused one is in no body
    assert Image.objects.get(file=unused).alt == "Not shown"
    assert ImportedImage.objects.get().image == chart_image
    assert Image.objects.count() == 3

    # New images get fresh keys (PostgreSQL's counter moved past the kept ones).
    added = Image(file=ContentFile(make_image_bytes(), name="new.jpg"), alt="New")
    added.save()
    assert added.pk > chart_image.pk

    article.save()  # the page renders from the library as before
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="A chart"' in page and "<picture" in page
    assert 'alt="A glass of water"' in page


BEFORE_AUTHOR_PICTURES = [("articles", "0028_category_order_index")]


def test_author_pictures_become_library_images_with_their_files_and_renditions() -> None:
    executor = migrate(BEFORE_AUTHOR_PICTURES)
    old = executor.loader.project_state(BEFORE_AUTHOR_PICTURES).apps
    User = old.get_model("auth", "User")
    nell = User.objects.create(username="nell", first_name="Eleanor", last_name="Smith")
    sam = User.objects.create(username="sam")
    portrait, renditions = stored("authors/nell.jpg")
    AuthorProfile = old.get_model("articles", "AuthorProfile")
    AuthorProfile.objects.create(
        user=nell, display_name="Nell Smith", picture=portrait, picture_renditions=renditions
    )
    AuthorProfile.objects.create(user=sam, bio="No picture.")

    migrate()

    from articles.models import AuthorProfile as Profile

    profile = Profile.objects.select_related("picture").get(user__username="nell")
    assert profile.picture.file.name == portrait  # the same file, not a copy
    assert profile.picture.renditions == renditions
    assert profile.picture.alt == "Portrait of Nell Smith"
    assert (profile.picture.width, profile.picture.height) == (1000, 600)
    assert profile.picture.uploaded_by.username == "nell"
    assert Profile.objects.get(user__username="sam").picture is None
    assert Image.objects.count() == 1
    assert profile.picture_url().endswith(renditions["fallback"][-1][2])
