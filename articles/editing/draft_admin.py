"""Drafts of a live article in the article admin: "Save draft", schedule, publish, discard.

"Save draft" runs the admin's whole save (form, inlines, everything a save does to the content)
inside a savepoint, captures the article as that save left it, and rolls the savepoint back:
the draft is exactly what a save would have published, and readers never see it meanwhile.
"""

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles.editing import drafts, revisions, snapshot
from articles.editing.models import Autosave, Draft
from articles.models import Article, display_name, is_public

DRAFT_BUTTONS = ("_savedraft", "_schedule")


def _drafting(request: HttpRequest) -> bool:
    return request.method == "POST" and any(name in request.POST for name in DRAFT_BUTTONS)


def draft_querydict(draft: Draft, article: Article) -> QueryDict:
    """The draft's form data, at the article's current version (the form shows the draft)."""
    data = QueryDict(mutable=True)
    for name, values in snapshot.form_with_faqs_in_body(draft.data).items():
        data.setlist(name, [str(value) for value in values])
    data["opened_version"] = str(article.version)
    data["opened_snapshot"] = json.dumps(snapshot.describe(draft.content))
    return data


class DraftsAdminMixin:
    """Lets an editor work on a live article's changes apart, then publish them or schedule them."""

    actions = ["publish_waiting_changes"]

    # --- The list: "Live + draft" ---

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .annotate(has_draft=Exists(Draft.objects.filter(article=OuterRef("pk"))))
        )

    @admin.action(description=_("Publish the waiting drafts of selected articles now"))
    def publish_waiting_changes(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for draft in Draft.objects.filter(article__in=queryset):
            try:
                if drafts.publish(draft, user=request.user) is not None:
                    count += 1
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        self.message_user(
            request,
            ngettext(
                "Published the changes of %d article.",
                "Published the changes of %d articles.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    # --- The form: the schedule field, and the draft drawn into it on opening ---

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Article | None:
        obj = super().get_object(request, object_id, from_field)
        opening = (
            request.method == "GET"
            and request.resolver_match is not None
            and request.resolver_match.url_name == "articles_article_change"
            and "autosave" not in request.GET  # restoring an autosave draws the form from it
        )
        # ``has_draft`` comes with the row (get_queryset): no query unless a draft waits.
        if opening and obj is not None and getattr(obj, "has_draft", False):
            request.waiting_draft = Draft.objects.filter(article=obj).first()
        return obj

    def get_form(
        self, request: HttpRequest, obj: Article | None = None, change: bool = False, **kwargs: Any
    ) -> type:
        form_class = super().get_form(request, obj, change, **kwargs)
        draft = getattr(request, "waiting_draft", None)
        data = draft_querydict(draft, obj) if draft is not None and obj is not None else None

        class DraftsForm(form_class):
            changes_publish_at = forms.DateTimeField(
                label=_("Publish the changes at"),
                required=False,
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                widget=forms.DateTimeInput(
                    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
                ),
            )

            def __init__(self, *args: Any, **init_kwargs: Any) -> None:
                if data is not None and not args and "data" not in init_kwargs:
                    args = (data, {})  # drawn from the draft; nothing is saved
                super().__init__(*args, **init_kwargs)
                if (
                    draft is not None
                    and draft.publish_at
                    and not self.data.get("changes_publish_at")
                ):
                    self.initial["changes_publish_at"] = timezone.localtime(draft.publish_at)

            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if "_schedule" in self.data:
                    at = cleaned.get("changes_publish_at")
                    if at is None:
                        self.add_error(
                            "changes_publish_at",
                            ValidationError(
                                _("Say when the changes go live."), code="time_required"
                            ),
                        )
                    elif at <= timezone.now():
                        self.add_error(
                            "changes_publish_at",
                            ValidationError(
                                _(
                                    "That time has passed: choose a later one, or press Save to "
                                    "publish the changes now."
                                ),
                                code="time_passed",
                            ),
                        )
                return cleaned

        return DraftsForm

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Article, inline: Any, prefix: str
    ) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (draft := getattr(request, "waiting_draft", None)) is not None:
            kwargs.update(data=draft_querydict(draft, obj), files={})
        return kwargs

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        *args: Any,
        obj: Article | None = None,
        **kwargs: Any,
    ) -> HttpResponse:
        if obj is not None and obj.pk:
            # Live as saved: a refused submission has already put what was typed on ``obj``.
            form = context["adminform"].form
            context["drafts_offered"] = is_public(
                form.initial.get("status"), form.initial.get("published_at")
            )
            draft = getattr(request, "waiting_draft", None)
            if draft is None and request.method == "POST":
                draft = Draft.objects.filter(article=obj).select_related("saved_by").first()
            context["waiting_draft"] = draft
            if draft is not None:
                context["draft_by"] = display_name(draft.saved_by) if draft.saved_by else ""
                context["draft_when"] = drafts.when(draft.saved_at)
                context["draft_publish_when"] = (
                    drafts.when(draft.publish_at) if draft.publish_at else ""
                )
                context["draft_discard_url"] = reverse(
                    "admin:articles_article_discard_draft", args=[obj.pk]
                )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    # --- Saving: a draft instead of the live article ---

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if change and _drafting(request):
            # Everything the save writes is undone once the draft has captured it.
            request.draft_savepoint = transaction.savepoint_create()
        elif change and "featured_image" not in form.changed_data:
            # Saving the form drawn from a draft publishes it, with the image the draft chose.
            draft = Draft.objects.filter(article=obj).only("content").first()
            if draft is not None:
                revisions.keep_featured_image_file(obj, draft.content)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        savepoint = getattr(request, "draft_savepoint", None)
        if savepoint is None:
            if change:
                # The form showed the waiting draft (or was refused as behind it): it is live now.
                request.published_draft = drafts.discard(form.instance)
            return
        content = revisions.capture(form.instance)
        transaction.savepoint_rollback(savepoint)
        article = form.instance
        request.saved_draft = drafts.save_draft(
            article=article,
            content=content,
            data=drafts.form_data(request.POST),
            user=request.user,
            significant=bool(form.cleaned_data.get("significant_edit")),
            # What the schedule field holds applies to Save draft too: a scheduled draft
            # touched up keeps its time, and clearing the field unschedules it.
            publish_at=form.cleaned_data.get("changes_publish_at"),
        )
        Autosave.objects.filter(article=article, user=request.user).delete()  # kept as the draft

    def log_change(self, request: HttpRequest, obj: Article, message: Any) -> Any:
        if (draft := getattr(request, "saved_draft", None)) is not None:
            message = (
                _("Scheduled changes for %(when)s.") % {"when": drafts.when(draft.publish_at)}
                if draft.publish_at
                else _("Saved a draft of changes.")
            )
        return super().log_change(request, obj, message)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        draft = getattr(request, "saved_draft", None)
        if draft is None:
            if getattr(request, "published_draft", False):
                self.message_user(
                    request, _("The draft's changes are live: readers see them now."), messages.INFO
                )
            return super().response_change(request, obj)
        if draft.publish_at and draft.publish_at <= timezone.now():
            text = _(
                "Draft saved. Its time has passed: the changes go live at the task worker's "
                "next run."
            )
        elif draft.publish_at:
            text = _(
                "Changes scheduled: they go live by themselves on %(when)s. Until then readers "
                "see the live version."
            ) % {"when": drafts.when(draft.publish_at)}
        else:
            text = _(
                "Draft saved. Readers still see the live version; press Save to publish the "
                "changes, or schedule them."
            )
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    # --- Discarding ---

    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/draft/discard/",
                self.admin_site.admin_view(self.discard_draft_view),
                name="articles_article_discard_draft",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def discard_draft_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Forget the waiting draft (it stays in the revisions); the form shows the live article."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if drafts.discard(article):
            self.message_user(
                request,
                _(
                    "Draft discarded: the form shows the live version. The draft stays in the "
                    "revisions."
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))
