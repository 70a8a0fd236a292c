"""The comment section under an article: the threads, the "awaiting moderation" notes, the form."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django import template
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Article
from byline import pagecache
from comments import drafts, moderation, session
from comments.forms import CommentForm
from comments.models import Comment, DiscussionSettings

register = template.Library()


@register.simple_tag
def comment_author(comment: Comment) -> SafeString:
    """The author's name, linked to their website (http/https only) when they gave one."""
    url = comment.author_url
    if url and url.lower().startswith(("http://", "https://")):
        return format_html(
            '<a class="comment__author-link" href="{}" rel="nofollow ugc noopener">{}</a>',
            url,
            comment.author_name,
        )
    return format_html("{}", comment.author_name)


@register.simple_tag
def comment_time(moment: datetime) -> SafeString:
    """A comment's date as a <time> element, like "5 March 2026 at 14:07" in local time."""
    # Built directly rather than with two |date filters: those parse their format string on
    # every call, and a long thread has hundreds of dates.
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{} {} {} at {}</time>',
        local.isoformat(timespec="seconds"),
        local.day,
        MONTHS[local.month],
        local.year,
        local.strftime("%H:%M"),
    )


@dataclass
class Node:
    """One comment in a thread, with the replies under it."""

    comment: Comment
    replies: list["Node"] = field(default_factory=list)
    can_reply: bool = False


def build_threads(comments: list[Comment], *, rules: DiscussionSettings, open_: bool) -> list[Node]:
    """Arrange comments (oldest first) into threads; replies to hidden comments stay hidden."""
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots: list[Node] = []
    for comment in comments:
        node = nodes[comment.pk]
        node.can_reply = (
            open_
            and comment.status == Comment.Status.APPROVED
            and moderation.can_reply_under(comment, rules=rules)
        )
        if comment.parent_id is None:
            roots.append(node)
        elif parent := nodes.get(comment.parent_id):
            parent.replies.append(node)
    return roots


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@register.inclusion_tag("comments/_comments.html", takes_context=True)
def comments_section(context: template.Context, article: Article) -> dict[str, Any]:
    """Everything the comment section shows, in two queries whatever the number of comments."""
    request: HttpRequest = context["request"]
    rules = DiscussionSettings.load()
    own_ids = session.own_comment_ids(request)
    # Readers see approved comments, and their own while they wait (a comment the pipeline
    # held as spam waits like any other); what a moderator put in spam or trash never shows.
    awaiting = Comment.objects.filter(pk__in=own_ids).awaiting_moderation().values("pk")
    visible = Comment.objects.for_article(article).filter(
        Q(status=Comment.Status.APPROVED) | Q(pk__in=awaiting)
    )
    comments = list(
        visible.only(
            "id",
            "parent_id",
            "depth",
            "author_name",
            "author_url",
            "text_html",
            "status",
            "created_at",
            "user_id",
            "article_id",
        )
    )
    is_open = not moderation.comments_closed(article, rules, timezone.now())
    threads = build_threads(comments, rules=rules, open_=is_open)

    approved = {c.pk: c for c in comments if c.status == Comment.Status.APPROVED}
    form = context.get("comment_form")
    notice = context.get("comment_notice")
    if form is None and (draft := drafts.take(request, article)):
        form, notice = draft  # sent back here after a refusal
    if form is not None:
        reply_to = approved.get(form.reply_to.pk) if form.reply_to else None
    else:
        reply_to = approved.get(_int(request.GET.get("replytocom")))
        if is_open:
            initial = session.remembered_author(request)
            if reply_to is not None:
                initial["parent"] = reply_to.pk
            if pagecache.is_recording():
                # A cached page holds no issue time: each response gets its own (see slots).
                initial["token"] = pagecache.slot("comment_form", article.pk)
            form = CommentForm(article=article, initial=initial)
    if is_open and rules.close_after_days and article.published_at is not None:
        pagecache.valid_until(article.published_at + timedelta(days=rules.close_after_days))
    pagecache.depends_on(f"page:{article.pk}")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        # In a page rendered for the cache, a slot for the reader's own CSRF token.
        "csrf_slot": pagecache.slot("csrf") if pagecache.is_recording() else "",
        "article": article,
        "threads": threads,
        "approved_count": len(approved),
        "form": form,
        "opens_when_published": article.comments_open and not article.is_live,
        "notice": notice,
        "reply_to": reply_to,
    }
