"""Every article's FAQ items move into its body, as FAQ blocks at its end (issue 12).

The FAQ was an inline of question and answer rows shown after the body under "Frequently
asked questions"; it is now a block of the body (``<details class="faq">``, see
``articles/richtext.py``) that editors write in place, and the next migration drops the rows.
So that readers see what they saw, each article's items are appended to its body in position
order under that heading (``richtext.with_faqs``: the question escaped, the answer's lines made
paragraphs as the old ``|linebreaks`` did), and what ``Article.save()`` derives from the body
is derived again: the sanitized body, ``body_html`` (body images keep their library
``<picture>``), the table of contents and the reading time. ``version`` moves on, so a change
form opened before the migration meets the edit-conflict check instead of saving a body
without the FAQs over them; ``updated_at`` stays (readers' content did not change).

The other stores derived from the body:

* PostgreSQL's search vector is a generated column: it follows the UPDATE by itself.
* The link index is unchanged: FAQ answers were plain text, so the moved words hold no link.
* SQLite's search index (FTS5) and the related-link suggestion terms do not yet hold the
  moved words; they hold what they held before (FAQs were never indexed), so nothing is wrong
  meanwhile. ``manage.py rebuild_search_index`` and ``manage.py rebuild_link_index`` take them
  in (both write only what changed), as does each article's next save.
* Cached pages show the FAQ as the old section until they are purged; after deploying,
  ``manage.py purge_pages --all`` (the content is the same, so this is only tidiness).

Reversing leaves the FAQs in the bodies, where readers still see them: once editors have
written FAQ blocks of their own, moved items could not be told apart from those.
"""

from types import SimpleNamespace
from typing import Any

from django.db import migrations
from django.db.models import F

from articles import images, richtext

BATCH = 200


def _library_image(image: Any) -> SimpleNamespace:
    """What ``images.body_pictures`` reads of a library image (the historical model has no
    ``url`` or ``storage`` property)."""
    return SimpleNamespace(
        file=image.file,
        url=image.file.url if image.file else "",
        renditions=image.renditions,
        storage=image.file.storage,
    )


def move_faqs_into_bodies(apps: Any, schema_editor: Any) -> None:
    Article = apps.get_model("articles", "Article")
    FAQItem = apps.get_model("articles", "FAQItem")
    Image = apps.get_model("media", "Image")
    media_url = images.media_path()
    article_ids = sorted(set(FAQItem.objects.values_list("article_id", flat=True)))
    for start in range(0, len(article_ids), BATCH):
        batch = article_ids[start : start + BATCH]
        faqs: dict[int, list[tuple[str, str]]] = {pk: [] for pk in batch}
        rows = FAQItem.objects.filter(article_id__in=batch).order_by("position", "id")
        for article_id, question, answer in rows.values_list("article_id", "question", "answer"):
            faqs[article_id].append((question, answer))
        for pk, body in Article.objects.filter(pk__in=batch).values_list("pk", "body"):
            # As Article.render_body: sanitized, then rendered with the library's pictures.
            body = richtext.sanitize(richtext.with_faqs(body, faqs[pk]))
            names = {
                src.removeprefix(media_url)
                for src in richtext.image_sources(body)
                if src.startswith(media_url)
            }
            found = Image.objects.filter(file__in=names) if names else []
            library = [_library_image(image) for image in found]
            rendered = richtext.render(
                body, picture_for=images.body_pictures(library), media_url=media_url
            )
            Article.objects.filter(pk=pk).update(
                body=body,
                body_html=rendered.html,
                toc=rendered.toc,
                reading_minutes=rendered.reading_minutes,
                version=F("version") + 1,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0030_published_by_id_index"),
        ("media", "0002_editor_permissions"),
    ]

    operations = [
        # Reversed, the FAQs stay in the bodies (see the docstring): nothing to undo.
        migrations.RunPython(move_faqs_into_bodies, migrations.RunPython.noop, elidable=False),
    ]
