from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from byline.models import SingleRowModel
from byline.validators import multiline, single_line
from comments.text import render_text

# WordPress's limits, which readers already know from its comment form.
NAME_MAX_LENGTH = 245
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000


def _lines(value: str) -> list[str]:
    """The non-blank lines of a one-entry-per-line settings field, lower-cased."""
    return [line.strip().lower() for line in value.splitlines() if line.strip()]


class DiscussionSettings(SingleRowModel):
    """The one row of discussion settings moderators change in the admin (WordPress's page)."""

    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        default=0,
        help_text=_("Close comments on articles older than this many days; 0 keeps them open."),
    )
    thread_depth = models.PositiveSmallIntegerField(
        _("thread depth"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many levels replies nest; 1 allows no replies."),
    )
    hold_all = models.BooleanField(
        _("hold all comments"),
        default=False,
        help_text=_("Every comment waits for a moderator, even from known commenters."),
    )
    link_threshold = models.PositiveSmallIntegerField(
        _("link threshold"),
        default=2,
        help_text=_("Hold a comment with this many links or more; 0 turns the check off."),
    )
    moderation_words = models.TextField(
        _("moderation words"),
        blank=True,
        help_text=_(
            "One word, name, address or IP per line; a comment containing one waits for a "
            "moderator."
        ),
    )
    disallowed_words = models.TextField(
        _("disallowed words"),
        blank=True,
        help_text=_("One word or phrase per line; a comment containing one goes to spam."),
    )
    disallowed_ips = models.TextField(
        _("disallowed IP addresses"),
        blank=True,
        help_text=_("One address or network (203.0.113.0/24) per line; comments go to spam."),
    )
    disallowed_emails = models.TextField(
        _("disallowed email addresses"),
        blank=True,
        help_text=_("One address, or @domain for a whole domain, per line; comments go to spam."),
    )
    flood_interval_seconds = models.PositiveIntegerField(
        _("flood interval (seconds)"),
        default=15,
        help_text=_("Refuse a second comment from the same IP or email within this time."),
    )
    min_seconds = models.PositiveIntegerField(
        _("minimum seconds to write"),
        default=3,
        help_text=_("A form sent faster than this after the page loaded is treated as spam."),
    )
    form_max_age_hours = models.PositiveIntegerField(
        _("form lifetime (hours)"),
        default=48,
        help_text=_("An older form is handed back, text kept, to be sent again."),
    )
    ip_retention_days = models.PositiveIntegerField(
        _("keep IP addresses for (days)"),
        default=90,
        help_text=_("The housekeeping command drops IP addresses of older comments."),
    )
    notify_moderators = models.BooleanField(
        _("email moderators about new comments"),
        default=True,
        help_text=_("Send an email to moderators when a comment waits for them."),
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1),
                name="discussion_settings_single_row",
                violation_error_message=_("There is only one discussion settings row."),
            ),
            models.CheckConstraint(
                condition=models.Q(thread_depth__gte=1),
                name="discussion_settings_thread_depth_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Discussion settings"))

    def form_expired(self, issued_at: float, now: float) -> bool:
        """Whether a form handed out at ``issued_at`` (a timestamp) is too old to accept."""
        return now - issued_at > self.form_max_age_hours * 3600

    @property
    def moderation_word_list(self) -> list[str]:
        return _lines(self.moderation_words)

    @property
    def disallowed_word_list(self) -> list[str]:
        return _lines(self.disallowed_words)

    @property
    def disallowed_ip_list(self) -> list[str]:
        return _lines(self.disallowed_ips)

    @property
    def disallowed_email_list(self) -> list[str]:
        return _lines(self.disallowed_emails)


class CommentQuerySet(models.QuerySet):
    """Read rules for comments shared by the article page, the admin and the feeds."""

    def approved(self) -> "CommentQuerySet":
        """Comments everybody may read."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        """Comments waiting for a moderator."""
        return self.filter(status=Comment.Status.PENDING)

    def awaiting_moderation(self) -> "CommentQuerySet":
        """Comments no moderator has judged yet: pending, or held as spam by the pipeline.

        What a comment's own author sees as "awaiting moderation": a comment the honeypot or a
        disallowed list caught looks to its author like any held comment, so an honest reader
        caught by mistake is never left without a sign of it (and a spammer learns nothing),
        while a moderator can still rescue it from the spam list. Once a person has moved it,
        their judgement stands.
        """
        judged = StatusChange.objects.filter(comment=models.OuterRef("pk")).exclude(from_status="")
        held_as_spam = models.Q(
            status=Comment.Status.SPAM, reason__in=Comment.HELD_AS_SPAM
        ) & ~models.Exists(judged)
        return self.filter(models.Q(status=Comment.Status.PENDING) | held_as_spam)

    def for_article(self, article: Article) -> "CommentQuerySet":
        """The comments of one article in the order they were written (threads built later)."""
        return self.filter(article=article).order_by("created_at", "id")


def count_subquery(status: str) -> Coalesce:
    """An annotation counting an article's comments in one status, without a query per row.

    Use as ``Article.objects.annotate(comment_count=count_subquery("approved"))``.
    """
    counts = (
        Comment.objects.filter(article=models.OuterRef("pk"), status=status)
        .order_by()
        .values("article")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counts), 0)


class Comment(models.Model):
    """A reader's (or a staff member's) comment on an article, with its moderation state."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    class Reason(models.TextChoices):
        """Why the pipeline (or a person) gave the comment its first status."""

        HONEYPOT = "honeypot", _("Honeypot field filled in")
        TOO_FAST = "too_fast", _("Sent too fast after the page loaded")
        DISALLOWED_WORD = "disallowed_word", _("Contains a disallowed word")
        DISALLOWED_IP = "disallowed_ip", _("From a disallowed IP address")
        DISALLOWED_EMAIL = "disallowed_email", _("From a disallowed email address")
        MODERATION_WORD = "moderation_word", _("Contains a moderation word")
        TOO_MANY_LINKS = "too_many_links", _("Too many links")
        HOLD_ALL = "hold_all", _("All comments are held")
        FIRST_TIME = "first_time", _("First comment from this address")
        KNOWN_COMMENTER = "known_commenter", _("Commenter has an approved comment")
        STAFF = "staff", _("Written by staff")
        LISTED = "listed", _("On a moderator's always-list")
        LEARNED = "learned", _("The learning filter's score")

    # The pipeline's spam verdicts its author is not told about (a too-fast form is handed
    # back instead); see CommentQuerySet.awaiting_moderation. The learning filter and the
    # always-lists can be wrong about an honest reader as any list can.
    HELD_AS_SPAM = [
        Reason.HONEYPOT,
        Reason.DISALLOWED_WORD,
        Reason.DISALLOWED_IP,
        Reason.DISALLOWED_EMAIL,
        Reason.LISTED,
        Reason.LEARNED,
    ]

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    # Replies to a purged comment go with it: they were hidden with it anyway.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    depth = models.PositiveSmallIntegerField(
        _("depth"), default=0, editable=False, help_text=_("0 for a comment, 1 for a reply…")
    )
    author_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, validators=[single_line])
    author_email = models.EmailField(_("email"), max_length=EMAIL_MAX_LENGTH)
    author_url = models.URLField(
        _("website"), max_length=URL_MAX_LENGTH, blank=True, validators=[single_line]
    )
    text = models.TextField(_("comment"), validators=[multiline])
    # Rendering plain text (escaping, links) on every page view was most of the cost of a long
    # comment section, so it is done once, on save.
    text_html = models.TextField(
        _("comment as HTML"),
        blank=True,
        editable=False,
        help_text=_("The text as readers see it, rendered by comments.text.render_text."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    reason_detail = models.CharField(
        _("reason detail"),
        max_length=200,
        blank=True,
        help_text=_(
            "What set off the check: the word, address or number of links that matched, or how "
            "many seconds the form took."
        ),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("staff author"),
    )
    notify_replies = models.BooleanField(_("email me replies"), default=False)
    reply_notice_sent = models.BooleanField(
        _("reply notice sent"),
        default=False,
        editable=False,
        help_text=_("The parent's author was told about this reply (only ever once)."),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    # A double click sends one form twice, often before the first response (and its cookie)
    # reaches the browser; this key lets the second request find the comment the first saved.
    form_key = models.CharField(
        _("form key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Which page load, in which browser, sent this comment (a keyed hash)."),
    )

    # What the learning filter was taught from this comment, so a changed decision can be
    # taken back out of its counts (see comments.classifier).
    learned_as = models.CharField(_("learned as"), max_length=4, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            # The queue (pending first) and the pending counts on every admin page.
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            # Flood, known-commenter and privacy lookups match the address case-insensitively.
            models.Index(Upper("author_email"), name="comment_author_email_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "spam", "trash"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="comment_text_not_empty"),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, depth=0)
                | models.Q(parent__isnull=False, depth__gte=1),
                name="comment_depth_matches_parent",
                violation_error_message=_("A reply is one level deeper than its parent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.article}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_html = render_text(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The comment's permalink: it redirects to the comment page that shows it (and stays
        right when pages shift), see comments.pages."""
        return reverse("comments:permalink", args=[self.pk])

    def clean(self) -> None:
        if self.parent_id is not None and self.parent.article_id != self.article_id:
            raise ValidationError(
                {"parent": _("A reply belongs to the same article.")}, code="other_article"
            )

    @property
    def html(self) -> SafeString:
        """The text as readers see it: escaped, with paragraphs and nofollow links."""
        # Safe: text_html is only ever written by render_text, which escapes everything.
        return mark_safe(self.text_html)

    def admin_url(self) -> str:
        return reverse("admin:comments_comment_change", args=[self.pk])


class StatusChange(models.Model):
    """One line of a comment's moderation log: who moved it from which status to which."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("comment")
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Comment.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Comment.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty when the automatic pipeline decided."),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class NotificationFailure(models.Model):
    """A notification email that could not be sent, kept for administrators to see and act on."""

    class Kind(models.TextChoices):
        MODERATORS = "moderators", _("New comment for moderators")
        REPLY = "reply", _("Reply notice to a commenter")

    kind = models.CharField(_("email"), max_length=12, choices=Kind.choices)
    # The comment says which email it was; it may since have been purged.
    comment = models.ForeignKey(
        Comment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment"),
    )
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now, db_index=True)
    error = models.TextField(_("error"), help_text=_("What the mail system answered."))

    class Meta:
        ordering = ["-failed_at", "-id"]
        verbose_name = _("notification failure")
        verbose_name_plural = _("notification failures")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.failed_at:%Y-%m-%d %H:%M})"


class SenderRule(models.Model):
    """A moderator's "always hold / spam / approve" for one email, IP address or website domain."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        IP = "ip", _("IP address")
        DOMAIN = "domain", _("website domain")

    class Verdict(models.TextChoices):
        HOLD = "hold", _("Always hold")
        SPAM = "spam", _("Always spam")
        APPROVE = "approve", _("Always approve")

    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Lower case; a website domain without its www."),
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("sender rule")
        verbose_name_plural = _("sender rules (always hold, spam or approve)")
        constraints = [
            # One standing rule per sender: a later choice replaces the earlier one.
            models.UniqueConstraint(fields=["kind", "value"], name="sender_rule_one_per_sender"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} {self.get_kind_display()} {self.value}"


class TokenCount(models.Model):
    """How often a word or feature appeared in comments moderators approved and marked as spam.

    The learning filter's whole memory, in the database so every app server shares it. The row
    with the empty token counts the decisions themselves.
    """

    token = models.CharField(_("token"), max_length=100, unique=True)
    spam = models.PositiveIntegerField(_("in spam"), default=0)
    ham = models.PositiveIntegerField(_("in approved"), default=0)

    class Meta:
        verbose_name = _("learned token")
        verbose_name_plural = _("learned tokens")

    def __str__(self) -> str:
        return f"{self.token or '(decisions)'}: {self.spam} spam, {self.ham} approved"
