from django.urls import path, register_converter

from articles import feeds, views
from articles.converters import UsernameConverter
from byline.pagecache import cacheable

register_converter(UsernameConverter, "username")

app_name = "articles"
# Readers' pages come from the page cache when they can (see byline/pagecache.py).
urlpatterns = [
    path("", cacheable(views.HomeView.as_view()), name="home"),
    path("articles/<slug:slug>/", cacheable(views.ArticleDetailView.as_view()), name="detail"),
    path("category/<slug:slug>/", cacheable(views.CategoryView.as_view()), name="category"),
    path("tag/<slug:slug>/", cacheable(views.TagView.as_view()), name="tag"),
    path("author/<username:username>/", cacheable(views.AuthorView.as_view()), name="author"),
    path("preview/<slug:token>/", views.SharedPreviewView.as_view(), name="share"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", cacheable(feeds.ArticleFeed()), name="feed-rss"),
    path("feed/atom/", cacheable(feeds.AtomArticleFeed()), name="feed-atom"),
    path("feed/json/", cacheable(feeds.JSONArticleFeed()), name="feed-json"),
    path("category/<slug:slug>/feed/", cacheable(feeds.CategoryFeed()), name="category-feed-rss"),
    path(
        "category/<slug:slug>/feed/atom/",
        cacheable(feeds.AtomCategoryFeed()),
        name="category-feed-atom",
    ),
]
