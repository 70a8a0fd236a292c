"""Revisions of articles: every save keeps the article's content; any revision can come back.

The content is ``snapshot.capture``'s JSON (fields, body, tags, related links, body images,
featured image, SEO fields; older content also an FAQ list, see ``snapshot.body_of``);
comparing two revisions reads ``snapshot.describe``, the same text the edit-conflict message
shows. ``apply_content`` writes content back through ``Article.save()`` and the inlines' own
rows, so everything that follows a save (version, slug history, link index, search index,
rendered body) follows a restore too.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.editing import snapshot
from articles.editing.models import Revision
from articles.links import redirects
from articles.links.models import RelatedLink
from articles.media.models import Image
from articles.models import Article, Category, Tag

capture = snapshot.capture

#: What a restore leaves as it is: bringing back old words must not unpublish (or publish) an
#: article, nor move its publication time.
PUBLICATION_KEYS = frozenset({"status", "published_at"})

User = AbstractBaseUser | AnonymousUser | None


def _editor(user: User) -> Any:
    return user if user is not None and user.is_authenticated else None


def revision_time(revision: Revision) -> str:
    """ "28 Nov 2026 10:41" in the site's time zone."""
    return formats.date_format(timezone.localtime(revision.created_at), "j M Y H:i")


def summarize(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """One line saying what changed: "Title, Body (+2 −1 paragraphs), Related links"."""
    if before is None:
        return _("First revision")
    changed = snapshot.changes(snapshot.describe(before), snapshot.describe(after))
    if not changed:
        return _("No changes")
    parts = []
    for change in changed:
        if change.name == "body":
            added = sum(1 for line in change.lines if line.op == "added")
            removed = sum(1 for line in change.lines if line.op == "removed")
            parts.append(
                _("%(label)s (+%(added)s −%(removed)s %(unit)s)")
                % {
                    "label": change.label,
                    "added": added,
                    "removed": removed,
                    "unit": ngettext("paragraph", "paragraphs", max(added, removed)),
                }
            )
        else:
            parts.append(change.label)
    return ", ".join(parts)[:300]


def latest(article: Article) -> Revision | None:
    """The article's newest revision, or None before its first save with revisions kept."""
    return Revision.objects.filter(article=article).first()


def ensure_baseline(article: Article) -> None:
    """Keep the article as the database has it now, if it has no revision yet.

    Articles written before revisions were kept get their first revision just before the save
    that would change them, so that state can still be brought back.
    """
    if Revision.objects.filter(article_id=article.pk).exists():
        return
    stored = Article.objects.select_related("author", "category").get(pk=article.pk)
    Revision.objects.create(
        article=stored,
        created_at=stored.updated_at,
        created_by=stored.last_saved_by,
        kind=Revision.Kind.BASELINE,
        content=capture(stored),
        summary=_("As it was before revisions were kept"),
    )


def record_revision(
    *, article: Article, user: User, kind: str = Revision.Kind.SAVE, summary: str | None = None
) -> Revision:
    """Keep the article's content as it is now (call it after the inlines are saved).

    A plain save that changed nothing returns the latest revision instead of repeating it.
    """
    content = capture(article)
    previous = latest(article)
    before = previous.content if previous else None
    if kind == Revision.Kind.SAVE and before == content:
        return previous
    return Revision.objects.create(
        article=article,
        created_by=_editor(user),
        kind=kind,
        content=content,
        summary=summary if summary is not None else summarize(before, content),
    )


def _check_slug(article: Article, slug: str) -> None:
    if slug == article.slug:
        return
    holder = Article.objects.filter(slug=slug).exclude(pk=article.pk).first()
    if holder is not None:
        raise ValidationError(
            _("“%(title)s” uses the address “%(slug)s” now; change its slug first.")
            % {"title": holder.title, "slug": slug},
            code="slug_taken",
        )
    if holder := redirects.old_address_holder(slug, exclude=article):
        raise ValidationError(redirects.taken_message(holder), code="old_address_taken")


def _apply_featured_image(article: Article, content: dict[str, Any], notes: list[str]) -> None:
    featured = content["featured_image"]
    if not featured:
        article.featured_image = None
        article.featured_image_alt = content["featured_image_alt"]
        return
    image = _library_image(featured)
    if image is None:
        notes.append(
            _("The featured image “%(name)s” is no longer in the library; the current one is kept.")
            % {"name": snapshot.featured_image_name(content)}
        )
        return  # its alt text stays too: it describes the image kept
    article.featured_image = image
    article.featured_image_alt = content["featured_image_alt"]


def _library_image(featured: Any) -> Image | None:
    """The library image captured content names: ``{"id", "name"}``, or a file name (format 1)."""
    if isinstance(featured, dict):
        return Image.objects.filter(pk=featured.get("id")).first()
    if featured:  # the library kept every file under its old name
        return Image.objects.filter(file=featured).first()
    return None


def keep_featured_image_file(article: Article, content: dict[str, Any]) -> None:
    """Give ``article`` the featured image ``content`` chose, if the form left it without one.

    A form drawn again from stored content carries the library image's id; content captured
    before the library named a file, found here in the library under the same name.
    """
    if article.featured_image_id is None and (
        image := _library_image(content.get("featured_image"))
    ):
        article.featured_image = image


def _apply_links(article: Article, links: list[dict[str, Any]], notes: list[str]) -> None:
    RelatedLink.objects.filter(source=article).delete()
    targets = Article.objects.in_bulk({link["target"] for link in links})
    for link in links:
        if link["target"] not in targets or link["target"] == article.pk:
            notes.append(
                _("The related link to “%(title)s” is not restored: that article is deleted.")
                % {"title": link["target_title"]}
            )
            continue
        # One by one: each save queues the source's link re-index (once per transaction).
        RelatedLink.objects.create(
            source=article,
            target=targets[link["target"]],
            anchor_text=link["anchor_text"],
            placement=link["placement"],
            after_paragraph=link["after_paragraph"],
            position=link["position"],
        )


@transaction.atomic
def apply_content(
    *,
    article: Article,
    content: dict[str, Any],
    user: User,
    notes: list[str] | None = None,
) -> Article:
    """Write captured content back to the article and its inlines, as one save.

    Keys missing from ``content`` are left as they are. What can no longer come back (a
    deleted linked article, an image file gone) is skipped and described in ``notes``. A slug
    another article holds (now or as an old address) is refused with a ValidationError, and
    nothing is written.
    """
    notes = notes if notes is not None else []
    # Held like an admin save holds it: no other save interleaves with this one.
    article = Article.objects.select_for_update().get(pk=article.pk)
    ensure_baseline(article)
    if "slug" in content:
        _check_slug(article, content["slug"])
    if "faqs" in content:
        # Captured when the FAQ was rows of its own: it comes back as blocks of the body.
        content = {**content, "body": snapshot.body_of({"body": article.body, **content})}
    for name in snapshot.PLAIN_FIELDS:
        if name in content and name != "featured_image_alt":
            setattr(article, name, content[name])
    if "published_at" in content:
        value = content["published_at"]
        article.published_at = datetime.fromisoformat(value) if value else None
    if "featured_image" in content:
        _apply_featured_image(article, content, notes)
    if "author" in content:
        author_model = Article._meta.get_field("author").related_model
        if author_model.objects.filter(pk=content["author"]["id"]).exists():
            article.author_id = content["author"]["id"]
        else:
            notes.append(_("The author's account is deleted; the current author is kept."))
    if "category" in content:
        if Category.objects.filter(pk=content["category"]["id"]).exists():
            article.category_id = content["category"]["id"]
        else:
            notes.append(_("The category is deleted; the current category is kept."))
    article.last_saved_by = _editor(user)
    article.save()
    if "tags" in content:
        article.tags.set(Tag.objects.filter(pk__in=[tag["id"] for tag in content["tags"]]))
    if "related_links" in content:
        _apply_links(article, content["related_links"], notes)
    article.refresh_from_db()
    return article


@transaction.atomic
def restore_revision(*, revision: Revision, user: User, notes: list[str] | None = None) -> Revision:
    """Bring back a revision's content as a new revision (history is never rewritten).

    The article's publication state (status and time) stays as it is now.
    """
    ensure_baseline(revision.article)
    before = latest(revision.article)
    content = {k: v for k, v in revision.content.items() if k not in PUBLICATION_KEYS}
    article = apply_content(article=revision.article, content=content, user=user, notes=notes)
    after = capture(article)
    restored = _("Restored the revision of %(when)s") % {"when": revision_time(revision)}
    return Revision.objects.create(
        article=article,
        created_by=_editor(user),
        kind=Revision.Kind.RESTORE,
        content=after,
        summary=f"{restored}: {summarize(before.content, after)}"[:300],
    )
