import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles import images, richtext
from byline import pagecache
from byline.models import twitter_handle_field
from byline.validators import multiline, single_line

#: What the editor's toolbar offers; ``richtext.sanitize`` enforces the same set on save.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    # A quote with its attribution (name, role) in fields of their own (articles/static/articles/).
    "PullQuote": True,
    # Questions and answers written in the text ("?? " starts one), listed as FAQPage JSON-LD.
    "FAQ": True,
    # The link and figure buttons open the library choosers (articles/media/static/media/).
    "ChooserLink": {
        "enableTarget": False,
        "protocols": ["http", "https", "mailto", "tel"],
        "searchUrl": reverse_lazy("admin:articles_article_link_search"),
    },
    "LibraryFigure": {
        "searchUrl": reverse_lazy("admin:media_image_chooser"),
        "uploadUrl": reverse_lazy("admin:media_image_chooser_upload"),
    },
    "Caption": True,
    "Image": True,
    "HardBreak": True,
    "History": True,
    "SpecialCharacters": True,
}


class Category(models.Model):
    """The one primary section an article belongs to."""

    name = models.CharField(_("name"), max_length=100, unique=True, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[multiline])

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:category", args=[self.slug])


class Tag(models.Model):
    """A free keyword shared by articles across categories."""

    name = models.CharField(_("name"), max_length=60, unique=True, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", args=[self.slug])


def author_picture_path(instance: Any, filename: str) -> str:
    """Where author pictures were stored before the media library (migration 0021 names it)."""
    return images.upload_name("authors", filename)


class AuthorProfile(models.Model):
    """What the site says about an author beyond their account: name, bio, picture, handle."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        validators=[single_line],
        help_text=_("How bylines name this author; their first and last name when empty."),
    )
    bio = models.TextField(
        _("short bio"),
        max_length=400,
        blank=True,
        validators=[multiline],
        help_text=_("A sentence or two, shown under their articles and on their author page."),
    )
    picture = models.ForeignKey(
        "media.Image",
        # An image someone's portrait uses is not deleted from the library: the admin lists
        # the profile instead (their picture would vanish from every byline).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="author_pictures",
        verbose_name=_("picture"),
        help_text=_(
            "A portrait from the media library (or uploaded to it from here); shown small "
            "and square."
        ),
    )
    twitter_handle = twitter_handle_field(
        _("Named as the creator in link previews of this author's articles.")
    )

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self) -> str:
        return display_name(self.user)

    def picture_html(self) -> SafeString:
        """The portrait, small (lazy: it sits below the article or beside the author's name)."""
        if self.picture_id is None:
            return SafeString("")
        return images.picture_html(
            self.picture.renditions,
            self.picture.storage,
            alt="",  # always next to the author's name, which says who it is
            sizes="6rem",
            css_class="author-picture",
        )

    def picture_url(self) -> str:
        """The address of the portrait's largest rendition (for JSON-LD), or ""."""
        fallback = self.picture.renditions.get("fallback") if self.picture_id else None
        return self.picture.storage.url(fallback[-1][2]) if fallback else ""


def author_profile(user: Any) -> "AuthorProfile | None":
    """The user's profile, or None; read it through select_related("…author_profile")."""
    try:
        return user.author_profile
    except AuthorProfile.DoesNotExist:
        return None


def author_twitter_handle(user: Any) -> str:
    """The author's stored handle ("" without a profile); read it through select_related."""
    profile = author_profile(user)
    return profile.twitter_handle if profile else ""


def display_name(user: Any) -> str:
    """How the site names a person (bylines, feeds, author pages): the profile's display name,
    else their full name, else their username.

    Lists read the profile with ``select_related("author__author_profile")`` (``for_listing``).
    """
    profile = author_profile(user)
    return (profile and profile.display_name) or user.get_full_name() or user.get_username()


def published_q(prefix: str = "") -> models.Q:
    """The "readers may see it" rule as a filter, for articles reached through ``prefix``.

    ``published_q()`` filters articles; ``published_q("articles__")`` filters categories, tags or
    authors through their articles (in ``filter()``, or as an aggregate's ``filter=``).
    """
    return models.Q(
        **{
            f"{prefix}status__in": [Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            f"{prefix}published_at__lte": timezone.now(),
            f"{prefix}deleted_at__isnull": True,  # an article in the trash is gone for readers
        }
    )


def is_public(status: str, published_at: Any) -> bool:
    """``published_q()`` for values in hand (an instance, or a row read before a save)."""
    return (
        status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
        and published_at is not None
        and published_at <= timezone.now()
    )


def last_significant_change(prefix: str = "") -> Coalesce:
    """The public "last changed" time as an expression: the significant update, else publication.

    The database twin of :attr:`Article.last_significant_change`, for annotations and aggregates.
    """
    return Coalesce(f"{prefix}significant_update_at", f"{prefix}published_at")


class ArticleQuerySet(models.QuerySet):
    """Read rules shared by every view, feed, sitemap and admin page."""

    def published(self) -> "ArticleQuerySet":
        """Articles readers may see: published, or scheduled and their time has come."""
        return self.filter(published_q())

    def in_trash(self) -> "ArticleQuerySet":
        """Articles deleted by an editor, restorable until the trash is emptied."""
        return self.filter(deleted_at__isnull=False)

    def not_in_trash(self) -> "ArticleQuerySet":
        return self.filter(deleted_at__isnull=True)

    def unchanged_since(self, versions: Mapping[int, int]) -> set[int]:
        """Of the articles read at these ``{id: version}``, the ids no save has changed since.

        For a rebuild that reads a batch before its write transaction: an article saved in
        between had its own index refresh, which the batch's older text must not overwrite.
        Call it inside that transaction; the rows stay locked until it ends (SQLite's
        transactions take the write lock at once), so no save can land between it and the writes.
        """
        current = (
            self.select_for_update().filter(pk__in=list(versions)).values_list("pk", "version")
        )
        return {pk for pk, version in current if versions[pk] == version}

    def for_listing(self) -> "ArticleQuerySet":
        """What every list of articles needs in one query: author, category, featured image."""
        return self.select_related("author__author_profile", "category", "featured_image")

    def for_home(self) -> "ArticleQuerySet":
        """Featured articles pinned first, then the newest."""
        return self.order_by("-is_featured", "-published_at", "-id")

    def around(self, article: "Article", *, more: int = 3) -> "ArticleNeighbours":
        """The articles to offer at the end of ``article``, in one indexed query.

        The one just before it and just after it among these articles (by publication time,
        then id), and the ``more`` newest others of its category (neither of those two, nor
        itself). Each is a LIMITed walk of the ordering index, so the cost does not grow with
        the number of articles; the rows come back with only what the links need.

        Written as SQL around this queryset's own conditions (``published()``): every article
        page runs it, and building the three subqueries with the ORM cost ~3 ms a page, a
        hundred times what running it costs. Only conditions on the article row itself work.
        """
        if article.published_at is None:  # a draft has no place in the sequence yet
            return ArticleNeighbours(None, None, [])
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        condition, condition_params = self.query.get_compiler(self.db).compile(self.query.where)
        condition = condition or "1 = 1"
        when = connection.ops.adapt_datetimefield_value(article.published_at)
        # Previous, next, then the category's newest: two spare, in case they are previous or
        # next. Each derived table is LIMITed; the outer query reads only their rows. The
        # redundant "published_at <=" / ">=" bound is what PostgreSQL can start the index walk
        # from (it cannot from the OR): without it, the next article after the newest one
        # walked all 100,000 index entries to find none (35-100 ms a page).
        branches = [
            (
                "published_at <= %s AND (published_at < %s OR (published_at = %s AND id < %s))",
                [when, when, when, article.pk],
                "published_at DESC, id DESC",
                1,
            ),
            (
                "published_at >= %s AND (published_at > %s OR (published_at = %s AND id > %s))",
                [when, when, when, article.pk],
                "published_at, id",
                1,
            ),
            (
                "category_id = %s AND id <> %s",
                [article.category_id, article.pk],
                "published_at DESC, id DESC",
                more + 2 if more else 0,
            ),
        ]
        parts, params = [], []
        for number, (where, where_params, order, limit) in enumerate(branches):
            parts.append(
                f"SELECT id FROM (SELECT id FROM {table} WHERE ({condition}) AND {where} "
                f"ORDER BY {order} LIMIT {int(limit)}) AS around_{number}"
            )
            params += [*condition_params, *where_params]
        rows = sorted(
            self.model.objects.raw(
                f"SELECT id, title, slug, published_at, category_id FROM {table} "
                f"WHERE id IN ({' UNION ALL '.join(parts)})",
                params,
            ),
            key=lambda row: (row.published_at, row.pk),
        )
        key = (article.published_at, article.pk)
        previous = next((row for row in reversed(rows) if (row.published_at, row.pk) < key), None)
        following = next((row for row in rows if (row.published_at, row.pk) > key), None)
        return ArticleNeighbours(
            previous,
            following,
            [
                row
                for row in reversed(rows)
                if row not in (previous, following) and row.category_id == article.category_id
            ][:more],
        )


@dataclass
class ArticleNeighbours:
    """What the end of an article offers next (see ``ArticleQuerySet.around``)."""

    previous: "Article | None"
    next: "Article | None"
    more_in_category: "list[Article]"


def featured_image_path(instance: Any, filename: str) -> str:
    """Where featured images were stored before the media library (old migrations name it)."""
    return images.upload_name("articles/featured", filename)


def body_image_path(instance: Any, filename: str) -> str:
    """Where body images were stored before the media library (old migrations name it)."""
    return images.upload_name("articles/body", filename)


class Article(models.Model):
    """One explainer article: its content, its place on the site and its publication state."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The last part of the address.")
    )
    summary = models.TextField(
        _("summary"),
        help_text=_("One or two sentences, shown on lists and in feeds."),
        validators=[multiline],
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        sanitize=richtext.sanitize,
        help_text=_(
            "Headings H2/H3 become the table of contents. The pull quote button adds a quote "
            "with the name and role of who said it."
        ),
    )
    body_html = models.TextField(_("body as readers see it"), blank=True, editable=False)
    toc = models.JSONField(_("table of contents"), default=list, blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    featured_image = models.ForeignKey(
        "media.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="featured_in",
        verbose_name=_("featured image"),
        help_text=_("Chosen from the media library (or uploaded to it from here)."),
    )
    featured_image_alt = models.CharField(
        _("featured image alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "Describe the image for readers who cannot see it; the library's alt text when empty."
        ),
    )
    body_images = models.ManyToManyField(
        "media.Image",
        blank=True,
        editable=False,
        related_name="in_bodies",
        verbose_name=_("images in the body"),
    )
    seo_title = models.CharField(
        _("SEO title"),
        max_length=100,
        blank=True,
        help_text=_("Optional title for search results; about 60 characters shows in full."),
        validators=[single_line],
    )
    meta_description = models.CharField(
        _("meta description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional; the summary is used when empty. About 155 characters shows in full."
        ),
        validators=[single_line],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("When the article goes live; a time in the future schedules it."),
    )
    significant_update_at = models.DateTimeField(
        _("significantly updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The public “updated” date; it moves only on a significant edit."),
    )
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Pinned first on the home page.")
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    feed_id = models.CharField(
        _("feed entry id"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The permanent id feed readers know the article by; set when first public."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("One more on every save: the change form's edit-conflict check compares it."),
    )
    deleted_at = models.DateTimeField(
        _("moved to the trash"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Readers get “410 Gone”; the trash is emptied after 30 days."),
    )
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # The two orders readers see, walked in order from an index instead of sorting every
            # published row: featured first then newest (the home page), and newest (archives,
            # feeds, sitemap). The published filter's other columns (``status``, ``deleted_at``)
            # ride along so it reads the index only, never the rows it skips. Not partial indexes:
            # SQLite cannot use one when the status values arrive as query parameters, as Django
            # sends them.
            models.Index(
                fields=["-is_featured", "-published_at", "-id", "status", "deleted_at"],
                name="article_home_order",
            ),
            # The sitemap's columns ride along too: its sections read slug and date from the
            # index alone (a row's later columns sit past the body, in its overflow pages).
            models.Index(
                fields=[
                    "-published_at",
                    "-id",
                    "status",
                    "deleted_at",
                    "slug",
                    "significant_update_at",
                ],
                name="article_newest_order",
            ),
            # An author's archive, newest first: their articles read in order from the top, the
            # published filter from the index alone. Without it SQLite found the author's rows
            # through a narrower index and sorted all of them (5,000 an author at 100,000).
            models.Index(
                fields=["author", "-published_at", "-id", "status", "deleted_at"],
                name="article_author_order",
            ),
            # A category's archive and the end of an article (the newest of its category; its
            # neighbours in time walk article_newest_order in either direction), newest first
            # with the published filter's columns, like the author's. Without them each row
            # was read to check it: a category's page 190 cost 214 ms at 100,000 articles.
            models.Index(
                fields=["category", "-published_at", "-id", "status", "deleted_at"],
                name="article_category_order",
            ),
            # The sitemap's dates: the newest "last change" of a category and of an author, each
            # read from the top of an index (see articles.sitemaps).
            # Without the filter's columns: covering, SQLite preferred them for joining articles
            # to their author or category, then sorted every published row (the feed: 5.7 s).
            models.Index(
                F("category"), last_significant_change().desc(), name="article_category_change"
            ),
            models.Index(
                F("author"), last_significant_change().desc(), name="article_author_change"
            ),
            # The desk's "my drafts", newest first: without it every one of the author's rows
            # was read (and an article's row is long: author_id sits after the body).
            models.Index(
                fields=["author", "status", "-updated_at", "-id"], name="article_author_recent"
            ),
            # "Is article N published?" from the index alone (search checks each match this way,
            # articles.search). On SQLite the row itself answers it only after its overflow
            # pages: deleted_at sits past the body, and a search for a word in every article
            # read ~6,000 pages for its thousand checks (24 MB, evicting SQLite's 2 MB cache).
            models.Index(
                fields=["id", "status", "published_at", "deleted_at"],
                name="article_published_by_id",
            ),
            # The trash is small: this finds it without reading every article (link health,
            # the trash filter, empty_trash). Partial: "IS NOT NULL" is no query parameter.
            models.Index(
                fields=["deleted_at"],
                condition=models.Q(deleted_at__isnull=False),
                name="article_in_trash",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="article_publication_time_set_unless_draft",
                violation_error_message=_(
                    "A scheduled or published article needs a publication time."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(featured_image__isnull=True) | ~models.Q(featured_image_alt=""),
                name="article_featured_image_has_alt",
                violation_error_message=_("Describe the featured image in its alt text."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.settle_publication()
        update_fields = kwargs.get("update_fields")
        if not self._state.adding:
            # Counted by the database (read back through RETURNING), so two saves never both
            # write the same version and an editor's open form can tell it is out of date.
            self.version = models.F("version") + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "last_saved_by"}
        if self.featured_image_id and not self.featured_image_alt.strip():
            self.featured_image_alt = self.featured_image.alt  # the library's words by default
        # A partial save that leaves the body alone (publish, feature) skips re-rendering it.
        if update_fields is None or "body" in update_fields:
            self.render_body()
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "body_html",
                    "toc",
                    "reading_minutes",
                }
        super().save(*args, **kwargs)
        if update_fields is None or "body" in update_fields:
            # Which library images the body shows, for the library's "used in".
            self.body_images.set(self._body_image_ids)
        if not self.feed_id and self.status != self.Status.DRAFT:
            # Minted once, when the article first leaves the drafts, and never changed: a feed
            # reader that saw it under this id must never see it as a new entry.
            self.feed_id = self.minted_feed_id()
            Article.objects.filter(pk=self.pk, feed_id="").update(feed_id=self.feed_id)

    def get_absolute_url(self) -> str:
        # Every page that shows an article links to it: a page being cached notes it here.
        pagecache.shows_article(self.pk)
        return reverse("articles:detail", args=[self.slug])

    def clean(self) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()  # "publish" with no time means now
        errors: dict[str, ValidationError] = {}
        if self.featured_image_id and not self.featured_image_alt.strip():
            self.featured_image_alt = self.featured_image.alt
        if self.status == self.Status.SCHEDULED and self.published_at is None:
            errors["published_at"] = ValidationError(
                _("Give a scheduled article its publication time."), code="time_required"
            )
        if missing := richtext.images_without_alt(self.body):
            errors["body"] = ValidationError(
                _("Every image in the body needs alt text (%(count)s without)."),
                code="alt_required",
                params={"count": missing},
            )
        if errors:
            raise ValidationError(errors)

    def settle_publication(self) -> None:
        """Store what readers get: "Published" with no time means now, a future time schedules.

        The one home of "a future Published becomes Scheduled" (as WordPress does): ``save()``
        applies it, so the publishing functions and the admin get it by saving.
        """
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at > timezone.now():
            self.status = self.Status.SCHEDULED

    def render_body(self) -> None:
        """Sanitize the body and compute what readers see: HTML, contents, reading time."""
        from articles.media.models import Image  # the library's app loads after this one

        self.body = richtext.sanitize(self.body)
        media_url = images.media_path()
        names = {
            src.removeprefix(media_url)
            for src in richtext.image_sources(self.body)
            if src.startswith(media_url)
        }
        library = list(Image.objects.filter(file__in=names)) if names else []
        self._body_image_ids = [image.pk for image in library]
        rendered = richtext.render(
            self.body, picture_for=images.body_pictures(library), media_url=media_url
        )
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.reading_minutes = rendered.reading_minutes

    def minted_feed_id(self) -> str:
        """A new tag: URI (RFC 4151): the configured site domain, the creation date, the id."""
        return f"tag:{settings.SITE_DOMAIN},{self.created_at:%Y-%m-%d}:article:{self.pk}"

    @property
    def feed_entry_id(self) -> str:
        """The id feeds give this article: the stored one (see ``save``), never the request's."""
        # An article made public without save() (bulk_create, update) has none stored yet.
        return self.feed_id or self.minted_feed_id()

    @property
    def is_live(self) -> bool:
        """Whether readers can see the article right now (the same rule as ``published()``)."""
        return self.deleted_at is None and is_public(self.status, self.published_at)

    @property
    def author_profile(self) -> AuthorProfile | None:
        """The author's profile (bio, picture), or None; article pages select it with the author."""
        return author_profile(self.author)

    @property
    def author_name(self) -> str:
        """How the byline names the author: their full name, else their username."""
        return display_name(self.author)

    @property
    def page_title(self) -> str:
        return self.seo_title or self.title

    @property
    def description(self) -> str:
        return self.meta_description or self.summary

    @property
    def last_significant_change(self) -> Any:
        """The public "last changed" time: the last significant edit, else the publication."""
        return self.significant_update_at or self.published_at

    @property
    def shows_updated_at(self) -> bool:
        """An "updated" date is shown only after a significant edit made after publication."""
        return bool(
            self.significant_update_at
            and self.published_at
            and self.significant_update_at > self.published_at
        )

    @property
    def featured_image_renditions(self) -> dict[str, Any]:
        """The featured image's uncropped renditions ({} without one); select_related it."""
        return self.featured_image.renditions if self.featured_image_id else {}

    @cached_property
    def featured_picture_lazy(self) -> SafeString:
        """The featured image below the fold (lists): lazy loaded, cropped around its focus."""
        return self.featured_picture(lazy=True, sizes="(min-width: 48rem) 14rem, 100vw", card=True)

    def featured_picture(self, *, lazy: bool, sizes: str, card: bool = False) -> SafeString:
        if not self.featured_image_id:
            return SafeString("")
        return self.featured_image.picture(
            alt=self.featured_image_alt, sizes=sizes, lazy=lazy, card=card
        )


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


def default_share_expiry() -> Any:
    return timezone.now() + timedelta(days=7)


class ShareLinkQuerySet(models.QuerySet):
    def active(self) -> "ShareLinkQuerySet":
        """Links that still open their draft: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A secret, expiring, revocable address that shows a draft to a reviewer without an account."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("article")
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_share_token, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_share_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return f"Share link for “{self.article}”"

    def get_absolute_url(self) -> str:
        return reverse("articles:share", args=[self.token])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
