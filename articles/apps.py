from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Articles, their categories and tags, and the reader's pages for them."""

    name = "articles"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from articles import search
        from articles.models import Article

        # SQLite's full-text index follows every save and delete, whoever makes it (admin,
        # shell, publishing functions), once the change is committed (see articles/search.py).
        post_save.connect(search.on_article_saved, sender=Article, dispatch_uid="search-index")
        post_delete.connect(search.on_article_deleted, sender=Article, dispatch_uid="search-index")
