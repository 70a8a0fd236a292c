"""Byline's admin site: the stock one, plus counts beside model names on the index, and the
one CSP exception the admin's rich-text editor needs."""

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override

# The admin's rich-text editor (Tiptap, inside django-prose-editor) injects its small base
# stylesheet as a <style> element. The policy allows exactly that stylesheet, by its hash, on
# admin pages only; readers' pages keep style-src 'self'. A new editor version with other base
# styles shows up as a CSP violation in tests/e2e (test_pages_raise_no_csp_violations).
EDITOR_BASE_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def admin_csp() -> dict[str, list[str]]:
    """The site's policy, plus the editor's base stylesheet."""
    policy = dict(settings.SECURE_CSP)
    policy["style-src"] = [*policy.get("style-src", []), EDITOR_BASE_STYLE_HASH]
    return policy


class EstimatedCountPaginator(Paginator):
    """An admin list's paginator that stops counting long lists on PostgreSQL.

    Counting 100,000 rows on every view of a list cost more than the page itself; above
    ``exact_below`` rows PostgreSQL's planner estimate stands in (its statistics follow the
    table, so the page links are close, and a page past the true end is simply empty). Short
    lists, filtered ones mostly, and SQLite (which keeps no estimate) are counted exactly.
    """

    exact_below = 10_000

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet) and connections[rows.db].vendor == "postgresql":
            plan: Any = json.loads(rows.order_by().explain(format="json"))
            if isinstance(plan, list):
                plan = plan[0]
            estimate = int(plan["Plan"]["Plan Rows"])
            if estimate >= self.exact_below:
                return estimate
        return super().count


class FullWidthAdminMixin:
    """Drops the nav sidebar (300 px) from a model's list and form, for tables that need the
    width at laptop sizes; other admin pages keep it with its "N pending" badges."""

    WITHOUT_NAV_SIDEBAR = {"is_nav_sidebar_enabled": False}

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        return super().changelist_view(
            request, {**self.WITHOUT_NAV_SIDEBAR, **(extra_context or {})}
        )

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ):
        return super().changeform_view(
            request, object_id, form_url, {**self.WITHOUT_NAV_SIDEBAR, **(extra_context or {})}
        )


class BylineAdminSite(AdminSite):
    """Shows a ModelAdmin's ``index_badge(request)`` (like "3 pending") beside its name."""

    site_header = _("Byline administration")
    site_title = _("Byline administration")
    index_title = _("Your desk")
    index_template = "admin/dashboard.html"

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The dashboard (what needs attention now), above the stock list of everything."""
        # Imported here: this module loads with the admin app, before any model is ready.
        from byline import dashboard

        context = {
            "panels": dashboard.panels(request),
            "activity": dashboard.recent_activity(request, self),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = super().get_app_list(request, app_label)
        # The index builds the list twice (the page, and the context every admin page gets):
        # each badge is counted once per request.
        badges = request.__dict__.setdefault("_index_badges", {})
        for app in app_list:
            for model in app["models"]:
                model_admin = self._registry.get(model["model"])
                badge = getattr(model_admin, "index_badge", None)
                if badge and model["model"] not in badges:
                    badges[model["model"]] = badge(request)
                if text := badges.get(model["model"]):
                    model["name"] = f"{model['name']} ({text})"
        return app_list

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable[..., HttpResponse]:
        """Every admin view, with the admin's content security policy (see above)."""
        return csp_override(admin_csp())(super().admin_view(view, cacheable))


class BylineAdminConfig(AdminConfig):
    """The admin app, serving :class:`BylineAdminSite` as ``admin.site``."""

    default_site = "byline.admin_site.BylineAdminSite"


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a login while the address is locked out: an admin page that says
    why and until when (429 with Retry-After), instead of a bare error."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60),
        # Every refused attempt restarts the cool-off, so this one sets the time.
        "retry_at": timezone.now() + cool_off,
    }
    # Rendered here: a TemplateResponse coming back from a middleware would never be rendered.
    response = render(request, "admin/login_locked_out.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
