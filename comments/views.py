from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views import csrf
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.seo import site_feeds
from byline.models import SiteSettings
from byline.seo import simple_meta
from comments import drafts, moderation, pages, session
from comments.forms import CommentForm
from comments.ip import client_ip
from comments.models import Comment
from comments.tasks import UNSUBSCRIBE_MAX_AGE, read_unsubscribe_token


class HttpResponseSeeOther(HttpResponseRedirect):
    """After a POST, "see the page at this address" (a GET), whatever the method was."""

    status_code = 303


def render_article(
    request: HttpRequest, article: Article, form: CommentForm, *, notice: str, status: int
) -> HttpResponse:
    """The article page as its own view draws it, with the reader's form handed back."""
    match = resolve(article.get_absolute_url())
    view_class = match.func.view_class
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object, comment_form=form, comment_notice=notice)
    return TemplateResponse(request, view.get_template_names(), context, status=status)


def _hand_back(
    request: HttpRequest, article: Article, form: CommentForm, notice: str
) -> HttpResponse:
    """Send the reader back to the article's form, their text and the reasons kept (see drafts)."""
    drafts.keep(request, form=form, notice=notice)
    return HttpResponseSeeOther(f"{article.get_absolute_url()}#respond")


def _form_key(request: HttpRequest, form: CommentForm) -> str:
    """One page load's form in one browser: its token keyed with the browser's CSRF secret.

    The token alone is shared by everybody served the same cached page.
    """
    if form.issued_at is None:
        return ""
    browser = request.META.get("CSRF_COOKIE") or ""
    token = form.cleaned_data["token"]
    return salted_hmac("comments.form_key", f"{token}|{browser}", algorithm="sha256").hexdigest()


@require_http_methods(["GET", "HEAD", "POST"])
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    """Receive the "Leave a Reply" form: store the comment, or hand the form back with the text."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    if request.method != "POST":
        # A handed-back form leaves this address in the bar; reloading it leads to the form.
        return HttpResponseRedirect(f"{article.get_absolute_url()}#respond")
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _hand_back(
            request,
            article,
            form,
            _("Your comment was not sent yet: please check the fields marked below."),
        )
    submission = moderation.Submission(
        article=article,
        parent=form.reply_to,
        ip=client_ip(request),
        user=request.user,
        issued_at=form.issued_at,
        honeypot=form.cleaned_data["homepage"],
        form_key=_form_key(request, form),
        **form.submission_fields(),
    )
    try:
        # A double click's second request gets the comment the first one stored.
        comment = moderation.submit_comment(
            submission=submission,
            site_url=request.build_absolute_uri("/"),
            own_ids=session.own_comment_ids(request),
        )
    except moderation.Refused as refusal:
        return _hand_back(request, article, form, refusal.message)

    drafts.forget(request)
    # Straight to the comment's page (the last one, for a new thread), sparing the permalink's hop.
    own_ids = session.own_comment_ids(request)
    response = HttpResponseSeeOther(pages.url_for(comment, own_ids=own_ids))
    if form.cleaned_data["remember"]:
        session.remember_author(
            response,
            name=comment.author_name,
            email=comment.author_email,
            url=comment.author_url,
        )
    else:
        session.forget_author(response)
    session.add_own_comment(request, response, comment.pk)
    return response


@require_http_methods(["GET", "HEAD"])
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A comment's lasting address: redirects to the comment page that shows it now.

    Readers reach approved comments on published articles, and their own awaiting ones;
    moderators reach any comment, placed where it would be. A comment that is no longer
    public (an old email's link to one since removed) leads to its article's comments,
    with nothing about it; one on an article readers cannot see is a 404.
    """
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    own_ids = session.own_comment_ids(request)
    as_moderator = request.user.has_perm(moderation.MODERATE_PERMISSION)
    if not as_moderator:
        if not comment.article.is_live:
            raise Http404
        readable = (
            comment.status == Comment.Status.APPROVED
            or Comment.objects.filter(pk=comment.pk, pk__in=own_ids).awaiting_moderation().exists()
        )
        if not readable:
            return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#comments")
    return HttpResponseRedirect(pages.url_for(comment, own_ids=own_ids, as_moderator=as_moderator))


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    """A failed security check on a comment hands the form back with the text; nothing is saved."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if match is not None and match.view_name == "comments:post" and request.method == "POST":
        article = Article.objects.published().filter(pk=match.kwargs["article_id"]).first()
        if article is not None:
            form = CommentForm(request.POST, article=article)
            form.is_valid()  # to show field errors too; nothing is stored
            form.reissue_token()
            try:
                # Drawn in this response rather than redirected: the browser may be refusing
                # cookies, and then a session could not carry the text to the next page.
                return render_article(
                    request,
                    article,
                    form,
                    notice=_(
                        "Your comment was not sent: the page's security check failed, perhaps "
                        "because it was open for a long time or cookies are blocked. Your text "
                        "is kept below: please send it again."
                    ),
                    status=403,
                )
            except Http404:
                pass
    return csrf.csrf_failure(request, reason=reason, **kwargs)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop reply emails about one comment: the link shows a button; only its POST changes it.

    A link that expired or was not made by us gets a page saying what to do instead.
    """
    try:
        comment_id = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return _unsubscribe_page(request, problem="expired", status=410)
    comment = (
        Comment.objects.select_related("article").filter(pk=comment_id).first()
        if comment_id
        else None
    )
    if comment is None:
        return _unsubscribe_page(request, problem="invalid", status=404)
    done = False
    if request.method == "POST":
        # One link, one subscription: the other comments' reply emails go on as asked.
        Comment.objects.filter(pk=comment.pk).update(notify_replies=False)
        done = True
    return _unsubscribe_page(request, comment=comment, done=done)


def _unsubscribe_page(
    request: HttpRequest,
    *,
    comment: Comment | None = None,
    done: bool = False,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    page_meta = simple_meta(
        request,
        site := SiteSettings.for_request(request),
        title=_("Stop reply emails"),
        description=_("Stop emails about replies to your comment."),
        noindex=True,
        feeds=site_feeds(request, site),
    )
    response = TemplateResponse(
        request,
        "comments/unsubscribe.html",
        {
            "comment": comment,
            "done": done,
            "problem": problem,
            "max_age_days": UNSUBSCRIBE_MAX_AGE.days,
            "page_meta": page_meta,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
