"""The article form's edit-conflict check: it carries the version it was opened at."""

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from articles.editing import snapshot
from articles.editing.models import Draft
from articles.models import Article, display_name


def saved_at(article: Article) -> str:
    """ "at 10:41" today, else "on 28 Nov 2026 at 10:41" (the site's time zone)."""
    return _when(article.updated_at)


def _when(value: Any) -> str:
    when = timezone.localtime(value)
    time = formats.time_format(when, "H:i")
    if when.date() == timezone.localdate():
        return _("at %(time)s") % {"time": time}
    return _("on %(date)s at %(time)s") % {"date": formats.date_format(when, "j M Y"), "time": time}


class Conflict:
    """Someone saved the article after this form was opened: who, when and what they changed."""

    def __init__(self, current: Article, opened: dict[str, str]) -> None:
        self.current = current
        self.by = display_name(current.last_saved_by) if current.last_saved_by else None
        self.when = saved_at(current)
        self.snapshot = snapshot.snapshot(current)
        # A draft saved since (see ``drafts``) is what moved the version: compare with it.
        self.draft = Draft.objects.filter(article=current).select_related("saved_by").first()
        if self.draft is not None:
            self.by = display_name(self.draft.saved_by) if self.draft.saved_by else None
            self.when = _when(self.draft.saved_at)
            self.snapshot = snapshot.describe(self.draft.content)
        self.changes = snapshot.changes(opened, self.snapshot) if opened else []

    @property
    def message(self) -> str:
        if self.draft is not None:
            return _("%(name)s saved a draft of this article %(when)s since you opened it.") % {
                "name": self.by or _("Someone"),
                "when": self.when,
            }
        if self.by:
            return _("%(name)s saved this article %(when)s since you opened it.") % {
                "name": self.by,
                "when": self.when,
            }
        return _("Someone saved this article %(when)s since you opened it.") % {"when": self.when}


class ConflictCheckedForm(forms.ModelForm):
    """Refuses to save over a version newer than the one the form was opened at.

    The caller loads ``instance`` under a row lock (``EditingAdminMixin.get_object``), so the
    check and the save that follows it cannot interleave with another save. On a conflict the
    form keeps everything the editor typed and moves its version on: saving again, after
    merging, is a deliberate choice.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opened_snapshot = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if self.instance.pk and not self.is_bound:
            self.initial["opened_version"] = self.instance.version
            self.initial["opened_snapshot"] = json.dumps(snapshot.snapshot(self.instance))

    def _opened_snapshot(self) -> dict[str, str]:
        try:
            opened = json.loads(self.cleaned_data.get("opened_snapshot") or "{}")
        except ValueError:
            return {}
        return opened if isinstance(opened, dict) else {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None and opened != self.instance.version:
            current = (
                Article.objects.select_related(
                    "author", "category", "last_saved_by", "featured_image"
                )
                .prefetch_related("tags")
                .get(pk=self.instance.pk)
            )
            self.conflict = Conflict(current, self._opened_snapshot())
            # Shown again, the form is at their version: the next save is the merged one.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = current.version
            self.data[self.add_prefix("opened_snapshot")] = json.dumps(self.conflict.snapshot)
            raise ValidationError(self.conflict.message, code="edit_conflict")
        return cleaned
