"""Edit-conflict checks and presence notices for the article admin.

``EditingAdminMixin`` is mixed into ``ArticleAdmin``: it locks the article's row while a change
form is saved (so the form's version check and the save are one step), records who saved, and
tells editors who else has the article open.
"""

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.editing import preview
from articles.editing.models import EditPresence
from articles.models import Article, display_name


def others_editing(article: Article, user: Any) -> list[str]:
    """Record that ``user`` has the article open; name the others who have it open too."""
    EditPresence.objects.update_or_create(
        article=article, user=user, defaults={"seen_at": timezone.now()}
    )
    others = (
        EditPresence.objects.current()
        .filter(article=article)
        .exclude(user=user)
        .select_related("user")
        .order_by("seen_at")
    )
    return [display_name(presence.user) for presence in others]


def presence_notice(names: list[str]) -> str:
    """ "Ann Lee has this article open", or nothing when nobody else has."""
    if not names:
        return ""
    if len(names) == 1:
        who = names[0]
        return _(
            "%(name)s has this article open: save often, and you will be told if your saves cross."
        ) % {"name": who}
    return _(
        "%(names)s have this article open: save often, and you will be told if your saves cross."
    ) % {"names": ", ".join(names)}


class EditingAdminMixin:
    """Adds the edit-conflict check, the presence notice and the leave guard to a change form."""

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Model | None:
        if request.method == "POST":
            # changeform_view runs in one transaction: holding the row from here until the save
            # means no other save can slip between the form's version check and this save.
            # (SQLite takes its write lock at BEGIN IMMEDIATE, which serialises the same way.)
            with contextlib.suppress(ValueError):
                Article.objects.select_for_update().filter(pk=int(object_id)).exists()
        return super().get_object(request, object_id, from_field)

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        obj.last_saved_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        *args: Any,
        obj: Article | None = None,
        **kwargs: Any,
    ) -> HttpResponse:
        if obj is not None and obj.pk:
            context["presence_notice"] = presence_notice(others_editing(obj, request.user))
            context["presence_url"] = reverse("admin:articles_article_presence", args=[obj.pk])
            context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk])
        else:
            context["preview_url"] = reverse("admin:articles_article_preview_add")
        context["conflict"] = getattr(
            context.get("adminform") and context["adminform"].form, "conflict", None
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview_add",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def presence_view(self, request: HttpRequest, object_id: int) -> JsonResponse:
        """The change form's heartbeat: "still open", answered with who else has it open."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        return JsonResponse({"notice": presence_notice(others_editing(article, request.user))})

    @method_decorator(require_POST)
    def preview_view(self, request: HttpRequest, object_id: int | None = None) -> HttpResponse:
        """The change form's content as readers would see it, in a new tab; nothing is saved."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            obj = None
        else:
            obj = get_object_or_404(self.get_queryset(request), pk=object_id)
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        shown = preview.build(self, request, obj)
        response = TemplateResponse(
            request,
            "admin/editing/preview.html",
            {
                "preview": shown,
                "page": preview.opening_links_outside(shown.page),
                "title": request.POST.get("title", ""),
                "phone_width": preview.PHONE_WIDTH,
            },
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
