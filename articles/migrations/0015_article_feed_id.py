from django.conf import settings
from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def keep_published_ids(apps, schema_editor) -> None:
    """Articles that were ever given a publication time keep the id feeds already showed.

    Until now the id was ``tag:<request host>,2025:article:<pk>``; it is written here with the
    configured domain (DJANGO_SITE_DOMAIN, which should be the host the feeds were read under),
    so feed readers see no new entries. Drafts never reached a feed: they get the new form
    (creation date, not 2025) when they are first published.
    """
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(published_at__isnull=False, feed_id="").update(
        feed_id=Concat(
            Value(f"tag:{settings.SITE_DOMAIN},2025:article:"),
            Cast("pk", output_field=CharField()),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_article_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="feed_id",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The permanent id feed readers know the article by; set when first public.",
                max_length=255,
                verbose_name="feed entry id",
            ),
        ),
        migrations.RunPython(keep_published_ids, migrations.RunPython.noop, elidable=False),
    ]
