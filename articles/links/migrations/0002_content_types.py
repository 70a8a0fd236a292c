"""The moved models' content types follow them to the links app, and so do their permissions.

Permissions hang on the content type, so renaming its app label keeps every grant (the Editors'
related-link permissions among them) without touching a group. If migrate already made a
``links`` content type for a model (nothing should, but a half-run earlier attempt could), the
grants move onto its permissions and the old type goes.
"""

from django.db import migrations

MODELS = ["relatedlink", "articlelink", "slughistory", "articleterm"]


def _move(apps, schema_editor, *, old_label: str, new_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    types = ContentType.objects.db_manager(db)
    for model in MODELS:
        old = types.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = types.filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.using(db).filter(content_type=old):
            twin, _ = Permission.objects.using(db).get_or_create(
                content_type=new,
                codename=permission.codename,
                defaults={"name": permission.name},
            )
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
        old.delete()
    types.clear_cache()


def forwards(apps, schema_editor) -> None:
    _move(apps, schema_editor, old_label="articles", new_label="links")


def backwards(apps, schema_editor) -> None:
    _move(apps, schema_editor, old_label="links", new_label="articles")


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0001_initial"),
        ("articles", "0006_related_link_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
