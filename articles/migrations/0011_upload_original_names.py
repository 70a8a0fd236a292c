from pathlib import PurePosixPath

from django.db import migrations, models


def keep_existing_names(apps, schema_editor):
    """Uploads stored before random names kept the uploader's name in their path: copy it."""
    Article = apps.get_model("articles", "Article")
    ArticleImage = apps.get_model("articles", "ArticleImage")
    for article in Article.objects.exclude(featured_image="").only("featured_image"):
        article.featured_image_original_name = PurePosixPath(article.featured_image.name).name
        article.save(update_fields=["featured_image_original_name"])
    for image in ArticleImage.objects.exclude(image="").only("image"):
        image.original_name = PurePosixPath(image.image.name).name
        image.save(update_fields=["original_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_links_move_to_their_own_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="featured_image_original_name",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=255,
                verbose_name="featured image file name",
            ),
        ),
        migrations.AddField(
            model_name="articleimage",
            name="original_name",
            field=models.CharField(
                blank=True, editable=False, max_length=255, verbose_name="file name"
            ),
        ),
        migrations.RunPython(keep_existing_names, migrations.RunPython.noop),
    ]
