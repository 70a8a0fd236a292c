"""The admin's home: what needs the editor's or the moderator's attention now.

Composed here because it reads both apps (articles never imports comments). Every panel is one
LIMITed query walking an index, and every count stops past :data:`COUNT_CAP`, so the page costs
the same at 100 articles as at 100,000 articles and a million comments.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from articles.links import health
from articles.models import Article
from comments import moderation
from comments.models import Comment

#: Lists show this many rows; "and more" links lead to the full list.
LIST_SIZE = 5
#: Counts stop here and show as "99+": exact numbers past it would cost a scan each.
COUNT_CAP = 99
ACTIVITY_SIZE = 12


@dataclass(frozen=True)
class Count:
    """A count that stopped at its cap: shown as "99+" past it."""

    value: int
    cap: int

    def __str__(self) -> str:
        return f"{self.cap}+" if self.value > self.cap else str(self.value)

    def __bool__(self) -> bool:
        return self.value > 0


@dataclass
class Panel:
    """One box of the dashboard: a title, its rows, and where the whole list lives.

    ``kind`` says how its rows read: "drafts", "scheduled", "published", "comments", "counts".
    """

    kind: str
    title: str
    rows: list[Any]
    more_url: str
    more_label: str
    empty: str
    count: Count | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _first(rows: QuerySet, size: int = LIST_SIZE) -> list:
    return list(rows[:size])


def my_drafts(user: Any) -> QuerySet[Article]:
    """The user's own drafts outside the trash, the most recently saved first."""
    return (
        Article.objects.filter(author=user, status=Article.Status.DRAFT, deleted_at__isnull=True)
        .only("title", "updated_at")
        .order_by("-updated_at", "-id")
    )


def scheduled_next() -> QuerySet[Article]:
    """Scheduled articles whose time has not come, the next to go live first."""
    return (
        Article.objects.filter(
            status=Article.Status.SCHEDULED,
            published_at__gt=timezone.now(),
            deleted_at__isnull=True,
        )
        .select_related("author__author_profile")
        .defer("body", "body_html", "toc")
        .order_by("published_at", "id")
    )


def recently_published() -> QuerySet[Article]:
    """What readers got most recently (walks the newest-first index)."""
    return (
        Article.objects.published()
        .only("title", "slug", "published_at")
        .order_by("-published_at", "-id")
    )


def pending_comments() -> QuerySet[Comment]:
    """The newest comments waiting for a moderator."""
    return (
        Comment.objects.pending()
        .select_related("article")
        .only("author_name", "text", "created_at", "article__title")
        .order_by("-created_at", "-id")
    )


def recent_activity(request: HttpRequest, admin_site: AdminSite) -> list[LogEntry]:
    """What every editor and moderator did lately, on the kinds of rows this user may see."""
    models = [
        model
        for model, model_admin in admin_site._registry.items()
        if model_admin.has_view_or_change_permission(request)
    ]
    # Content types are cached by Django after their first lookup in the process.
    type_ids = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    # Newest by id, not by action_time: the primary key's index is walked backwards and stops
    # after a few rows; action_time has no index, so ordering by it sorts the whole log.
    return list(
        LogEntry.objects.filter(content_type_id__in=type_ids)
        .select_related("user", "content_type")
        .order_by("-pk")[:ACTIVITY_SIZE]
    )


def _changelist(model: type, **params: Any) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def panels(request: HttpRequest) -> list[Panel]:
    """The dashboard's boxes this user has a say in: editors' articles, moderators' queue."""
    user = request.user
    found: list[Panel] = []
    if user.has_perm("articles.change_article"):
        found += [
            Panel(
                kind="drafts",
                title=_("My drafts"),
                rows=_first(my_drafts(user)),
                more_url=_changelist(Article, state="draft", author__id__exact=user.pk),
                more_label=_("All my drafts"),
                empty=_("No drafts: everything you wrote is out."),
            ),
            Panel(
                kind="scheduled",
                title=_("Scheduled next"),
                rows=_first(scheduled_next()),
                more_url=_changelist(Article, state="scheduled"),
                more_label=_("All scheduled articles"),
                empty=_("Nothing is scheduled."),
            ),
            Panel(
                kind="published",
                title=_("Recently published"),
                rows=_first(recently_published()),
                more_url=_changelist(Article, state="live"),
                more_label=_("All live articles"),
                empty=_("Nothing is published yet."),
            ),
        ]
    if user.has_perm("comments.view_comment"):
        pending = pending_comments()
        found.append(
            Panel(
                kind="comments",
                title=_("Pending comments"),
                rows=_first(pending, 3),
                count=Count(health.capped_count(pending, COUNT_CAP), COUNT_CAP),
                more_url=_changelist(Comment, status=Comment.Status.PENDING),
                more_label=_("Open the pending queue"),
                empty=_("No comment is waiting."),
                extra={"can_moderate": user.has_perm(moderation.MODERATE_PERMISSION)},
            )
        )
    if user.has_perm("articles.view_article"):
        counts = health.counts(cap=COUNT_CAP)
        found.append(
            Panel(
                kind="counts",
                title=_("Link health"),
                rows=[
                    (
                        _("Links to unpublished or trashed articles"),
                        Count(counts["unpublished"], COUNT_CAP),
                    ),
                    (_("Links to deleted articles"), Count(counts["deleted"], COUNT_CAP)),
                ],
                more_url=reverse("admin:articles_article_link_health"),
                more_label=_("Open Link health"),
                empty="",
            )
        )
    return found
