from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from byline.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row only: the list page goes straight to its form."""

    fieldsets = [
        (None, {"fields": ["site_name", "tagline"]}),
        (
            "Contact block (every page's footer)",
            {
                "fields": [
                    "get_in_touch",
                    "whatsapp_number",
                    "email",
                    "postal_address",
                    "support_hours",
                ]
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SiteSettings | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        settings = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:byline_sitesettings_change", args=[settings.pk]))
