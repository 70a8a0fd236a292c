"""Featured and body images move into the media library (``media.Image``).

Every file stays where it is: a body image becomes a library image with the same primary key
(so the WordPress import's records keep pointing at it) and the same file, so the bodies'
``<img src>`` addresses do not change; each featured image becomes a library image of its own.
"""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def _media_url() -> str:
    from articles import images

    return images.media_path()


def into_library(apps, schema_editor) -> None:
    Article = apps.get_model("articles", "Article")
    ArticleImage = apps.get_model("articles", "ArticleImage")
    Image = apps.get_model("media", "Image")
    media_url = _media_url()

    for old in ArticleImage.objects.order_by("pk").iterator():
        renditions = old.renditions or {}
        image = Image(
            pk=old.pk,
            file=old.image.name,
            title=(old.original_name or old.alt)[:200],
            alt=old.alt,
            width=renditions.get("width", 0),
            height=renditions.get("height", 0),
            renditions=renditions,
            original_name=old.original_name,
        )
        image.save()
        Image.objects.filter(pk=image.pk).update(created_at=old.created_at)
        article = Article.objects.get(pk=old.article_id)
        if f"{media_url}{old.image.name}" in article.body:
            article.body_images.add(image)

    # Body images kept their own keys: move PostgreSQL's counter past them before the featured
    # images below take new ones (it would hand out 1 again).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Image]):
            cursor.execute(sql)

    with_featured = Article.objects.exclude(featured_image_file="").order_by("pk")
    for article in with_featured.iterator():
        renditions = article.featured_image_renditions or {}
        image = Image.objects.create(
            file=article.featured_image_file.name,
            title=(article.featured_image_original_name or article.title)[:200],
            alt=article.featured_image_alt or article.title[:250],
            width=renditions.get("width", 0),
            height=renditions.get("height", 0),
            renditions=renditions,
            original_name=article.featured_image_original_name,
        )
        Article.objects.filter(pk=article.pk).update(featured_image=image)


def out_of_library(apps, schema_editor) -> None:
    Article = apps.get_model("articles", "Article")
    ArticleImage = apps.get_model("articles", "ArticleImage")
    for article in Article.objects.exclude(featured_image=None).select_related("featured_image"):
        image = article.featured_image
        Article.objects.filter(pk=article.pk).update(
            featured_image_file=image.file.name,
            featured_image_renditions=image.renditions,
            featured_image_original_name=image.original_name,
        )
    for article in Article.objects.prefetch_related("body_images"):
        for image in article.body_images.all():
            ArticleImage.objects.get_or_create(
                pk=image.pk,
                defaults={
                    "article": article,
                    "image": image.file.name,
                    "alt": image.alt,
                    "renditions": image.renditions,
                    "original_name": image.original_name,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_slim_change_indexes"),
        ("media", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="article", name="article_featured_image_has_alt"),
        migrations.RenameField(
            model_name="article", old_name="featured_image", new_name="featured_image_file"
        ),
        migrations.AddField(
            model_name="article",
            name="featured_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Chosen from the media library (or uploaded to it from here).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="featured_in",
                to="media.image",
                verbose_name="featured image",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="body_images",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                related_name="in_bodies",
                to="media.image",
                verbose_name="images in the body",
            ),
        ),
        migrations.RunPython(into_library, out_of_library),
        migrations.RemoveField(model_name="article", name="featured_image_file"),
        migrations.RemoveField(model_name="article", name="featured_image_renditions"),
        migrations.RemoveField(model_name="article", name="featured_image_original_name"),
        migrations.AlterField(
            model_name="article",
            name="featured_image_alt",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Describe the image for readers who cannot see it; the library's alt text "
                    "when empty."
                ),
                max_length=250,
                verbose_name="featured image alt text",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(featured_image__isnull=True) | ~models.Q(featured_image_alt=""),
                name="article_featured_image_has_alt",
                violation_error_message="Describe the featured image in its alt text.",
            ),
        ),
    ]
