"""The media library: every image the site shows, uploaded once and used by any article."""

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles import images
from byline.validators import multiline, single_line

#: The crop lists and related cards show (``.article-card__image`` in site.css is 16 / 9).
CARD_RATIO = (16, 9)


def library_path(instance: "Image", filename: str) -> str:
    """Where a library image is stored: a random name (see ``images.upload_name``)."""
    return images.upload_name("library", filename)


def _fraction(label: str) -> models.FloatField:
    return models.FloatField(
        label,
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Where the point of interest is, from 0 (left/top) to 1 (right/bottom)."),
    )


class ImageQuerySet(models.QuerySet):
    """Read rules for the library."""

    def with_uses(self) -> "ImageQuerySet":
        """Each image with the articles and authors using it: three queries more."""
        article = self.model._meta.get_field("featured_in").related_model
        # The prefetch needs the key it groups by (featured_image) besides what is shown.
        articles = article.objects.only(
            "title", "slug", "status", "published_at", "deleted_at", "featured_image"
        )
        profile = self.model._meta.get_field("author_pictures").related_model
        return self.prefetch_related(
            models.Prefetch("featured_in", queryset=articles.order_by("title")),
            models.Prefetch("in_bodies", queryset=articles.order_by("title")),
            # Authors' portraits, with the name their bylines use: one query more.
            models.Prefetch("author_pictures", queryset=profile.objects.select_related("user")),
        )


class Image(models.Model):
    """One picture of the library: the file (cleaned, randomly named), its words and crops."""

    file = models.ImageField(
        _("file"),
        upload_to=library_path,
        max_length=255,
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP, up to 10 MB; wide images (1600 px or more) look best."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        validators=[single_line],
        help_text=_("For finding it in the library; the file name when left empty."),
    )
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        validators=[single_line],
        help_text=_("Describe the image for readers who cannot see it; each use can adjust it."),
    )
    caption = models.TextField(_("caption"), blank=True, validators=[multiline])
    credit = models.CharField(_("credit"), max_length=200, blank=True, validators=[single_line])
    focal_x = _fraction(_("focal point, across"))
    focal_y = _fraction(_("focal point, down"))
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    card_renditions = models.JSONField(default=dict, blank=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["file"], name="media_image_file")]

    def __str__(self) -> str:
        return self.title or self.original_name or self.alt

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self) -> None:
        """Clean a new upload, then (re)make whatever renditions are missing or stale."""
        file = self.file
        if file and not file._committed:
            # Stored upright, without metadata, under a random name (see articles/images.py).
            self.original_name = images.store_cleaned(file)
            if not self.title:
                self.title = self.original_name
        if not file:
            return
        if self.renditions.get("source") != file.name:
            self.renditions = images.make_renditions(file.storage, file.name)
        focal = [self.focal_x, self.focal_y]
        if (
            self.card_renditions.get("crop_of") != file.name
            or self.card_renditions.get("focal") != focal
        ):
            self.card_renditions = {
                **images.make_renditions(
                    file.storage, file.name, ratio=CARD_RATIO, focal=(self.focal_x, self.focal_y)
                ),
                "crop_of": file.name,
                "focal": focal,
            }

    # What the pages and feeds ask of a featured image, whatever stores it.
    @property
    def storage(self) -> Storage:
        return self.file.storage

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def url(self) -> str:
        return self.file.url

    def stored_names(self) -> set[str]:
        """Every file this image keeps in storage: the original and all its renditions."""
        names = {self.file.name} if self.file else set()
        for description in (self.renditions, self.card_renditions):
            for key in ("webp", "fallback"):
                names.update(name for _w, _h, name in description.get(key, []))
        return names

    def picture(self, *, alt: str, sizes: str, lazy: bool = True, card: bool = False) -> Any:
        """``<picture>`` markup: the whole image, or (``card``) the crop around its focal point."""
        renditions = (self.card_renditions if card else None) or self.renditions
        return images.picture_html(renditions, self.storage, alt=alt, sizes=sizes, lazy=lazy)
