from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("<int:comment_id>/", views.permalink, name="permalink"),
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
