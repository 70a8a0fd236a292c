"""A refused comment kept for its reader between the POST and the page they are sent back to.

Post/redirect/get: the refused POST stores what the reader typed and why it was not sent in
their session, then redirects to the article's form; the GET draws the form from it. A reload
of that page is a plain GET, so it never sends the comment again. The draft is kept (without
its message, shown once) until the comment is sent, so a reload does not lose the text either.

Sessions only start for a reader whose comment was refused: the CSRF check has passed by then,
so their browser keeps cookies.
"""

from django.http import HttpRequest

from articles.models import Article
from comments.forms import CommentForm

SESSION_KEY = "comments.draft"
# What is kept: everything the reader typed or ticked, and the form token, whose issue time
# still counts (a reader who fixes one field in a second is not taken for a bot). The
# honeypot is not kept: people never fill it in.
KEPT_FIELDS = (
    "text",
    "author_name",
    "author_email",
    "author_url",
    "notify_replies",
    "remember",
    "parent",
    "token",
)


def keep(request: HttpRequest, *, form: CommentForm, notice: str) -> None:
    """Keep a refused form's data and the message saying why, for the page the reader sees next."""
    data = {}
    for name in KEPT_FIELDS:
        value = form.data.get(form.add_prefix(name))
        if value is not None:
            data[name] = str(value)
    request.session[SESSION_KEY] = {"article": form.article.pk, "data": data, "notice": str(notice)}


def take(request: HttpRequest, article: Article) -> tuple[CommentForm, str] | None:
    """The reader's kept form for ``article`` with its errors, and the message (once)."""
    draft = request.session.get(SESSION_KEY)
    if not isinstance(draft, dict) or draft.get("article") != article.pk:
        return None
    notice = str(draft.get("notice") or "")
    if notice:
        request.session[SESSION_KEY] = {**draft, "notice": ""}
    data = draft.get("data")
    form = CommentForm(data if isinstance(data, dict) else {}, article=article)
    form.is_valid()  # the field errors, named in the summary and beside each field
    form.reissue_token()
    return form, notice


def forget(request: HttpRequest) -> None:
    """The comment was sent: its draft is done with."""
    if SESSION_KEY in request.session:
        del request.session[SESSION_KEY]
