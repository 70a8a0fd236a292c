"""Staff roles as groups; migrations call :func:`grant` so each app owns its permissions."""

from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
MODERATORS = "Moderators"


def grant(apps: Apps, group_name: str, permissions: list[str]) -> None:
    """Give a group the permissions named "app_label.codename", creating both as needed.

    Permissions are normally made after migrate finishes, so a data migration makes them first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
