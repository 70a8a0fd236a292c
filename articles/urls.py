from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<slug:slug>/", views.HomeView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.HomeView.as_view(), name="tag"),
]
