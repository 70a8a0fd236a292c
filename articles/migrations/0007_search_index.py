"""SQLite only: the FTS5 full-text index of articles (PostgreSQL searches the table itself)."""

import html
import re

from django.db import migrations
from django.utils.html import strip_tags

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search USING fts5("
    "title, summary, text, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def text(markup: str) -> str:
    markup = re.sub("</(h[1-6]|dt|figcaption)>", " — ", markup, flags=re.IGNORECASE)
    return " ".join(html.unescape(strip_tags(markup.replace("<", " <"))).split())


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE)
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("id", "title", "summary", "body").iterator():
        summary = text(article.summary)
        schema_editor.execute(
            "INSERT INTO articles_search (rowid, title, summary, text) VALUES (%s, %s, %s, %s)",
            [article.id, article.title, summary, f"{summary} {text(article.body)}"],
        )


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_related_link_permissions")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
