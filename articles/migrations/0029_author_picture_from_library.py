"""Authors' pictures move into the media library (``media.Image``).

Every file stays where it is, with the renditions already made: each picture becomes a library
image of its own (titled and described after its author), and the profile points at it.
"""

import django.db.models.deletion
from django.db import migrations, models


def _name(user) -> str:
    return f"{user.first_name} {user.last_name}".strip() or user.username


def into_library(apps, schema_editor) -> None:
    AuthorProfile = apps.get_model("articles", "AuthorProfile")
    Image = apps.get_model("media", "Image")
    profiles = AuthorProfile.objects.exclude(picture_file="").select_related("user")
    for profile in profiles.order_by("pk").iterator():
        renditions = profile.picture_renditions or {}
        name = profile.display_name or _name(profile.user)
        image = Image.objects.create(
            file=profile.picture_file.name,
            title=f"Portrait of {name}"[:200],
            alt=f"Portrait of {name}"[:250],
            width=renditions.get("width", 0),
            height=renditions.get("height", 0),
            renditions=renditions,
            uploaded_by=profile.user,
        )
        AuthorProfile.objects.filter(pk=profile.pk).update(picture=image)


def out_of_library(apps, schema_editor) -> None:
    AuthorProfile = apps.get_model("articles", "AuthorProfile")
    for profile in AuthorProfile.objects.exclude(picture=None).select_related("picture"):
        AuthorProfile.objects.filter(pk=profile.pk).update(
            picture_file=profile.picture.file.name, picture_renditions=profile.picture.renditions
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0028_category_order_index"),
        ("media", "0002_editor_permissions"),
    ]

    operations = [
        migrations.RenameField(
            model_name="authorprofile", old_name="picture", new_name="picture_file"
        ),
        migrations.AddField(
            model_name="authorprofile",
            name="picture",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "A portrait from the media library (or uploaded to it from here); shown "
                    "small and square."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="author_pictures",
                to="media.image",
                verbose_name="picture",
            ),
        ),
        migrations.RunPython(into_library, out_of_library),
        migrations.RemoveField(model_name="authorprofile", name="picture_file"),
        migrations.RemoveField(model_name="authorprofile", name="picture_renditions"),
    ]
