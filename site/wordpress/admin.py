"""The admin's WordPress import page: upload, dry-run report, confirm, progress, final report."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from byline.wordpress.forms import ImportForm
from byline.wordpress.models import ImportRun
from byline.wordpress.report import Report
from byline.wordpress.tasks import run_import

PERMISSION = "wordpress.import_wordpress"


def start(run: ImportRun) -> None:
    """Queue the run once the row is committed (the immediate backend runs it right then)."""
    transaction.on_commit(lambda: run_import.enqueue(run.pk))


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Imports are started here and read here; a run is never edited."""

    list_display = ["original_name", "kind", "state", "changes", "created_at", "created_by"]
    list_select_related = ["created_by"]
    list_filter = ["state", "dry_run"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(PERMISSION)

    @admin.display(description=_("kind"))
    def kind(self, run: ImportRun) -> str:
        return str(_("Dry run") if run.dry_run else _("Import"))

    @admin.display(description=_("changes"))
    def changes(self, run: ImportRun) -> int | str:
        return run.report.get("changes", "—") if run.report else "—"

    def get_urls(self) -> list[URLPattern]:
        confirm = path(
            "<int:pk>/confirm/",
            self.admin_site.admin_view(self.confirm_view),
            name="wordpress_importrun_confirm",
        )
        return [confirm, *super().get_urls()]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        """Upload an export; its dry run starts at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            with transaction.atomic():
                run = ImportRun(
                    original_name=upload.name[:255],
                    media_dir=form.cleaned_data["media_dir"],
                    pages=form.cleaned_data["pages"],
                    author_map=form.cleaned_data["author_map"],
                    dry_run=True,
                    created_by=request.user,
                )
                run.file.save(upload.name, upload, save=False)
                run.save()
                start(run)
            return HttpResponseRedirect(run.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import from WordPress"),
            "form": form,
            "opts": self.opts,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/wordpress/importrun/import_form.html", context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        """The run's progress while it works, then its report (and, after a dry run, the
        button that runs the import for real)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=object_id)
        report = Report.from_dict(run.report) if run.report else None
        context = {
            **self.admin_site.each_context(request),
            "title": str(run),
            "run": run,
            "report": report,
            "opts": self.opts,
            "can_confirm": run.dry_run and run.state == ImportRun.State.DONE and run.file,
        }
        return TemplateResponse(request, "admin/wordpress/importrun/run.html", context)

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Run the import a dry run described, with the same file and options."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        dry = get_object_or_404(ImportRun, pk=pk, dry_run=True, state=ImportRun.State.DONE)
        with transaction.atomic():
            run = ImportRun.objects.create(
                file=dry.file.name,
                original_name=dry.original_name,
                media_dir=dry.media_dir,
                pages=dry.pages,
                author_map=dry.author_map,
                dry_run=False,
                created_by=request.user,
            )
            start(run)
        return HttpResponseRedirect(run.get_absolute_url())
