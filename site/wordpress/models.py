"""What an import remembers: which WordPress post and comment became which Byline row, with a
fingerprint of the source so a second run of the same file changes nothing, and each run."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.media.models import Image
from articles.models import Article, Category, Tag
from comments.models import Comment


class ImportedPost(models.Model):
    """A WordPress post or page and the article it became (old addresses are answered from it)."""

    site = models.CharField(
        _("WordPress site"),
        max_length=200,
        blank=True,
        help_text=_("The old site's address (its ids are only unique within it)."),
    )
    wp_id = models.PositiveBigIntegerField(_("WordPress id"))
    wp_type = models.CharField(_("WordPress type"), max_length=20, default="post")
    wp_slug = models.CharField(_("WordPress slug"), max_length=200, blank=True, db_index=True)
    wp_path = models.CharField(
        _("WordPress address path"),
        max_length=500,
        blank=True,
        db_index=True,
        help_text=_("The path of the post's old permalink, like /2024/05/01/hello/."),
    )
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="wordpress", verbose_name=_("article")
    )
    featured_source = models.CharField(_("featured image uploads path"), max_length=500, blank=True)
    fingerprint = models.CharField(_("source fingerprint"), max_length=64)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported post")
        verbose_name_plural = _("imported posts")
        constraints = [
            models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_post_unique_id"),
        ]
        indexes = [models.Index(fields=["wp_id"])]

    def __str__(self) -> str:
        return f"WordPress {self.wp_type} {self.wp_id} → {self.article_id}"


class ImportedComment(models.Model):
    """A WordPress comment (or pingback/trackback) and the comment it became."""

    site = models.CharField(
        _("WordPress site"),
        max_length=200,
        blank=True,
        help_text=_("The old site's address (its ids are only unique within it)."),
    )
    wp_id = models.PositiveBigIntegerField(_("WordPress id"))
    comment_type = models.CharField(
        _("WordPress comment type"),
        max_length=20,
        blank=True,
        help_text=_("Empty or “comment” for a comment; “pingback” or “trackback” otherwise."),
    )
    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="wordpress", verbose_name=_("comment")
    )
    fingerprint = models.CharField(_("source fingerprint"), max_length=64)

    class Meta:
        verbose_name = _("imported comment")
        verbose_name_plural = _("imported comments")
        constraints = [
            models.UniqueConstraint(fields=["site", "wp_id"], name="wordpress_comment_unique_id"),
        ]

    def __str__(self) -> str:
        return f"WordPress comment {self.wp_id} → {self.comment_id}"


class ImportedTerm(models.Model):
    """A WordPress category or tag and where its old address now leads."""

    class Kind(models.TextChoices):
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")

    site = models.CharField(
        _("WordPress site"),
        max_length=200,
        blank=True,
        help_text=_("The old site's address (its ids are only unique within it)."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    wp_id = models.PositiveBigIntegerField(
        _("WordPress term id"),
        null=True,
        blank=True,
        help_text=_("For the old /?cat=ID addresses (empty where the export gave none)."),
    )
    wp_slug = models.CharField(_("WordPress slug"), max_length=200)
    wp_path = models.CharField(
        _("WordPress path"),
        max_length=500,
        help_text=_("Parent slugs and the slug, like news/local (categories nest in WordPress)."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("imported category or tag")
        verbose_name_plural = _("imported categories and tags")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_path"], name="wordpress_term_unique_path"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "wp_slug"]),
            models.Index(fields=["kind", "wp_id"], name="wordpress_term_kind_id"),
        ]

    def __str__(self) -> str:
        return f"WordPress {self.kind} {self.wp_path}"


class ImportedImage(models.Model):
    """A file from the WordPress uploads folder and the library image it became."""

    image = models.OneToOneField(
        Image, on_delete=models.CASCADE, related_name="wordpress", verbose_name=_("image")
    )
    source = models.CharField(_("uploads path"), max_length=500)

    class Meta:
        verbose_name = _("imported image")
        verbose_name_plural = _("imported images")

    def __str__(self) -> str:
        return self.source


def upload_storage() -> FileSystemStorage:
    """Uploaded exports hold commenters' emails and IPs: kept out of the public media folder."""
    return FileSystemStorage(location=Path(settings.WORDPRESS_IMPORT_ROOT))


class ImportRun(models.Model):
    """One import started from the admin: its file, its progress and its report."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(
        _("WXR file"), upload_to="uploads/", storage=upload_storage, max_length=300, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255)
    media_dir = models.CharField(
        _("media folder"),
        max_length=500,
        blank=True,
        help_text=_("A copy of wp-content/uploads on this server, for the images."),
    )
    pages = models.CharField(_("pages"), max_length=10, default="category")
    author_map = models.TextField(
        _("author map"), blank=True, help_text=_("One WordPress login=Byline username per line.")
    )
    dry_run = models.BooleanField(_("dry run"), default=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="queued")
    items_done = models.PositiveIntegerField(_("items done"), default=0)
    items_total = models.PositiveIntegerField(_("items in the file"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")
        permissions = [("import_wordpress", _("Can import from WordPress"))]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:wordpress_importrun_change", args=[self.pk])

    @property
    def media_path(self) -> Path | None:
        return Path(self.media_dir) if self.media_dir else None

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def percent(self) -> int:
        """How far the run has come, for the progress bar."""
        if not self.items_total:
            return 100 if self.state == self.State.DONE else 0
        return min(100, round(100 * self.items_done / self.items_total))


class ImportedAuthor(models.Model):
    """A WordPress login and the Byline user its posts and comments belong to."""

    site = models.CharField(
        _("WordPress site"),
        max_length=200,
        blank=True,
        help_text=_("The old site's address (its ids are only unique within it)."),
    )
    login = models.CharField(_("WordPress login"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )

    class Meta:
        verbose_name = _("imported author")
        verbose_name_plural = _("imported authors")
        constraints = [
            models.UniqueConstraint(fields=["site", "login"], name="wordpress_author_unique_login"),
        ]

    def __str__(self) -> str:
        return self.login
