from typing import Any, Self

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from byline import pagecache
from byline.validators import multiline, single_line

#: An X (Twitter) handle as people write it: up to 15 letters, digits or underscores, "@" optional.
validate_twitter_handle = RegexValidator(
    r"^@?[A-Za-z0-9_]{1,15}$",
    _("Enter a handle like @byline: up to 15 letters, digits or underscores."),
    code="invalid_handle",
)


def twitter_handle_field(help_text: str) -> models.CharField:
    """A model field for an X (Twitter) handle: the site's, or an author's."""
    return models.CharField(
        _("X (Twitter) handle"),
        max_length=16,
        blank=True,
        validators=[validate_twitter_handle],
        help_text=help_text,
    )


def twitter_handle(value: str) -> str:
    """A stored handle as the twitter: meta tags want it ("@name"), or "" when none is set."""
    return f"@{value.lstrip('@')}" if value.strip() else ""


class SingleRowModel(models.Model):
    """A settings table with exactly one row (id 1), created with its defaults on first read.

    Subclasses add a CheckConstraint ``id = 1`` so the database holds the rule too.
    """

    SINGLETON_ID = 1

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> Self:
        """Return the settings row, creating it with defaults on first use."""
        row, _created = cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        return row

    @classmethod
    def current(cls) -> Self:
        """The row as pages show it, kept by each worker until it changes (not for editing).

        Every change purges ``all`` once committed (``byline.invalidation``), which makes the
        kept copy stale too (see ``byline.pagecache.kept``).
        """
        return pagecache.kept(f"row:{cls._meta.label_lower}", ["all"], cls.load)

    @classmethod
    def for_request(cls, request: Any) -> Self:
        """The row, read at most once per request: the view and its templates share it."""
        cache_name = f"_{cls._meta.model_name}_row"
        if not hasattr(request, cache_name):
            setattr(request, cache_name, cls.current())
        return getattr(request, cache_name)


class SiteSettings(SingleRowModel):
    """The one row of site-wide settings editors change in the admin (name, contact block)."""

    site_name = models.CharField(
        _("site name"), max_length=100, default="Byline", validators=[single_line]
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True, validators=[single_line])
    get_in_touch = models.CharField(
        _("get in touch sentence"),
        max_length=300,
        blank=True,
        help_text=_("A short sentence above the contact details in every page's footer."),
        validators=[single_line],
    )
    whatsapp_number = models.CharField(
        _("WhatsApp number"),
        max_length=32,
        blank=True,
        help_text=_("International format, for example +44 20 7946 0958."),
        validators=[single_line],
    )
    email = models.EmailField(_("contact email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True, validators=[multiline])
    support_hours = models.CharField(
        _("support hours"),
        max_length=100,
        blank=True,
        help_text=_('For example "available 24/7".'),
        validators=[single_line],
    )
    twitter_handle = twitter_handle_field(
        _("The site's account, named in link previews (twitter:site).")
    )
    feed_full_text = models.BooleanField(
        _("full text in feeds"),
        default=True,
        help_text=_(
            "Feed readers get each article's whole text and images; untick to send the "
            "summary only."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1),
                name="site_settings_single_row",
                violation_error_message=_("There is only one site settings row."),
            )
        ]

    def __str__(self) -> str:
        return str(self.site_name)

    @property
    def whatsapp_link(self) -> str:
        """The wa.me link for the WhatsApp number (digits only), or "" when none is set."""
        digits = "".join(ch for ch in self.whatsapp_number if ch.isdigit())
        return f"https://wa.me/{digits}" if digits else ""


class HeaderCategory(models.Model):
    """A category shown in every page's header, in the order the editors chose."""

    settings = models.ForeignKey(
        SiteSettings,
        on_delete=models.CASCADE,
        related_name="header_categories",
        verbose_name=_("site settings"),
    )
    category = models.ForeignKey(
        "articles.Category",
        on_delete=models.CASCADE,
        related_name="header_entries",
        verbose_name=_("category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category in the header")
        verbose_name_plural = _("categories in the header")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "category"],
                name="header_category_once",
                violation_error_message=_("This category is already in the header."),
            )
        ]

    def __str__(self) -> str:
        return str(self.category)
