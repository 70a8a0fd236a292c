from typing import Any

from django.db.models import QuerySet
from django.views.generic import DetailView, ListView

from articles import search
from articles.links import FollowSlugHistoryMixin
from articles.models import Article
from comments.models import count_subquery


class HomeView(ListView):
    """Featured articles first, then the latest, paginated."""

    template_name = "articles/home.html"
    paginate_by = 10

    def get_queryset(self) -> QuerySet[Article]:
        return (
            Article.objects.published()
            .select_related("author", "category")
            .annotate(comment_count=count_subquery("approved"))  # comments: count on the list
            .order_by("-is_featured", "-published_at", "-id")
        )


class ArticleDetailView(FollowSlugHistoryMixin, DetailView):
    """One article; editors may preview drafts and scheduled articles; old slugs redirect."""

    def get_queryset(self) -> QuerySet[Article]:
        articles = Article.objects.select_related("author", "category").prefetch_related("tags")
        if self.request.user.has_perm("articles.change_article"):
            return articles
        return articles.published()


class SearchView(ListView):
    """Published articles matching the reader's words, best first, with highlighted snippets."""

    template_name = "articles/search.html"
    context_object_name = "article_list"
    paginate_by = 10

    def get_queryset(self) -> search.SearchResults:
        return search.search(self.request.GET.get("q", "").strip()[:200])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(query=self.request.GET.get("q", "").strip(), **kwargs)
