from django.db import migrations

from byline import roles


def grant_editors(apps, schema_editor) -> None:
    roles.grant(
        apps,
        roles.EDITORS,
        [
            f"articles.{action}_{model}"
            for model in ("faqitem", "articleimage", "sharelink")
            for action in ("add", "change", "delete", "view")
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_content_images_share_links"),
        ("byline", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
