"""The media library in the admin: the list, several uploads at once, and the choosers' JSON."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles import images
from articles.media import library
from articles.media.models import Image

#: How many images a chooser search returns (newest first); narrow it down by searching.
CHOOSER_RESULTS = 24


class ImageForm(forms.ModelForm):
    """One library image; the file goes through the upload checks (format, size, bombs)."""

    class Meta:
        model = Image
        fields = ["file", "title", "alt", "caption", "credit", "focal_x", "focal_y"]
        field_classes = {"file": images.ImageUploadField}
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 2}),
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(images.ImageUploadField):
    """Several image files from one input, each checked like a single upload."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors: list[ValidationError] = []
        cleaned = []
        for file in files:
            try:
                cleaned.append(super().clean(file, initial))
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{images.original_name(file.name)}: {message}")
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


class UploadManyForm(forms.Form):
    """Several images in one go; each gets the alt text typed here until someone refines it."""

    files = MultipleImageField(label=_("Images"))
    alt = forms.CharField(
        label=_("Alt text for all of them"),
        max_length=250,
        help_text=_("Describe what they show; refine each one in the library afterwards."),
    )
    credit = forms.CharField(label=_("Credit"), max_length=200, required=False)


class UsedFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "used"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Used in an article or as a portrait")), ("no", _("Not used"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> QuerySet[Image]:
        used = (
            Q(featured_in__isnull=False)
            | Q(in_bodies__isnull=False)
            | Q(author_pictures__isnull=False)
        )
        if self.value() == "yes":
            return queryset.filter(pk__in=Image.objects.filter(used).values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=Image.objects.filter(used).values("pk"))
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The library: thumbnails, search, where each image is used; deleting one in use warns."""

    form = ImageForm
    list_display = ["thumbnail", "title", "alt", "size", "used_in", "created_at"]
    # The title is the link: a thumbnail as the row's header cell would be a header without text.
    list_display_links = ["title"]
    list_filter = [UsedFilter, "created_at"]
    search_fields = ["title", "alt", "caption", "credit", "original_name"]
    list_per_page = 50
    show_full_result_count = False  # one COUNT, not two, per page
    readonly_fields = ["preview", "original_name", "size", "used_in", "created_at"]
    fieldsets = [
        (None, {"fields": ["preview", "file", "title", "alt", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_x", "focal_y"],
                "description": _(
                    "Crops for lists and cards keep this point in view: click the preview, or "
                    "type fractions (0.5, 0.5 is the centre)."
                ),
            },
        ),
        (_("About the file"), {"fields": ["original_name", "size", "used_in", "created_at"]}),
    ]

    class Media:
        css = {"all": ["media/library.css"]}
        js = ["media/focal_point.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Image]:
        return super().get_queryset(request).with_uses()

    @admin.display(description=_("image"))
    def thumbnail(self, image: Image) -> SafeString:
        return library.thumbnail_html(image)

    @admin.display(description=_("preview"))
    def preview(self, image: Image) -> SafeString:
        if not image.pk:
            return SafeString("—")
        return format_html(
            '<div class="media-focal" data-focal-x="{}" data-focal-y="{}">{}'
            '<span class="media-focal__dot" aria-hidden="true"></span></div>',
            image.focal_x,
            image.focal_y,
            library.thumbnail_html(image, large=True),
        )

    @admin.display(description=_("size"))
    def size(self, image: Image) -> str:
        return f"{image.width} × {image.height}" if image.width else "—"

    @admin.display(description=_("used in"))
    def used_in(self, image: Image) -> SafeString:
        uses = [
            (reverse("admin:articles_article_change", args=[a.pk]), a.title, how)
            for a, how in library.uses(image)
        ]
        # An author's portrait (it cannot be deleted while one uses it).
        uses += [
            (reverse("admin:auth_user_change", args=[p.user_id]), str(p), _("author’s picture"))
            for p in image.author_pictures.all()
        ]
        if not uses:
            return SafeString(_("not used"))
        return format_html(
            '<ul class="media-uses">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="media-uses__how">({})</span></li>',
                uses,
            ),
        )

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            library.rerender_uses(obj)  # new renditions or a new file: bodies show them

    # --- Deleting: an image in use is listed with its articles first ---

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        image = self.get_object(request, object_id)
        uses = library.uses(image) if image else []
        return super().delete_view(
            request, object_id, {**(extra_context or {}), "image_uses": uses}
        )

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        library.delete_image(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            library.delete_image(image)

    # --- Extra pages: several uploads at once, and the choosers' searches ---

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_many_view), name="media_image_upload_many"),
            path("chooser/", wrap(self.chooser_search_view), name="media_image_chooser"),
            path(
                "chooser/upload/",
                wrap(self.chooser_upload_view),
                name="media_image_chooser_upload",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        return super().changelist_view(
            request,
            {
                **(extra_context or {}),
                "upload_many_url": reverse("admin:media_image_upload_many"),
            },
        )

    def upload_many_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadManyForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                created = [
                    library.add_image(
                        file,
                        alt=form.cleaned_data["alt"],
                        credit=form.cleaned_data["credit"],
                        user=request.user,
                    )
                    for file in form.cleaned_data["files"]
                ]
            self.message_user(
                request,
                ngettext(
                    "%(count)d image added to the library.",
                    "%(count)d images added to the library.",
                    len(created),
                )
                % {"count": len(created)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:media_image_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upload images"),
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/media/image/upload_many.html", context)

    def chooser_search_view(self, request: HttpRequest) -> JsonResponse:
        """Library images matching ``q`` (title, alt text, caption, credit), newest first."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        found = library.search(request.GET.get("q", ""))[:CHOOSER_RESULTS]
        return JsonResponse({"results": [library.as_json(image) for image in found]})

    def chooser_upload_view(self, request: HttpRequest) -> JsonResponse:
        """One image uploaded from a chooser: its JSON, or the form's errors (status 400)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return _chooser_upload(request)


@require_POST
def _chooser_upload(request: HttpRequest) -> JsonResponse:
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    image = form.save(commit=False)
    image.uploaded_by = request.user
    image.save()
    return JsonResponse(library.as_json(image), status=201)
