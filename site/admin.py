from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from byline.models import HeaderCategory, SingleRowModel, SiteSettings
from byline.navigation import MAX_HEADER_CATEGORIES


class SingleRowAdmin(admin.ModelAdmin):
    """For a :class:`SingleRowModel`: no add or delete, and the list page opens the one row."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: SingleRowModel | None = None
    ) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        row = self.model.load()
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        )


class HeaderCategoryInline(admin.TabularInline):
    """The header's categories, in order (none chosen: the first few that have articles)."""

    model = HeaderCategory
    extra = 0
    max_num = MAX_HEADER_CATEGORIES
    autocomplete_fields = ["category"]
    fields = ["position", "category"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingleRowAdmin):
    """The site name, the header's categories, the footer's contact block, the feeds."""

    inlines = [HeaderCategoryInline]

    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "twitter_handle"]}),
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
        ("Feeds", {"fields": ["feed_full_text"]}),
    ]
