import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Imported body images are library images now, under the same keys (articles 0020)."""

    dependencies = [
        ("wordpress", "0003_term_wp_id"),
        ("articles", "0023_media_library"),
        ("media", "0001_initial"),
    ]
    # Before the old table goes, so the foreign key never points at a missing table.
    run_before = [("articles", "0024_delete_articleimage")]

    operations = [
        migrations.AlterField(
            model_name="importedimage",
            name="image",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="wordpress",
                to="media.image",
                verbose_name="image",
            ),
        ),
    ]
