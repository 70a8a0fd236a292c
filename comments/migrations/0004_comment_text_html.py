from django.db import migrations, models

from comments.text import render_text


def render_existing(apps, schema_editor) -> None:
    Comment = apps.get_model("comments", "Comment")
    batch = []
    for comment in Comment.objects.only("pk", "text").iterator(chunk_size=500):
        comment.text_html = render_text(comment.text)
        batch.append(comment)
        if len(batch) == 500:
            Comment.objects.bulk_update(batch, ["text_html"])
            batch = []
    Comment.objects.bulk_update(batch, ["text_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_comment_lookup_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="text_html",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The text as readers see it, rendered by comments.text.render_text.",
                verbose_name="comment as HTML",
            ),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
