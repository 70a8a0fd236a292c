from django.urls import path, register_converter

from articles import feeds, views
from articles.converters import UsernameConverter

register_converter(UsernameConverter, "username")

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<username:username>/", views.AuthorView.as_view(), name="author"),
    path("preview/<slug:token>/", views.SharedPreviewView.as_view(), name="share"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.ArticleFeed(), name="feed-rss"),
    path("feed/atom/", feeds.AtomArticleFeed(), name="feed-atom"),
    path("feed/json/", feeds.JSONArticleFeed(), name="feed-json"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed-rss"),
    path("category/<slug:slug>/feed/atom/", feeds.AtomCategoryFeed(), name="category-feed-atom"),
]
