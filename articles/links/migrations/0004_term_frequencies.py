"""Each term's document frequency in a table of its own, counted once from the stored terms.

Ranking suggestions counted ``ArticleTerm`` rows per term on every change page; from now on
the counts are kept as terms are written (see ``suggestions``).
"""

from django.db import migrations, models


def count_terms(apps, schema_editor) -> None:
    quote = schema_editor.quote_name
    terms = quote(apps.get_model("links", "ArticleTerm")._meta.db_table)
    counts = quote(apps.get_model("links", "TermFrequency")._meta.db_table)
    # One statement in the database: 4,000,000 term rows at 100,000 articles never reach Python.
    schema_editor.execute(
        f"INSERT INTO {counts} (term, articles) SELECT term, COUNT(*) FROM {terms} GROUP BY term"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0003_fewer_index_writes"),
    ]

    operations = [
        migrations.CreateModel(
            name="TermFrequency",
            fields=[
                (
                    "term",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="term"
                    ),
                ),
                ("articles", models.IntegerField(verbose_name="articles")),
            ],
            options={
                "verbose_name": "term frequency",
                "verbose_name_plural": "term frequencies",
            },
        ),
        migrations.RunPython(count_terms, migrations.RunPython.noop, elidable=True),
    ]
