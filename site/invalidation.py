"""What each change purges from the page cache: exactly the pages that show it.

The tags are those pages record while they render (see ``byline.pagecache``):

- ``article:<id>``: every page showing the article (its page, the lists, feeds and pages
  linking to it, its neighbours' "previous/next" and "more in this category");
- ``page:<id>``: the article's own page only (comments, related links, neighbours);
- ``card:<id>``: lists showing the article's card (with its comment count);
- ``list:site``, ``list:category:<id>``, ``list:tag:<id>``, ``list:author:<id>``: which articles
  a list holds and in what order (home, archives, feeds; ``list:category`` also every article
  page of the category, for its "more in this category");
- ``sitemap``: the sitemap index and sections (they list every article, so one tag);
- ``header``: every page's header, when it lists the categories that have articles;
- ``all``: every page (site settings, discussion settings, categories, tags, authors' names).

Receivers are wired in ``BylineConfig.ready``; each purge runs after its transaction commits.
"""

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.links.models import ArticleLink, RelatedLink
from articles.media.models import Image
from articles.models import Article, AuthorProfile, Category, Tag, is_public
from byline import pagecache
from byline.models import HeaderCategory, SingleRowModel, SiteSettings
from comments.models import Comment, DiscussionSettings

#: Fields whose change moves an article within or between lists.
PLACE_FIELDS = ("published_at", "is_featured", "category_id", "author_id")
#: What ``articles.links.redirects.remember_previous_state`` reads before every save.
STATE_FIELDS = (
    "slug",
    "status",
    "published_at",
    "deleted_at",
    "significant_update_at",
    *PLACE_FIELDS,
)


def _state(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in STATE_FIELDS}


def _public(state: dict[str, Any] | None) -> bool:
    return bool(
        state and state["deleted_at"] is None and is_public(state["status"], state["published_at"])
    )


def _place_tags(article_id: int, state: dict[str, Any]) -> set[str]:
    """The lists an article in ``state`` sits in, and the article pages beside it in time."""
    tags = {
        "list:site",
        "sitemap",
        f"list:category:{state['category_id']}",
        f"list:author:{state['author_id']}",
    }
    probe = Article(
        pk=article_id, published_at=state["published_at"], category_id=state["category_id"]
    )
    neighbours = Article.objects.published().around(probe, more=0)
    for neighbour in (neighbours.previous, neighbours.next):
        if neighbour is not None:
            tags.add(f"page:{neighbour.pk}")
    return tags


def _only_one_in_category(article_id: int, category_id: int) -> bool:
    """Whether no other public article shares the category (the header lists non-empty ones)."""
    others = Article.objects.published().filter(category_id=category_id).exclude(pk=article_id)
    return not others.exists()


def _linking_pages(article_id: int, slug: str) -> set[str]:
    """The pages whose body links to the article (linked while it is public, plain text not)."""
    sources = ArticleLink.objects.filter(
        Q(target_id=article_id) | Q(target__isnull=True, target_slug=slug)
    ).values_list("source_id", flat=True)
    return {f"page:{source}" for source in sources}


def change_tags(
    article_id: int, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> set[str]:
    """What a change of one article from ``before`` to ``after`` (None: absent) purges."""
    was, now = _public(before), _public(after)
    if not was and not now:
        return set()  # drafts, the trash, the future: no cached page shows them
    tags = {f"article:{article_id}", f"page:{article_id}"}
    moved = was != now or any(before[name] != after[name] for name in PLACE_FIELDS)
    renamed = was and now and before["slug"] != after["slug"]
    if moved:
        for state in (before, after):
            if _public(state):
                tags |= _place_tags(article_id, state)
                if _only_one_in_category(article_id, state["category_id"]):
                    tags.add("header")  # its category just gained or lost its only article
        tag_ids = Article.tags.through.objects.filter(article_id=article_id)
        tags |= {f"list:tag:{tag_id}" for tag_id in tag_ids.values_list("tag_id", flat=True)}
    if moved or renamed:
        for state in (before, after):
            if state is not None:
                tags |= _linking_pages(article_id, state["slug"])
    if moved or renamed or before["significant_update_at"] != after["significant_update_at"]:
        tags.add("sitemap")
    return tags


def went_public_between(since: float, until: float) -> float | None:
    """Purge for the scheduled articles whose time came in (since, until]; the next one's time."""
    scheduled = Article.objects.filter(status=Article.Status.SCHEDULED, deleted_at__isnull=True)
    start, end = datetime.fromtimestamp(since, UTC), datetime.fromtimestamp(until, UTC)
    due = scheduled.filter(published_at__gt=start, published_at__lte=end).only(*STATE_FIELDS)
    tags: set[str] = set()
    for article in due:
        tags |= change_tags(
            article.pk, {**_state(article), "status": Article.Status.DRAFT}, _state(article)
        )
    pagecache.purge(tags)
    upcoming = scheduled.filter(published_at__gt=end).aggregate(next=Min("published_at"))["next"]
    return upcoming.timestamp() if upcoming else None


# --- Receivers ---------------------------------------------------------------------------------


def article_saved(sender: type[Article], instance: Article, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before = None if created else getattr(instance, "_previous_state", None)
    after = _state(instance)
    article_id, using = instance.pk, kwargs.get("using", "default")

    def purge() -> None:
        pagecache.purge(change_tags(article_id, before, after))
        if after["status"] == Article.Status.SCHEDULED and after["deleted_at"] is None:
            pagecache.note_schedule(after["published_at"])

    pagecache.on_commit(purge, using=using)


def article_deleted(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    pagecache.purge_on_commit(
        change_tags(instance.pk, _state(instance), None), using=kwargs["using"]
    )


def article_tags_changed(
    sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any
) -> None:
    if not isinstance(instance, Article):
        return  # tag.articles.add(...): rare (the admin edits an article's tags)
    if action == "pre_clear":
        instance._tags_before_clear = set(instance.tags.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear") or not instance.is_live:
        return
    tag_ids = getattr(instance, "_tags_before_clear", set()) if action == "post_clear" else pk_set
    tags = {f"article:{instance.pk}", "sitemap", *(f"list:tag:{tag_id}" for tag_id in tag_ids)}
    pagecache.purge_on_commit(tags, using=kwargs["using"])


def related_link_changed(sender: type[RelatedLink], instance: RelatedLink, **kwargs: Any) -> None:
    """A related link: shown on its article's page only."""
    if kwargs.get("raw"):
        return
    pagecache.purge_on_commit({f"page:{instance.source_id}"}, using=kwargs["using"])


def image_changed(sender: type[Image], instance: Image, **kwargs: Any) -> None:
    """A library image (file, crop, words) changed or goes: every page of the articles using it,
    and every page if it is an author's picture.

    Read before a delete (pre_delete): by post_delete its uses are already gone.
    """
    if kwargs.get("raw") or kwargs.get("created"):
        return  # a new image is in no article yet
    using = kwargs.get("using", "default")
    ids = set(
        Article.objects.filter(Q(featured_image=instance) | Q(body_images=instance)).values_list(
            "pk", flat=True
        )
    )
    if ids:
        pagecache.purge_on_commit({f"article:{pk}" for pk in ids}, using=using)
    if AuthorProfile.objects.filter(picture=instance).exists():
        # An author's picture: on their archive and every article of theirs, as their name is.
        pagecache.purge_on_commit({"all"}, using=using)


def comment_changed(sender: type[Comment], instance: Comment, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.status != Comment.Status.APPROVED:
        return  # readers see approved comments only (the sender sees theirs uncached)
    comment_status_changed(instance.article_id, using=kwargs["using"])


def comment_status_changed(article_id: int, *, using: str = "default") -> None:
    """An approved comment appeared, changed or went: its article's page and cards."""
    pagecache.purge_on_commit({f"page:{article_id}", f"card:{article_id}"}, using=using)


def everything_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Something every page shows (settings, the header's categories, names) changed."""
    if kwargs.get("raw") or kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    if kwargs.get("created") and isinstance(instance, SingleRowModel):
        return  # a settings row made on first read holds the defaults pages already showed
    pagecache.purge_on_commit({"all"}, using=kwargs["using"])


def connect() -> None:
    """Wire every receiver (from ``BylineConfig.ready``)."""
    uid = "pagecache"
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    post_delete.connect(article_deleted, sender=Article, dispatch_uid=uid)
    m2m_changed.connect(article_tags_changed, sender=Article.tags.through, dispatch_uid=uid)
    post_save.connect(related_link_changed, sender=RelatedLink, dispatch_uid=uid)
    post_delete.connect(related_link_changed, sender=RelatedLink, dispatch_uid=uid)
    post_save.connect(image_changed, sender=Image, dispatch_uid=uid)
    pre_delete.connect(image_changed, sender=Image, dispatch_uid=uid)
    post_save.connect(comment_changed, sender=Comment, dispatch_uid=uid)
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid=uid)
    for model in (
        SiteSettings,
        HeaderCategory,
        DiscussionSettings,
        Category,
        Tag,
        AuthorProfile,
        get_user_model(),
    ):
        post_save.connect(everything_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(everything_changed, sender=model, dispatch_uid=uid)
