from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Case, QuerySet, Value, When
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin
from articles.models import Article
from byline.admin import SingleRowAdmin
from byline.admin_site import EstimatedCountPaginator, FullWidthAdminMixin
from comments import classifier, inbox, moderation, preview
from comments.models import (
    TEXT_MAX_LENGTH,
    Comment,
    DiscussionSettings,
    NotificationFailure,
    SenderRule,
    StatusChange,
    count_subquery,
)


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _wants_json(request: HttpRequest) -> bool:
    """The inbox's script asks for JSON; a plain form post (no JavaScript) gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


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
    # "50 results (1,000,000 total)" counted every comment again on each filtered view.
    show_full_result_count = False
    # Above 10,000 matches PostgreSQL's estimate numbers the pages: counting the 900,000
    # approved comments of a million took 220 ms of each view of that status there.
    paginator = EstimatedCountPaginator
    # No date_hierarchy: its drill-down was a DISTINCT over every matching comment's day
    # (808 ms for 50,000 pending); the "created" filter's ranges cost nothing to offer.
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

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        """The inbox (one status at a time, pending first); any other filter, a search
        (``?q=``) or a bulk action opens Django's change list, which the inbox links to."""
        if request.method == "POST" or set(request.GET) - {"status", "before"}:
            return super().changelist_view(request, extra_context)
        return self.inbox_view(request)

    def inbox_view(self, request: HttpRequest) -> HttpResponse:
        """The moderators' inbox: whole comments with their context and a button per decision."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        status = request.GET.get("status", Comment.Status.PENDING)
        if status not in inbox.TABS:
            status = Comment.Status.PENDING
        try:
            before = int(request.GET["before"]) if request.GET.get("before") else None
        except ValueError:
            before = None
        rows, next_before = inbox.page(status, before=before)
        context = {
            **self.admin_site.each_context(request),
            **self.WITHOUT_NAV_SIDEBAR,
            "opts": self.opts,
            "title": _("Comments: %(status)s") % {"status": Comment.Status(status).label},
            "tabs": inbox.tabs(),
            "status": status,
            "rows": rows,
            "next_before": next_before,
            "can_moderate": self.has_moderate_permission(request),
            "text_max_length": TEXT_MAX_LENGTH,
            "here": request.get_full_path(),
            "filter_accuracy": classifier.cached_accuracy(),
            "min_each": classifier.MIN_EACH,
        }
        return TemplateResponse(request, "admin/comments/comment/inbox.html", context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        # The rows name their article: its title, never its texts.
        heavy = ("summary", "body", "body_html", "toc")
        return super().get_queryset(request).defer(*(f"article__{name}" for name in heavy))

    def get_ordering(self, request: HttpRequest) -> list:
        if request.GET.get("status__exact"):
            # One status: newest first, walked down comment_status_created. Pending-first
            # sorted all 50,000 pending comments (their articles read in full) for each page.
            return ["-created_at", "-id"]
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
        # Capped like the inbox's tabs: this runs on every admin page, a full count would not.
        pending = inbox.capped_count(Comment.Status.PENDING)
        return _("%(count)s pending") % {"count": inbox.count_label(pending)} if pending else ""

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
        changed = 0
        label = moderation.ACTIONS[action].label
        for comment in queryset:
            before = comment.get_status_display()
            if moderation.perform(
                action, comment, moderator=request.user, site_url=_site_url(request)
            ):
                changed += 1
                self.log_change(
                    request, comment, f"{label}: {before} → {comment.get_status_display()}"
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
            path("<int:object_id>/rule/", wrap(self.rule_view), name="comments_comment_rule"),
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

    def _back(self, comment: Comment, request: HttpRequest) -> HttpResponseRedirect:
        """Back where the button was: the inbox (its ``next``) or the comment's page."""
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def moderate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The buttons on a comment's page (where moderators' emails lead): a POST each."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._moderated_comment(request, object_id)
        action = request.POST.get("action", "")
        if action not in moderation.ACTIONS:
            raise PermissionDenied
        before = comment.get_status_display()
        changed = moderation.perform(
            action, comment, moderator=request.user, site_url=_site_url(request)
        )
        message = _("The comment is now %(status)s.") % {"status": comment.get_status_display()}
        if changed:
            # Also in the admin's own log, so "Recent actions" lists every decision.
            self.log_change(
                request,
                comment,
                f"{moderation.ACTIONS[action].label}: {before} → {comment.get_status_display()}",
            )
        if _wants_json(request):
            return JsonResponse(
                {
                    "changed": changed,
                    "status": comment.status,
                    "status_label": comment.get_status_display(),
                    "message": message,
                }
            )
        if changed:
            self.message_user(request, message, messages.SUCCESS)
        return self._back(comment, request)

    def rule_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """From a row: always hold, spam or approve this comment's email, IP or website."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._moderated_comment(request, object_id)
        verdict, _sep, kind = request.POST.get("rule", "").partition(":")
        if (verdict, kind) not in {
            tuple(value.split(":")) for value, _label in inbox.rule_choices(comment)
        }:
            raise PermissionDenied
        before = comment.status
        rule = moderation.add_sender_rule(
            comment, kind=kind, verdict=verdict, moderator=request.user, site_url=_site_url(request)
        )
        self.log_change(request, comment, f"{rule} (from this comment)")
        message = _("Rule added: %(rule)s.") % {"rule": rule}
        if _wants_json(request):
            return JsonResponse(
                {
                    "changed": comment.status != before,
                    "status": comment.status,
                    "status_label": comment.get_status_display(),
                    "message": message,
                }
            )
        self.message_user(request, message, messages.SUCCESS)
        return self._back(comment, request)

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
            if _wants_json(request):
                return JsonResponse({"changed": False, "error": "invalid reply"}, status=400)
            return self._back(comment, request)
        was_pending = comment.status == Comment.Status.PENDING
        reply = moderation.reply_as_staff(
            parent=comment, moderator=request.user, text=text, site_url=_site_url(request)
        )
        comment.refresh_from_db(fields=["status"])
        if was_pending:
            self.log_change(request, comment, _("Approved to reply"))
        self.log_addition(request, reply, _("Staff reply to comment %(id)s") % {"id": comment.pk})
        if _wants_json(request):
            return JsonResponse(
                {
                    "changed": was_pending,
                    "status": comment.status,
                    "status_label": comment.get_status_display(),
                    "message": str(_("Your reply is published.")),
                    "reply_url": reply.get_absolute_url(),
                }
            )
        self.message_user(
            request,
            format_html(
                'Your reply is published: <a href="{}">see it on the article</a>.',
                reply.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        return self._back(comment, request)


@admin.register(StatusChange)
class ModerationLogAdmin(FullWidthAdminMixin, admin.ModelAdmin):
    """The site-wide moderation log: who decided what, when, filterable by each."""

    list_display = ["changed_at", "changed_by", "decision", "comment_link", "note"]
    list_filter = ["changed_by", "to_status", "from_status", "changed_at"]
    date_hierarchy = "changed_at"
    list_select_related = ["changed_by", "comment__article"]
    list_per_page = 100
    search_fields = ["note", "comment__author_name", "comment__text"]

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["-changed_at", "-id"]

    # The log is written only by the moderation functions; here it is read.
    def has_view_permission(self, request: HttpRequest, obj: StatusChange | None = None) -> bool:
        return request.user.has_perm(moderation.MODERATE_PERMISSION) or super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StatusChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StatusChange | None = None) -> bool:
        return False

    @admin.display(description=_("decision"), ordering="to_status")
    def decision(self, change: StatusChange) -> str:
        before = change.get_from_status_display() or _("new")
        return f"{before} → {change.get_to_status_display()}"

    @admin.display(description=_("comment"))
    def comment_link(self, change: StatusChange) -> str:
        comment = change.comment
        return format_html(
            '<a href="{}">{}</a> <small>on {}</small>',
            reverse("admin:comments_comment_change", args=[comment.pk]),
            comment.author_name,
            truncatechars(comment.article.title, 50),
        )


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
        (_("Moderators' always-lists"), {"fields": ["sender_rules"]}),
    ]
    readonly_fields = ["sender_rules"]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        """ "Preview" re-decides recent comments under the edited settings and saves nothing."""
        if request.method != "POST" or "_preview" not in request.POST or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        if not self.has_change_permission(request):
            raise PermissionDenied
        row = self.get_object(request, object_id)
        form = self.get_form(request, row, change=True)(request.POST, instance=row)
        dry_run = preview.preview(form.save(commit=False)) if form.is_valid() else None
        fieldsets = self.get_fieldsets(request, row)
        admin_form = helpers.AdminForm(
            form, list(fieldsets), {}, self.get_readonly_fields(request, row), model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change %(name)s") % {"name": self.opts.verbose_name},
            "subtitle": str(row),
            "adminform": admin_form,
            "object_id": object_id,
            "original": row,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "preview": dry_run,
            "preview_size": preview.PREVIEW_SIZE,
        }
        return self.render_change_form(request, context, change=True, obj=row, form_url=form_url)

    @admin.display(description=_("sender rules"))
    def sender_rules(self, settings: DiscussionSettings) -> str:
        rules = list(SenderRule.objects.select_related("added_by")[:200])
        manage = reverse("admin:comments_senderrule_changelist")
        if not rules:
            return format_html(
                'None yet: add them from a comment in the inbox ("Always…"), or '
                '<a href="{}">here</a>.',
                manage,
            )
        items = format_html_join(
            "",
            "<li>{} <small>({}, {})</small></li>",
            ((rule, rule.added_by or _("unknown"), rule.added_at.date()) for rule in rules),
        )
        return format_html(
            '<ul>{}</ul><p><a href="{}">Change or remove rules</a></p>', items, manage
        )


@admin.register(SenderRule)
class SenderRuleAdmin(admin.ModelAdmin):
    """The always-hold, always-spam and always-approve rules, each for one sender."""

    list_display = ["value", "kind", "verdict", "added_by", "added_at"]
    list_filter = ["verdict", "kind"]
    search_fields = ["value"]
    fields = ["kind", "value", "verdict"]

    def save_model(self, request: HttpRequest, obj: SenderRule, form: object, change: bool) -> None:
        obj.value = obj.value.strip().lower()
        if obj.kind == SenderRule.Kind.DOMAIN:
            obj.value = obj.value.removeprefix("www.")
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


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
