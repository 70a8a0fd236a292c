from django.db import migrations

from byline import roles

MODERATION_PERMISSIONS = [
    "comments.view_comment",
    "comments.change_comment",
    "comments.delete_comment",
    "comments.moderate_comment",
    "comments.view_statuschange",
    "comments.view_discussionsettings",
    "comments.change_discussionsettings",
]


def grant_moderation(apps, schema_editor) -> None:
    # Moderators get comments only (no article rights); editors moderate as well.
    roles.grant(apps, roles.MODERATORS, MODERATION_PERMISSIONS)
    roles.grant(apps, roles.EDITORS, MODERATION_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("byline", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_moderation, migrations.RunPython.noop)]
