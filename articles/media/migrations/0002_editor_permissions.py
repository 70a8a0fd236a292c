from django.db import migrations

from byline import roles


def grant_editors(apps, schema_editor) -> None:
    roles.grant(
        apps,
        roles.EDITORS,
        [f"media.{action}_image" for action in ("add", "change", "delete", "view")],
    )


class Migration(migrations.Migration):
    """Editors run the media library: they upload, describe, crop and delete images."""

    dependencies = [("media", "0001_initial"), ("byline", "0002_staff_groups")]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
