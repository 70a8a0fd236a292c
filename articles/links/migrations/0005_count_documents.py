"""The document count (articles with a term vector) joins the term frequencies, under the
empty term: ranking took it from a count of the whole articles table on every change page."""

from django.db import migrations


def count_documents(apps, schema_editor) -> None:
    quote = schema_editor.quote_name
    terms = quote(apps.get_model("links", "ArticleTerm")._meta.db_table)
    counts = quote(apps.get_model("links", "TermFrequency")._meta.db_table)
    schema_editor.execute(
        f"INSERT INTO {counts} (term, articles) SELECT '', COUNT(DISTINCT article_id) FROM {terms}"
    )


def forget_documents(apps, schema_editor) -> None:
    apps.get_model("links", "TermFrequency").objects.filter(term="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0004_term_frequencies"),
    ]

    operations = [
        migrations.RunPython(count_documents, forget_documents, elidable=True),
    ]
