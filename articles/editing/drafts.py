"""Drafts of a live article: changes kept apart until they are published, now or at a time.

Readers keep seeing the live article while a draft waits. "Save draft" keeps the change form's
content (``revisions.capture`` of the article as a save would leave it) and the form as posted;
each draft save is also a revision (kind "draft"), so no draft is ever lost, and it moves the
article's version on, so a second editor's form goes through the edit-conflict check instead of
silently overwriting it. Publishing writes the content through ``revisions.apply_content``
(a real save: slug history, link and search indexes, caches follow).

Scheduled changes are published by the task worker: scheduling enqueues
``tasks.publish_due_changes`` to run at that time (``DJANGO_TASKS=database``), and that task
publishes every draft whose time has come, not just its own, so a worker that was stopped or
late publishes everything overdue the moment it runs, and a draft rescheduled meanwhile is
published at its new time. The draft row, not the queue, is what holds the schedule; where no
worker runs (``DJANGO_TASKS=immediate``), ``manage.py publish_due_changes`` from cron each minute
does the same sweep.
"""

import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.tasks import default_task_backend
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles import publishing
from articles.editing import revisions
from articles.editing.models import Draft, Revision
from articles.models import Article

logger = logging.getLogger(__name__)

#: Kinds of revision this module records.
DRAFT_KIND = Revision.Kind.DRAFT
PUBLISHED_KIND = Revision.Kind.PUBLISH

#: Form fields a draft does not keep: the request's token and the submit buttons.
SKIPPED_FIELDS = frozenset(
    {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_savedraft", "_schedule"}
)


def when(value: datetime) -> str:
    """ "30 Nov 2026 14:00" in the site's time zone."""
    return formats.date_format(timezone.localtime(value), "j M Y H:i")


def waiting(article: Article) -> Draft | None:
    """The draft waiting on ``article``, if any."""
    return Draft.objects.filter(article=article).select_related("saved_by").first()


def form_data(posted: Any) -> dict[str, list[str]]:
    """The change form as posted, as JSON (files are not kept: a draft's content names them)."""
    return {name: posted.getlist(name) for name in posted if name not in SKIPPED_FIELDS}


@transaction.atomic
def save_draft(
    *,
    article: Article,
    content: dict[str, Any],
    data: dict[str, list[str]],
    user: Any,
    significant: bool = False,
    publish_at: datetime | None = None,
) -> Draft:
    """Keep ``content`` as the article's draft (replacing the one the editor's form showed)."""
    editor = user if user is not None and user.is_authenticated else None
    previous = revisions.latest(article)
    draft, _created = Draft.objects.update_or_create(
        article=article,
        defaults={
            "saved_by": editor,
            "saved_at": timezone.now(),
            "content": content,
            "data": data,
            "significant": significant,
            "publish_at": publish_at,
        },
    )
    # Another editor's open form is now behind: their save or draft meets the conflict check.
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1, last_saved_by=editor)
    summary = revisions.summarize(previous.content if previous else None, content)
    Revision.objects.create(
        article=article,
        created_by=editor,
        kind=DRAFT_KIND,
        content=content,
        summary=(_("Draft: %(summary)s") % {"summary": summary})[:300],
    )
    if publish_at is not None:
        transaction.on_commit(lambda: schedule(publish_at))
    return draft


def schedule(publish_at: datetime) -> None:
    """Ask the task worker to publish what is due at ``publish_at`` (if there is a worker)."""
    from articles.editing.tasks import publish_due_changes  # tasks import this module

    if default_task_backend.supports_defer:
        publish_due_changes.using(run_after=publish_at).enqueue()


def discard(article: Article) -> bool:
    """Drop the waiting draft (its revisions stay in the history); whether there was one."""
    deleted, _rows = Draft.objects.filter(article=article).delete()
    return bool(deleted)


@transaction.atomic
def publish(draft: Draft, *, user: Any, notes: list[str] | None = None) -> Article | None:
    """Make the draft's changes live (its publication state is the article's own); None if
    another worker or editor published or discarded it first.
    """
    locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        return None
    content = {
        name: value
        for name, value in locked.content.items()
        if name not in revisions.PUBLICATION_KEYS
    }
    article = revisions.apply_content(
        article=Article(pk=locked.article_id), content=content, user=user, notes=notes
    )
    if locked.significant:
        publishing.mark_significant_update(article)
    revisions.record_revision(
        article=article,
        user=user,
        kind=PUBLISHED_KIND,
        summary=_("Published the draft saved %(when)s") % {"when": when(locked.saved_at)},
    )
    locked.delete()
    return article


def publish_due(*, now: datetime | None = None) -> int:
    """Publish every draft whose time has come, however late; return how many."""
    published = 0
    due = Draft.objects.filter(publish_at__lte=now or timezone.now()).order_by("publish_at")
    for draft in due.select_related("saved_by"):
        try:
            if publish(draft, user=draft.saved_by) is not None:
                published += 1
        except ValidationError as error:
            # A slug another article took meanwhile: the draft stays, unscheduled, for an editor.
            logger.error("Scheduled changes to article %s refused: %s", draft.article_id, error)
            Draft.objects.filter(pk=draft.pk).update(publish_at=None)
    return published
