"""Slug history: every slug an article was public under answers with a 301 to the article.

An old address belongs to its article for the article's life: another article may take it only
after an explicit release (``release_old_address``, recorded in the old article's history), so
no sequence of renames can send a reader to the wrong article.

Unlike the indexes, slug history is written in the transaction that saves the article, not
after it commits: it is a record, not derived data (no rebuild can recover an old slug), so a
rename and the redirect from its old address commit together or not at all.
"""

from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.translation import gettext as _

from articles.links.models import SlugHistory
from articles.models import Article, is_public

#: What an article was before a save, for the slug history and for whatever follows its saves
#: (the page cache purges the lists it left: ``byline.invalidation``).
PREVIOUS_STATE_FIELDS = (
    "slug",
    "status",
    "published_at",
    "deleted_at",
    "significant_update_at",
    "is_featured",
    "category_id",
    "author_id",
)


def _was_public(state: dict[str, Any] | None) -> bool:
    return bool(state and is_public(state["status"], state["published_at"]))


def old_address_holder(slug: str, *, exclude: Article | None = None) -> Article | None:
    """The article (other than ``exclude``) for which ``slug`` is an old address, if any."""
    # Its current slug is no old address (the unique slug refuses that with its own message).
    history = SlugHistory.objects.filter(slug=slug).exclude(article__slug=slug)
    history = history.select_related("article")
    if exclude is not None and exclude.pk is not None:
        history = history.exclude(article=exclude)
    row = history.first()
    return row.article if row else None


def taken_message(holder: Article) -> str:
    """Why a slug is refused: it is the old address of ``holder``."""
    return _(
        "This address used to belong to “%(title)s”: readers and search engines following it "
        "are sent to that article. Choose another slug, or take the address over (that "
        "article's redirect from it is then removed)."
    ) % {"title": holder.title}


def release_old_address(slug: str, *, to: Article, by: Any = None) -> Article | None:
    """Remove another article's redirect from ``slug`` so ``to`` may take it; record it there.

    Returns the article that held the address, or None when nobody did.
    """
    holder = old_address_holder(slug, exclude=to)
    if holder is None:
        return None
    SlugHistory.objects.filter(slug=slug, article=holder).delete()
    if by is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[holder],
            action_flag=CHANGE,
            change_message=_("Released its old address /%(slug)s/ to “%(title)s”.")
            % {"slug": slug, "title": to.title},
            single_object=True,
        )
    return holder


def remember_previous_state(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    """pre_save: note the state before this save, and refuse another article's old address."""
    if kwargs.get("raw"):
        instance._previous_state = None
        return
    instance._previous_state = (
        None
        if instance.pk is None
        else Article.objects.filter(pk=instance.pk).values(*PREVIOUS_STATE_FIELDS).first()
    )
    previous_slug = instance._previous_state and instance._previous_state["slug"]
    if instance.slug != previous_slug and (
        holder := old_address_holder(instance.slug, exclude=instance)
    ):
        raise ValidationError({"slug": taken_message(holder)}, code="old_address_taken")


def record_public_slugs(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    """post_save: remember every slug the article was public under; its current slug wins."""
    if kwargs.get("raw"):
        return
    previous = getattr(instance, "_previous_state", None)
    public = set()
    if _was_public(previous):
        public.add(previous["slug"])
    if instance.is_live:
        public.add(instance.slug)
    # No other article holds these slugs: remember_previous_state refused them before the save.
    for slug in public:
        SlugHistory.objects.update_or_create(slug=slug, defaults={"article": instance})


class FollowSlugHistoryMixin:
    """For the article page: an old slug answers with a permanent redirect to the article."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            article = self.get_queryset().filter(slug_history__slug=kwargs["slug"]).first()
            if article is None:
                raise
            url = article.get_absolute_url()
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            return HttpResponsePermanentRedirect(url)
