"""Drop two single-column indexes a composite index already serves.

``articlelink.target_id`` is the first column of the (target, source) index and
``articleterm.article_id`` of the (article, term) unique index; each was one more index for
every row a rebuild writes. Django would alter each field by copying its whole table on SQLite
(4,000,000 term rows at 100,000 articles); dropping the index by its name is all it takes, and
the names are the same on both databases.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = [
    ("articles_articlelink_target_id_1ab05b8b", "articles_articlelink", "target_id"),
    ("articles_articleterm_article_id_ac81ef8d", "articles_articleterm", "article_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0029_author_picture_from_library"),
        ("links", "0002_content_types"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="articlelink",
                    name="target",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="incoming_links",
                        to="articles.article",
                        verbose_name="target",
                    ),
                ),
                migrations.AlterField(
                    model_name="articleterm",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="terms",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in DROPPED
            ],
        )
    ]
