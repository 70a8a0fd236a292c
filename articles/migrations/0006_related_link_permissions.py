from django.db import migrations

from byline import roles


def grant_editors(apps, schema_editor) -> None:
    roles.grant(
        apps,
        roles.EDITORS,
        [f"articles.{action}_relatedlink" for action in ("add", "change", "delete", "view")],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_related_links"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
