"""The featured image's chooser: a thumbnail and a button that opens the library dialog."""

from typing import Any

from django import forms
from django.urls import reverse

from articles.media import library
from articles.media.models import Image


class ImageChooserWidget(forms.Widget):
    """The chosen library image's id, shown as a thumbnail with Choose and Remove buttons.

    Without JavaScript the editor still sees the chosen image; choosing needs the dialog.
    """

    template_name = "media/widgets/image_chooser.html"

    class Media:
        css = {"all": ["media/chooser.css"]}
        js = ["media/chooser.js"]

    def __init__(
        self, attrs: dict | None = None, *, dialog_title: str = "Choose the featured image"
    ) -> None:
        super().__init__(attrs)
        self.dialog_title = dialog_title  # the dialog says what the image is for

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        image = None
        if value not in (None, ""):
            image = Image.objects.filter(pk=value).first()
        context["widget"].update(
            {
                "image": image,
                "thumbnail": library.thumbnail_url(image) if image else "",
                "search_url": reverse("admin:media_image_chooser"),
                "upload_url": reverse("admin:media_image_chooser_upload"),
                "dialog_title": self.dialog_title,
            }
        )
        return context
