"""The comment section under an article: the threads, the "awaiting moderation" notes, the form."""

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django import template
from django.http import HttpRequest
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Article
from byline import pagecache
from comments import drafts, moderation, pages, session
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


@dataclass(frozen=True)
class ThreadList:
    """A comment page's threads as HTML, how many, and the comment replied to if on it."""

    html: SafeString
    count: int
    reply_to: Comment | None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@register.inclusion_tag("comments/_comments.html", takes_context=True)
def comments_section(context: template.Context, article: Article) -> dict[str, Any]:
    """One page of the comment section (see comments.pages), in two queries whatever the
    number of comments: where every visible comment falls, then the page's comments."""
    request: HttpRequest = context["request"]
    rules = DiscussionSettings.current()
    own_ids = session.own_comment_ids(request)
    # Built only when something must be read (a kept layout and threads need no query).
    visible = functools.cache(lambda: pages.visible(article, own_ids))
    # What every reader without comments of their own waiting sees of a saved article: kept
    # by each worker while the page cache's tags say it holds (see pagecache.fragment).
    shared = not own_ids and not context.get("is_preview")
    if shared:
        layout = pagecache.fragment(
            f"comments:{article.pk}:layout",
            [f"page:{article.pk}"],
            lambda: pages.layout(visible()),
            size=lambda layout: 100 * len(layout.order),
        )
    else:
        layout = pages.layout(visible())

    form = context.get("comment_form")
    notice = context.get("comment_notice")
    if form is None and (draft := drafts.take(request, article)):
        form, notice = draft  # sent back here after a refusal
    # The page: the one holding the comment being replied to, else the one asked for.
    reply_to_id = form.reply_to.pk if form is not None and form.reply_to else None
    if form is None:
        reply_to_id = _int(request.GET.get("replytocom"))
    page = layout.page_of.get(reply_to_id) if reply_to_id else None
    if page is None:
        page = layout.clamp(pages.requested_page(request.GET.get(pages.PARAM)))

    is_open = not moderation.comments_closed(article, rules, timezone.now())
    article_url = article.get_absolute_url()
    page_url = pages.page_url(article_url, page)

    def thread_list() -> ThreadList:
        comments = _page_comments(visible(), layout.ids_on(page))
        threads = build_threads(comments, rules=rules, open_=is_open)
        html = get_template("comments/_comments.html#thread_list").render(
            {"threads": threads, "page_url": page_url, "article_url": article_url}
        )
        approved = {c.pk: c for c in comments if c.status == Comment.Status.APPROVED}
        return ThreadList(html, len(threads), approved.get(reply_to_id) if reply_to_id else None)

    if shared and reply_to_id is None:
        threads = pagecache.fragment(
            f"comments:{article.pk}:{article.slug}:{page}:{is_open}",
            [f"page:{article.pk}"],
            thread_list,
            size=lambda threads: len(threads.html),
        )
    else:
        threads = thread_list()
    reply_to = threads.reply_to
    form_html = ""
    initial = session.remembered_author(request) if form is None and is_open else {}
    if shared and form is None and is_open and not initial and reply_to is None:
        # The empty form nearly every reader gets: kept with slots for the reader's own CSRF
        # token and issue time (as a cached page holds it), filled for each response.
        form_html = pagecache.fragment(
            f"comments:{article.pk}:form:{page_url}",
            [f"page:{article.pk}"],
            lambda: _empty_form(article, page_url),
        )
        if not pagecache.is_recording():
            form_html = SafeString(pagecache.fill_slots(request, form_html))
    elif form is None and is_open:
        if reply_to is not None:
            initial["parent"] = reply_to.pk
        if pagecache.is_recording():
            # A cached page holds no issue time: each response gets its own (see slots).
            initial["token"] = pagecache.slot("comment_form", article.pk)
        form = CommentForm(article=article, initial=initial)
    if is_open and rules.close_after_days and article.published_at is not None:
        pagecache.valid_until(article.published_at + timedelta(days=rules.close_after_days))
    # Every comment page of the article: they all show its comments (and their count).
    pagecache.depends_on(f"page:{article.pk}")
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        # In a page rendered for the cache, a slot for the reader's own CSRF token.
        "csrf_slot": pagecache.slot("csrf") if pagecache.is_recording() else "",
        "article": article,
        "thread_list": threads.html,
        "thread_count": threads.count,
        "approved_count": layout.approved_count,
        "form": form,
        "form_html": form_html,
        "opens_when_published": article.comments_open and not article.is_live,
        "notice": notice,
        "reply_to": reply_to,
        "page_url": page_url,
        "pagination": _pagination(article_url, page, layout.pages),
    }


def _empty_form(article: Article, page_url: str) -> SafeString:
    """The comment form as a reader with nothing remembered first sees it, with slots."""
    form = CommentForm(
        article=article, initial={"token": pagecache.slot("comment_form", article.pk)}
    )
    return get_template("comments/_form.html").render(
        {
            "form": form,
            "article": article,
            "page_url": page_url,
            "csrf_slot": pagecache.slot("csrf"),
        }
    )


# Ids fetched per query: one query for any real page, and never past a database's limit.
ID_CHUNK = 10_000


def _page_comments(visible: Any, ids: list[int]) -> list[Comment]:
    fields = [
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
    ]
    found: list[Comment] = []
    for start in range(0, max(len(ids), 1), ID_CHUNK):
        found.extend(visible.filter(pk__in=ids[start : start + ID_CHUNK]).only(*fields))
    return found


@dataclass(frozen=True)
class PageLink:
    """One entry of the comment pages' navigation: a page number, or a gap ("…")."""

    number: int | None
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """Links to the other comment pages: previous, next and the numbers around this one."""

    number: int
    count: int
    previous_url: str
    next_url: str
    links: list[PageLink]


def _pagination(article_url: str, page: int, count: int) -> Pagination | None:
    if count <= 1:
        return None
    shown = sorted({1, count, *range(max(1, page - 2), min(count, page + 2) + 1)})
    links: list[PageLink] = []
    for number in shown:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, pages.page_url(article_url, number), number == page))
    return Pagination(
        number=page,
        count=count,
        previous_url=pages.page_url(article_url, page - 1) if page > 1 else "",
        next_url=pages.page_url(article_url, page + 1) if page < count else "",
        links=links,
    )
