from django.db import migrations

from byline import roles


def grant_editors(apps, schema_editor) -> None:
    # The article form's author autocomplete searches through the User admin, which
    # Django only allows to users who may view users.
    roles.grant(apps, roles.EDITORS, ["auth.view_user"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
