"""Slug history: every slug an article was public under answers with a 301 to the article.

Unlike the indexes, slug history is written in the transaction that saves the article, not
after it commits: it is a record, not derived data (no rebuild can recover an old slug), so a
rename and the redirect from its old address commit together or not at all.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from articles.links.models import SlugHistory
from articles.models import Article, is_public


def _was_public(state: dict[str, Any] | None) -> bool:
    return bool(state and is_public(state["status"], state["published_at"]))


def remember_previous_state(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    """pre_save: note the slug and publication state the article had before this save."""
    instance._previous_state = (
        None
        if instance.pk is None or kwargs.get("raw")
        else Article.objects.filter(pk=instance.pk).values("slug", "status", "published_at").first()
    )


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
    # An article taking a slug another one used before wins it: that redirect goes away.
    SlugHistory.objects.filter(slug=instance.slug).exclude(article=instance).delete()
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
