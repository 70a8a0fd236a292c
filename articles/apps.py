from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Articles, their categories and tags, and the reader's pages for them."""

    name = "articles"
