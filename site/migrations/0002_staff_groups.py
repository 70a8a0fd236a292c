from django.db import migrations

from byline import roles


def create_groups(apps, schema_editor) -> None:
    roles.grant(
        apps,
        roles.EDITORS,
        ["byline.view_sitesettings", "byline.change_sitesettings", "auth.view_user"],
    )
    roles.grant(apps, roles.MODERATORS, [])


class Migration(migrations.Migration):
    dependencies = [
        ("byline", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
