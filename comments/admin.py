from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin
from articles.models import Article
from byline.admin import SingleRowAdmin
from byline.admin_site import FullWidthAdminMixin
from comments import moderation
from comments.models import (
    TEXT_MAX_LENGTH,
    Comment,
    DiscussionSettings,
    NotificationFailure,
    StatusChange,
    count_subquery,
)


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class StatusChangeInline(admin.TabularInline):
    """The comment's moderation log, read-only."""

    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("status change")
    verbose_name_plural = _("moderation log")

    def has_add_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Comment | None = None) -> bool:
        return request.user.has_perm("comments.view_comment")


@admin.register(Comment)
class CommentAdmin(FullWidthAdminMixin, admin.ModelAdmin):
    """The moderation queue: pending comments first, with why the pipeline held them."""

    list_display = [
        "excerpt",
        "author",
        "article_title",
        "status",
        "reason_display",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", "reason", "created_at"]
    search_fields = ["author_name", "author_email", "text", "ip_address", "article__title"]
    list_select_related = ["article"]
    list_per_page = 50
    date_hierarchy = "created_at"
    actions = ["approve_selected", "spam_selected", "trash_selected", "restore_selected"]
    inlines = [StatusChangeInline]
    fieldsets = [
        (
            None,
            {"fields": ["article", "parent", "status", "reason", "reason_detail", "created_at"]},
        ),
        (
            _("What the commenter sent"),
            {"fields": ["author_name", "author_email", "author_url", "text", "notify_replies"]},
        ),
        (_("Where it came from"), {"fields": ["ip_address", "user"]}),
    ]
    # Status only changes through the moderation buttons, so that every change is logged.
    readonly_fields = [
        "article",
        "parent",
        "status",
        "reason",
        "reason_detail",
        "created_at",
        "ip_address",
        "user",
    ]

    def get_ordering(self, request: HttpRequest) -> list:
        pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "-created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers, or as staff replies from a comment's page

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(moderation.MODERATE_PERMISSION)

    def index_badge(self, request: HttpRequest) -> str:
        """Shown beside "Comments" on the admin index."""
        if not self.has_view_permission(request):
            return ""
        pending = Comment.objects.pending().count()
        return _("%(count)s pending") % {"count": pending} if pending else ""

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return truncatechars(comment.text, 90)

    @admin.display(description=_("author"), ordering="author_name")
    def author(self, comment: Comment) -> str:
        return format_html(
            "{}<br><small>{}</small><br><small>{}</small>",
            comment.author_name,
            comment.author_email,
            comment.ip_address or "",
        )

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, comment: Comment) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            comment.get_absolute_url(),
            truncatechars(comment.article.title, 60),
        )

    @admin.display(description=_("reason"), ordering="reason")
    def reason_display(self, comment: Comment) -> str:
        label = comment.get_reason_display()
        return f"{label} ({comment.reason_detail})" if comment.reason_detail else label

    def _bulk(self, request: HttpRequest, queryset: QuerySet[Comment], action: str) -> None:
        changed = sum(
            moderation.perform(action, comment, moderator=request.user, site_url=_site_url(request))
            for comment in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d comment changed (%(action)s).",
                "%(count)d comments changed (%(action)s).",
                changed,
            )
            % {"count": changed, "action": moderation.ACTIONS[action].label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(request, queryset, "approve")

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def spam_selected(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(request, queryset, "spam")

    @admin.action(description=_("Move selected comments to the trash"), permissions=["moderate"])
    def trash_selected(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(request, queryset, "trash")

    @admin.action(description=_("Restore selected comments"), permissions=["moderate"])
    def restore_selected(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._bulk(request, queryset, "restore")

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/moderate/",
                wrap(self.moderate_view),
                name="comments_comment_moderate",
            ),
            path("<int:object_id>/reply/", wrap(self.reply_view), name="comments_comment_reply"),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        comment = self.get_object(request, object_id)
        if comment is not None and self.has_moderate_permission(request):
            extra_context["can_moderate"] = True
            extra_context["moderation_actions"] = [
                (action.name, action.label) for action in moderation.actions_for(comment)
            ]
            extra_context["text_max_length"] = TEXT_MAX_LENGTH
            extra_context["can_reply"] = comment.status in moderation.STAFF_REPLIES_TO
        return super().change_view(request, object_id, form_url, extra_context)

    def _moderated_comment(self, request: HttpRequest, object_id: int) -> Comment:
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        return get_object_or_404(Comment.objects.select_related("article"), pk=object_id)

    def _back(self, comment: Comment) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def moderate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The buttons on a comment's page (where moderators' emails lead): a POST each."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._moderated_comment(request, object_id)
        action = request.POST.get("action", "")
        if action not in moderation.ACTIONS:
            raise PermissionDenied
        changed = moderation.perform(
            action, comment, moderator=request.user, site_url=_site_url(request)
        )
        if changed:
            self.message_user(
                request,
                _("The comment is now %(status)s.") % {"status": comment.get_status_display()},
                messages.SUCCESS,
            )
        return self._back(comment)

    def reply_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Publish a staff reply to the comment (approving it first when it was pending)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._moderated_comment(request, object_id)
        text = request.POST.get("text", "").strip()
        if (
            not text
            or len(text) > TEXT_MAX_LENGTH
            or comment.status not in moderation.STAFF_REPLIES_TO
        ):
            self.message_user(
                request,
                _(
                    "The reply was not posted: write up to %(limit)s characters, to a pending or "
                    "approved comment."
                )
                % {"limit": TEXT_MAX_LENGTH},
                messages.ERROR,
            )
            return self._back(comment)
        reply = moderation.reply_as_staff(
            parent=comment, moderator=request.user, text=text, site_url=_site_url(request)
        )
        self.message_user(
            request,
            format_html(
                'Your reply is published: <a href="{}">see it on the article</a>.',
                reply.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        return self._back(comment)


@admin.register(NotificationFailure)
class NotificationFailureAdmin(admin.ModelAdmin):
    """Emails that could not be sent, newest first, so nobody waits for one that never comes."""

    list_display = ["failed_at", "kind", "comment_link", "error_summary"]
    list_filter = ["kind"]
    list_select_related = ["comment__article"]
    date_hierarchy = "failed_at"
    fields = ["failed_at", "kind", "comment_link", "error"]
    readonly_fields = fields

    @admin.display(description=_("comment"))
    def comment_link(self, failure: NotificationFailure) -> str:
        if failure.comment is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', failure.comment.admin_url(), truncatechars(failure.comment, 60)
        )

    @admin.display(description=_("error"))
    def error_summary(self, failure: NotificationFailure) -> str:
        return truncatechars(failure.error, 120)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(SingleRowAdmin):
    """WordPress's discussion settings page: thresholds, word lists, retention."""

    fieldsets = [
        (_("Threads"), {"fields": ["close_after_days", "thread_depth"]}),
        (
            _("Holding and refusing comments"),
            {
                "fields": [
                    "hold_all",
                    "link_threshold",
                    "moderation_words",
                    "disallowed_words",
                    "disallowed_ips",
                    "disallowed_emails",
                ]
            },
        ),
        (
            _("Spam and flood protection"),
            {"fields": ["flood_interval_seconds", "min_seconds", "form_max_age_hours"]},
        ),
        (_("Privacy and notifications"), {"fields": ["ip_retention_days", "notify_moderators"]}),
    ]


class PendingCommentsColumn:
    """For an article list: a pending-comments column counted in the list's own query."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(  # type: ignore[misc]
                pending_comment_count=count_subquery(Comment.Status.PENDING)
            )
        )

    @admin.display(description=_("pending comments"), ordering="pending_comment_count")
    def pending_comments(self, article: Article) -> str:
        count = article.pending_comment_count
        if not count:
            return "–"
        url = reverse("admin:comments_comment_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}&amp;status__exact=pending">{}</a>',
            url,
            article.pk,
            count,
        )


# The article list gains the pending-comments column here, so articles never imports comments.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithCommentsAdmin(PendingCommentsColumn, ArticleAdmin):
    """The article admin, plus the pending-comments column."""

    list_display = [*ArticleAdmin.list_display, "pending_comments"]
