"""Byline's admin site: the stock one, plus counts beside model names on the index."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class BylineAdminSite(AdminSite):
    """Shows a ModelAdmin's ``index_badge(request)`` (like "3 pending") beside its name."""

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                model_admin = self._registry.get(model["model"])
                badge = getattr(model_admin, "index_badge", None)
                if badge and (text := badge(request)):
                    model["name"] = f"{model['name']} ({text})"
        return app_list


class BylineAdminConfig(AdminConfig):
    """The admin app, serving :class:`BylineAdminSite` as ``admin.site``."""

    default_site = "byline.admin_site.BylineAdminSite"
