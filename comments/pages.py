"""Comment pages: an article's threads, :data:`PER_PAGE` top-level ones a page, none split.

WordPress's default (50 threads a page, oldest first). Pages are cut by the *approved* top-level
comments only, so every reader (and every cached copy) sees the same page boundaries; a
reader's own comment awaiting moderation shows on the page where its time puts it. Replies
follow their thread's first comment, wherever they were written from.

Every address that leads to a comment goes through :func:`url_for`: the permalink
(``/comments/<id>/``, what emails, feeds and the inbox link to) redirects there, and so does
the answer to a posted comment. Page 1 is the article's own address; page ``n`` adds
``?cpage=n`` (a plain query string, so a page cache can keep each page).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from articles.models import Article
from byline.validators import whole_number
from comments.models import Comment, CommentQuerySet

PER_PAGE = 50
PARAM = "cpage"


def visible(article: Article, own_ids: list[int]) -> CommentQuerySet:
    """The article's comments a reader sees: approved ones, and their own while they wait.

    A comment the pipeline held as spam waits like any other; what a moderator put in spam or
    trash never shows.
    """
    comments = Comment.objects.for_article(article)
    if not own_ids:  # nearly every reader: the same rows, without building the subquery
        return comments.filter(status=Comment.Status.APPROVED)
    awaiting = Comment.objects.filter(pk__in=own_ids).awaiting_moderation().values("pk")
    return comments.filter(Q(status=Comment.Status.APPROVED) | Q(pk__in=awaiting))


@dataclass(frozen=True)
class Layout:
    """Which page each visible comment of one article is on, and how many pages there are."""

    page_of: dict[int, int]
    pages: int
    approved_count: int
    order: list[int]  # every visible comment's id, oldest first

    def ids_on(self, page: int) -> list[int]:
        """The ids shown on ``page``, oldest first."""
        return [pk for pk in self.order if self.page_of.get(pk) == page]

    def clamp(self, page: int) -> int:
        """``page`` brought within 1 and the last page (an old link to a page that shrank)."""
        return min(max(page, 1), self.pages)


def layout(comments: CommentQuerySet) -> Layout:
    """Lay out ``comments`` (one article's, as :func:`visible` gives them) in one small query."""
    rows = list(comments.values_list("id", "parent_id", "status"))  # oldest first
    parent_of = {pk: parent for pk, parent, _status in rows}
    approved_roots = sum(
        1 for _pk, parent, status in rows if parent is None and status == Comment.Status.APPROVED
    )
    pages = max(1, -(-approved_roots // PER_PAGE))
    page_of: dict[int, int] = {}
    seen = 0
    for pk, parent, status in rows:
        if parent is None:
            page_of[pk] = min(seen // PER_PAGE + 1, pages)
            seen += status == Comment.Status.APPROVED
    for pk, _parent, _status in rows:
        page_of[pk] = _page_of_thread(pk, parent_of, page_of)
    page_of = {pk: page for pk, page in page_of.items() if page}
    approved = sum(1 for _pk, _parent, status in rows if status == Comment.Status.APPROVED)
    return Layout(page_of, pages, approved, [pk for pk, _parent, _status in rows])


def _page_of_thread(pk: int, parent_of: dict[int, int | None], page_of: dict[int, int]) -> int:
    """The page of ``pk``'s thread; 0 when an ancestor is hidden (the reply is hidden with it)."""
    path = []
    current: int | None = pk
    while current is not None and current not in page_of:
        if current not in parent_of or len(path) > len(parent_of):
            current = None  # a hidden ancestor (or, defensively, a cycle)
            break
        path.append(current)
        current = parent_of[current]
    page = page_of.get(current, 0) if current is not None else 0
    for step in path:
        page_of[step] = page  # remembered, so a long thread is walked once
    return page


def page_url(article_url: str, page: int) -> str:
    """The address of comment page ``page``: the article itself for page 1."""
    return article_url if page <= 1 else f"{article_url}?{PARAM}={page}"


def url_for(comment: Comment, *, own_ids: Sequence[int] = (), as_moderator: bool = False) -> str:
    """The address that shows ``comment``: its page and its anchor.

    ``as_moderator`` places a comment readers cannot see where it would be if it were approved.
    """
    article = comment.article
    if as_moderator:
        comments = Comment.objects.for_article(article).filter(
            Q(status=Comment.Status.APPROVED) | Q(pk=comment.pk)
        )
    else:
        comments = visible(article, [*own_ids, comment.pk])
    page = layout(comments).page_of.get(comment.pk, 1)
    return f"{page_url(article.get_absolute_url(), page)}#comment-{comment.pk}"


def requested_page(value: str | None) -> int:
    """The page a ``cpage`` value asks for; 1 for anything that is not a positive number."""
    return number if (number := whole_number(value)) is not None and 0 < number < 10**6 else 1
