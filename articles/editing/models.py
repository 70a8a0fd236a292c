"""What the editing tools keep: who has a form open, revisions of articles, autosaves."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

#: A form unheard from for this long is closed (tab shut, laptop asleep): nothing stays locked.
PRESENCE_TIMEOUT = timedelta(minutes=1)


class EditPresenceQuerySet(models.QuerySet):
    def current(self) -> "EditPresenceQuerySet":
        """Forms heard from within the timeout."""
        return self.filter(seen_at__gte=timezone.now() - PRESENCE_TIMEOUT)


class EditPresence(models.Model):
    """One editor having one article's change form open: a notice for others, never a lock."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("editor"),
    )
    seen_at = models.DateTimeField(_("last heard from"))

    objects = EditPresenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("open change form")
        verbose_name_plural = _("open change forms")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="edit_presence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.article_id}"


class Revision(models.Model):
    """The article's content as one save left it (see ``revisions``); never changed afterwards."""

    class Kind(models.TextChoices):
        SAVE = "save", _("Saved")
        RESTORE = "restore", _("Restored")
        BASELINE = "baseline", _("As it was before revisions were kept")
        DRAFT = "draft", _("Draft saved (not published)")
        PUBLISH = "publish", _("Draft published")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    kind = models.CharField(_("kind"), max_length=20, default=Kind.SAVE)
    content = models.JSONField(_("content"))
    summary = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        # The revision list and "the latest revision" walk this index, newest first.
        indexes = [
            models.Index(fields=["article", "-created_at", "-id"], name="revision_article_newest")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} at {self.created_at:%Y-%m-%d %H:%M:%S}"

    @property
    def kind_label(self) -> str:
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind  # a kind another tool records (drafts)


class Autosave(models.Model):
    """An editor's unsaved change form, kept in case the tab closes: one per editor and article.

    Not a revision: readers never see it, it is not in the revision list, and it moves neither
    the article's version nor anything an edit-conflict check reads.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("editor"),
    )
    saved_at = models.DateTimeField(_("saved"))
    #: The version the form was opened at: restoring it keeps the edit-conflict check honest.
    version = models.PositiveIntegerField(_("version"))
    #: The form's fields as posted: name -> list of values (files are not kept).
    data = models.JSONField(_("form data"))

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="autosave_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.article_id}"


class Draft(models.Model):
    """Changes to a live article kept apart from it: readers see the live version meanwhile.

    One per article. ``content`` is what publishing writes (``revisions.capture`` of the
    article as the draft has it), ``data`` the change form as posted, to draw it again.
    With ``publish_at`` set the changes go live by themselves then (``drafts.publish_due``).
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    content = models.JSONField(_("content"))
    data = models.JSONField(_("form data"))
    significant = models.BooleanField(
        _("significant edit"),
        default=False,
        help_text=_("Publishing it moves the public “Updated” date."),
    )
    publish_at = models.DateTimeField(_("publish changes at"), null=True, blank=True)

    class Meta:
        verbose_name = _("draft of a live article")
        verbose_name_plural = _("drafts of live articles")
        # The sweep that publishes due changes reads this index only.
        indexes = [models.Index(fields=["publish_at"], name="draft_publish_at")]

    def __str__(self) -> str:
        return f"Draft of {self.article_id}"
