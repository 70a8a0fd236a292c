import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles import extensions, search, seo
from articles.links.redirects import FollowSlugHistoryMixin
from articles.models import (
    Article,
    Category,
    ShareLink,
    Tag,
    display_name,
    published_q,
)
from byline import pagecache
from byline.models import SiteSettings
from byline.seo import (
    PageMeta,
    PageMetaMixin,
    PageOneRedirectMixin,
    page_number,
    simple_meta,
)

ARTICLES_PER_PAGE = 10
#: How deep a list pages: the newest 1,000 articles of the site, a category, a tag or an author.
#: Page N skips (N - 1) x 10 entries of its index, so an unbounded list cost more the older the
#: page (page 9,700 of the home page walked 97,000 entries); older articles stay reachable
#: through their category, tag and author lists, the sitemap, search and their neighbours.
MAX_PAGE = 100


class ListingPage(Page):
    """A page of a list that knows whether an older page follows without counting the list."""

    def __init__(self, object_list: Any, number: int, paginator: Paginator, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more and self.number < MAX_PAGE

    def older_beyond_reach(self) -> bool:
        """Whether older articles follow that the list stops before (see MAX_PAGE)."""
        return self.more and self.number >= MAX_PAGE

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class ListingPaginator(Paginator):
    """Pages through a list without counting it: "newer" and "older" links, no "of N".

    Counting the published articles walked the whole index on every page view (it grows with
    the site), so the page links show only the page number and its neighbours; the list stops
    at page MAX_PAGE, so no page walks more than 1,000 entries of its index. One query per
    page: the ids come sorted from the ordering's index (``article_home_order``,
    ``article_newest_order``), one more than a page to tell whether an older page follows, and
    only those rows are read in full (the ids are its subquery). Sorting whole articles,
    bodies and all, once made page 500 read and sort every published row.
    """

    def validate_number(self, number: Any) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        if number > MAX_PAGE:
            raise EmptyPage(_("That page is further back than the list goes"))
        return number

    def page(self, number: Any) -> ListingPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        page_ids = self.object_list.values("pk")[bottom : bottom + self.per_page + 1]
        rows = list(self.object_list.filter(pk__in=page_ids))
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return ListingPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


def listing() -> QuerySet[Article]:
    """What every public list of articles starts from (a fixed number of queries per page)."""
    # Other apps' columns (the comment count) come in this same query: see articles.extensions.
    return Article.objects.published().for_listing().annotate(**extensions.listing_annotations())


class CardsMixin:
    """A list of article cards: a cached page of it follows the list and each card shown."""

    list_tag = "list:site"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pagecache.depends_on(self.list_tag, *(f"card:{a.pk}" for a in context["object_list"]))
        return context


class HomeView(CardsMixin, PageOneRedirectMixin, PageMetaMixin, ListView):
    """Featured articles first, then the latest, paginated."""

    template_name = "articles/home.html"
    paginate_by = ARTICLES_PER_PAGE
    paginator_class = ListingPaginator

    def get_queryset(self) -> QuerySet[Article]:
        return listing().for_home()

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        return seo.home_meta(
            self.request, SiteSettings.for_request(self.request), page_number(context)
        )


class ArchiveView(CardsMixin, PageOneRedirectMixin, PageMetaMixin, ListView):
    """The published articles of one category, tag or author, newest first, paginated."""

    kind = ""  # "Category", "Tag" or "Author": the page's heading and its list's cache tag
    template_name = "articles/archive.html"
    paginate_by = ARTICLES_PER_PAGE
    paginator_class = ListingPaginator

    def get_subject(self) -> Any:
        raise NotImplementedError

    def filter(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Article]:
        self.subject = self.get_subject()
        self.list_tag = f"list:{self.kind.lower()}:{self.subject.pk}"
        return self.filter(listing())

    def subject_name(self) -> str:
        return self.subject.name

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            subject=self.subject, subject_name=self.subject_name(), **kwargs
        )


class CategoryView(ArchiveView):
    kind = "Category"

    def get_subject(self) -> Category:
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def filter(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        return articles.filter(category=self.subject)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(kind=self.kind, category=self.subject, **kwargs)

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        return seo.category_meta(
            self.request,
            SiteSettings.for_request(self.request),
            self.subject,
            page_number(context),
            context["object_list"],
        )


class TagView(ArchiveView):
    kind = "Tag"

    def get_subject(self) -> Tag:
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def filter(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        return articles.filter(tags=self.subject)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(kind=self.kind, tag=self.subject, **kwargs)

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        return seo.tag_meta(
            self.request,
            SiteSettings.for_request(self.request),
            self.subject,
            page_number(context),
            context["object_list"],
        )


class AuthorView(ArchiveView):
    kind = "Author"

    def get_subject(self) -> Any:
        # Only people with a published article have a public page: one is enough to look for
        # (a join with DISTINCT read every article of the author).
        has_published = Article.objects.filter(published_q(), author=OuterRef("pk"))
        return get_object_or_404(
            get_user_model()
            .objects.filter(Exists(has_published))
            .select_related("author_profile__picture"),
            username=self.kwargs["username"],
        )

    def filter(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        return articles.filter(author=self.subject)

    def subject_name(self) -> str:
        return display_name(self.subject)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(kind=self.kind, **kwargs)

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        return seo.author_meta(
            self.request,
            SiteSettings.for_request(self.request),
            self.subject,
            page_number(context),
            context["object_list"],
        )


def article_queryset(*, parts: bool = True) -> QuerySet[Article]:
    """Everything the article page shows, in a fixed number of queries.

    ``parts=False`` leaves out its tags, for :func:`with_parts` to add.
    """
    articles = Article.objects.select_related(
        "author__author_profile__picture", "category", "featured_image"
    )
    return articles.prefetch_related("tags") if parts else articles


def with_parts(article: Article) -> Article:
    """``article`` with its tags, kept in this worker's memory while it is live.

    The same for every reader of a live article, and refreshed by the tags that refresh its
    cached page (``article:<id>``: its tags; ``all``: a tag renamed); a draft or scheduled
    article's are read afresh (its edits purge nothing). A query of every rendered article
    page before.
    """

    def read() -> list[Tag]:
        return list(article.tags.all())

    if article.is_live:
        tags = pagecache.fragment(
            f"parts:{article.pk}",
            [f"article:{article.pk}"],
            read,
            size=lambda tags: 300 * len(tags),
        )
    else:
        tags = read()
    article._prefetched_objects_cache = {"tags": answering(Tag, tags)}
    return article


def answering(model: type[Model], rows: list) -> QuerySet:
    """A queryset that answers with ``rows`` without asking the database (a prefetch cache)."""
    queryset = model._default_manager.all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


class ArticlePageMixin(PageMetaMixin):
    """The context every rendering of the article page needs, its metadata included."""

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        # The article's own metadata: noindex while unpublished, canonical to its address.
        return seo.article_meta(
            self.request, SiteSettings.for_request(self.request), context["object"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        article = kwargs["object"]
        kwargs.setdefault("is_preview", not article.is_live)
        # Both built only when the page's kept piece is (see article_pieces), not on each view.
        # Above the fold: loaded at once, never lazily.
        kwargs["featured_picture"] = functools.partial(
            article.featured_picture, lazy=False, sizes="(min-width: 44rem) 42rem, 100vw"
        )
        # The end of the article: previous/next and more of its category, in one query.
        if "neighbours" not in kwargs:
            kwargs["neighbours"] = SimpleLazyObject(
                lambda: Article.objects.published().around(article)
            )
        # A cached copy follows its own parts and which articles its category shows.
        pagecache.depends_on(f"page:{article.pk}", f"list:category:{article.category_id}")
        return super().get_context_data(**kwargs)


class ArticleDetailView(FollowSlugHistoryMixin, ArticlePageMixin, DetailView):
    """One article; editors may preview drafts and scheduled articles; old slugs redirect."""

    def get_queryset(self) -> QuerySet[Article]:
        articles = article_queryset(parts=False)
        if self.request.user.has_perm("articles.change_article"):
            return articles.not_in_trash()  # editors may preview drafts
        return articles.published()

    def get_object(self, queryset: QuerySet[Article] | None = None) -> Article:
        return with_parts(super().get_object(queryset))

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        article, build = context["object"], super().get_page_meta
        if not article.is_live:
            return build(context)  # a preview's: its edits purge nothing
        # The same for every reader on one host (its addresses are absolute), kept like the
        # article's parts: article:<id> (its fields, body and so its FAQ, tags, image), all.
        return pagecache.fragment(
            f"meta:{article.pk}:{self.request.build_absolute_uri('/')}",
            [f"article:{article.pk}"],
            lambda: build(context),
            size=lambda meta: 4000,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs["slug"]
            trashed = Article.objects.in_trash().filter(Q(slug=slug) | Q(slug_history__slug=slug))
            if not trashed.exists():
                raise
            # Removed on purpose, not missing: search engines drop a 410 at once.
            settings = SiteSettings.for_request(request)
            gone = simple_meta(
                request,
                settings,
                title=_("Article removed"),
                description=_("This article has been removed."),
                noindex=True,
                feeds=seo.site_feeds(request, settings),
            )
            response = render(
                request, "articles/article_gone.html", {"page_meta": gone}, status=410
            )
            add_never_cache_headers(response)  # it may come back from the trash
            return response

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Cache-Control"] = "private, no-store"
        return response


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(ArticlePageMixin, DetailView):
    """A draft shown through a share link: until it expires or is revoked, then 410."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        link = get_object_or_404(ShareLink.objects.select_related("article"), token=kwargs["token"])
        if link.article.is_live:
            return HttpResponseRedirect(link.article.get_absolute_url())
        if not link.is_active:
            gone = simple_meta(
                request,
                SiteSettings.for_request(request),
                title=_("Preview link expired"),
                description=_("This preview link has expired or was revoked."),
                noindex=True,
                feeds=seo.site_feeds(request, SiteSettings.for_request(request)),
            )
            return render(request, "articles/share_link_gone.html", {"page_meta": gone}, status=410)
        self.object = get_object_or_404(article_queryset(), pk=link.article_id)
        context = self.get_context_data(
            object=self.object,
            is_preview=True,
            share_link=link,
        )
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"  # keep the token out of other sites' logs
        return response


class SearchView(PageOneRedirectMixin, PageMetaMixin, ListView):
    """Published articles matching the reader's words, best first, with highlighted snippets."""

    template_name = "articles/search.html"
    context_object_name = "article_list"
    paginate_by = 10

    def get_queryset(self) -> search.SearchResults:
        return search.SearchResults(self.request.GET.get("q", "").strip()[:200])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            query=self.request.GET.get("q", "").strip(),
            search_window=f"{search.WINDOW:,}",
            **kwargs,
        )

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        return seo.search_meta(
            self.request,
            SiteSettings.for_request(self.request),
            context["query"],
            page_number(context),
            context["object_list"],
        )
