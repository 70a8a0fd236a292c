from django.db import migrations

from articles import images, richtext


def rerender_bodies(apps, schema_editor) -> None:
    """Bodies saved before the tree serializer may hold live markup: sanitize and render anew."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.prefetch_related("images").iterator(chunk_size=200):
        body = richtext.sanitize(article.body)
        rendered = richtext.render(
            body,
            picture_for=images.body_pictures(article.images.all()),
            media_url=images.media_path(),
        )
        Article.objects.filter(pk=article.pk).update(
            body=body,
            body_html=rendered.html,
            toc=rendered.toc,
            reading_minutes=rendered.reading_minutes,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_upload_original_names"),
    ]

    operations = [
        migrations.RunPython(rerender_bodies, migrations.RunPython.noop),
    ]
