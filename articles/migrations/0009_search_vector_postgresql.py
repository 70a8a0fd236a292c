"""PostgreSQL only: a stored, GIN-indexed search vector beside each article.

Computing the weighted vectors at query time took 2.5 s per search at 5,000 articles; the
stored column makes it a GIN index lookup. The model does not declare the column (SQLite has
FTS5 instead, see 0007); articles/search.py reads it by name. The expression must stay the one
in PostgresSearch's docstring: title A, summary B, body C, HTML tags taken out.
"""

from django.db import migrations

ADD = """
ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
    || setweight(to_tsvector('english', regexp_replace(
        regexp_replace(coalesce(body, ''), '</(h[1-6]|dt|figcaption)>', ' — ', 'gi'),
        '<[^>]+>', ' ', 'g')), 'C')
) STORED;
CREATE INDEX articles_article_search_vector ON articles_article USING GIN (search_vector);
"""
DROP = "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector;"


def add_column(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_column(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_editors_pick_authors")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
