"""Who has an article's change form open, as last told by the form's heartbeat."""

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
