"""Edit-conflict checks and presence notices for the article admin.

``EditingAdminMixin`` is mixed into ``ArticleAdmin``: it locks the article's row while a change
form is saved (so the form's version check and the save are one step), records who saved, and
tells editors who else has the article open.
"""

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.editing import preview, revisions, snapshot
from articles.editing.models import Autosave, EditPresence, Revision
from articles.models import Article, display_name

#: One page of the revision list: its queries stay the same however many revisions there are.
REVISIONS_PER_PAGE = 50

#: Form fields an autosave does not keep: the request's own token and the submit buttons.
AUTOSAVE_SKIPPED = frozenset({"csrfmiddlewaretoken", "_save", "_continue", "_addanother"})


def autosave_querydict(autosave: Autosave) -> QueryDict:
    """The autosaved form data as the form reads a submission."""
    data = QueryDict(mutable=True)
    for name, values in snapshot.form_with_faqs_in_body(autosave.data).items():
        data.setlist(name, [str(value) for value in values])
    return data


def keep_autosave(*, article: Article, user: Any, posted: QueryDict) -> Autosave:
    """Keep a change form as posted as the editor's autosave of ``article`` (never a save)."""
    try:
        version = int(posted.get("opened_version", ""))
    except ValueError:
        version = article.version
    data = {name: posted.getlist(name) for name in posted if name not in AUTOSAVE_SKIPPED}
    autosave, _created = Autosave.objects.update_or_create(
        article=article,
        user=user,
        defaults={"saved_at": timezone.now(), "version": version, "data": data},
    )
    return autosave


def autosave_time(autosave: Autosave) -> str:
    """ "10:42" today, else "28 Nov 2026 10:42" (the site's time zone)."""
    when = timezone.localtime(autosave.saved_at)
    if when.date() == timezone.localdate():
        return formats.time_format(when, "H:i")
    return formats.date_format(when, "j M Y H:i")


def without_conflict_error(form: Any, context: dict) -> None:
    """Leave the conflict to its own panel, which says it once and what to do.

    Shown as a form error too, the page said it twice, under "Please correct the error below".
    The form has been judged by now (not saved): this changes only what the page shows.
    """
    errors = form.errors.get(NON_FIELD_ERRORS)
    if errors is None:
        return
    errors.data = [e for e in errors.as_data() if e.code != "edit_conflict"]
    if "errors" in context:
        context["errors"] = [listed for listed in context["errors"] if listed]


def others_editing(article: Article, user: Any) -> list[str]:
    """Record that ``user`` has the article open; name the others who have it open too."""
    EditPresence.objects.update_or_create(
        article=article, user=user, defaults={"seen_at": timezone.now()}
    )
    others = (
        EditPresence.objects.current()
        .filter(article=article)
        .exclude(user=user)
        .select_related("user__author_profile")
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
        if change:
            revisions.ensure_baseline(obj)  # an article from before revisions: keep it as it was
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the inlines: the revision holds the images and links just saved.
        revisions.record_revision(article=form.instance, user=request.user)
        Autosave.objects.filter(article=form.instance, user=request.user).delete()

    # --- Autosave: the form as typed, kept per editor, offered back on reopening ---

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if request.method == "GET" and object_id and request.GET.get("autosave") == "restore":
            with contextlib.suppress(ValueError):
                autosave = Autosave.objects.filter(
                    article_id=int(object_id), user=request.user
                ).first()
                if autosave is not None:
                    # The page is drawn from the autosaved form data; nothing is saved.
                    request.restored_autosave = autosave
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Article | None = None, change: bool = False, **kwargs: Any
    ) -> type:
        form_class = super().get_form(request, obj, change, **kwargs)
        autosave = getattr(request, "restored_autosave", None)
        if autosave is None:
            return form_class
        data = autosave_querydict(autosave)

        class RestoredForm(form_class):
            def __init__(self, *args: Any, **init_kwargs: Any) -> None:
                if not args and "data" not in init_kwargs:
                    args = (data, {})
                super().__init__(*args, **init_kwargs)

        return RestoredForm

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Article, inline: Any, prefix: str
    ) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if autosave := getattr(request, "restored_autosave", None):
            kwargs.update(data=autosave_querydict(autosave), files={})
        return kwargs

    @method_decorator(require_POST)
    def autosave_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Keep the change form as typed (or, with ``discard``, forget it); never a save."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.only("version"), pk=object_id)
        if "discard_autosave" in request.POST:
            Autosave.objects.filter(article=article, user=request.user).delete()
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))
        autosave = keep_autosave(article=article, user=request.user, posted=request.POST)
        return JsonResponse({"saved_at": autosave_time(autosave)})

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
            context["autosave_url"] = reverse("admin:articles_article_autosave", args=[obj.pk])
            context["revisions_url"] = reverse("admin:articles_article_revisions", args=[obj.pk])
            restored = getattr(request, "restored_autosave", None)
            context["restored_autosave"] = restored
            if restored is None and request.method == "GET":
                context["autosave"] = (
                    Autosave.objects.filter(article=obj, user=request.user).only("saved_at").first()
                )
            shown = restored or context.get("autosave")
            context["autosave_when"] = autosave_time(shown) if shown else ""
        else:
            context["preview_url"] = reverse("admin:articles_article_preview_add")
        form = context.get("adminform") and context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        if context["conflict"] is not None:
            without_conflict_error(form, context)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/presence/",
                wrap(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<int:object_id>/preview/",
                wrap(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "preview/",
                wrap(self.preview_view),
                name="articles_article_preview_add",
            ),
            path(
                "<int:object_id>/revisions/",
                wrap(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/revisions/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<int:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore_revision",
            ),
            path(
                "<int:object_id>/autosave/",
                wrap(self.autosave_view),
                name="articles_article_autosave",
            ),
            *super().get_urls(),
        ]

    # --- Revisions: the list, a compare of any two, restore ---

    def _article_for(self, request: HttpRequest, object_id: int) -> Article:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article.objects.only("title", "slug"), pk=object_id)

    def _page_context(self, request: HttpRequest, article: Article, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "title": title,
            "can_restore": self.has_change_permission(request, article),
        }

    def revisions_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Every revision of one article, newest first: who, when and what changed."""
        article = self._article_for(request, object_id)
        listed = (
            Revision.objects.filter(article=article)
            .select_related("created_by")
            .defer("content")  # a revision's content is the whole article: not for a list
        )
        page = Paginator(listed, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page)
        context = {
            **self._page_context(request, article, _("Revisions of “%s”") % article.title),
            "page": page,
            "revisions": rows,
            # The newest revision undone is the one before it (on the first page only).
            "undo": rows[1] if page.number == 1 and len(rows) > 1 else None,
        }
        return TemplateResponse(request, "admin/editing/revision_list.html", context)

    def compare_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Two revisions side by side: each changed field, the body as a paragraph diff."""
        article = self._article_for(request, object_id)
        chosen = Revision.objects.filter(article=article).select_related("created_by")
        try:
            ids = [int(request.GET["from"]), int(request.GET["to"])]
        except (KeyError, ValueError):
            return HttpResponseRedirect(
                reverse("admin:articles_article_revisions", args=[article.pk])
            )
        found = chosen.in_bulk(ids)
        if len(found) != len(set(ids)):
            raise Http404(_("No such revision of this article."))
        older, newer = sorted(
            (found[i] for i in ids), key=lambda revision: (revision.created_at, revision.pk)
        )
        context = {
            **self._page_context(request, article, _("Compare revisions of “%s”") % article.title),
            "older": older,
            "newer": newer,
            "changes": snapshot.changes(
                snapshot.describe(older.content), snapshot.describe(newer.content)
            ),
        }
        return TemplateResponse(request, "admin/editing/revision_compare.html", context)

    @method_decorator(require_POST)
    def restore_view(self, request: HttpRequest, object_id: int, revision_id: int) -> HttpResponse:
        """Bring a revision back as a new revision; the list then offers to undo it."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        revision = get_object_or_404(
            Revision.objects.select_related("article"), pk=revision_id, article_id=object_id
        )
        notes: list[str] = []
        try:
            revisions.restore_revision(revision=revision, user=request.user, notes=notes)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Restored the revision of %(when)s as a new revision. To undo it, restore "
                    "the revision before it (“Undo this restore” below)."
                )
                % {"when": revisions.revision_time(revision)},
            )
            for note in notes:
                messages.warning(request, note)
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[object_id]))

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
