from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Articles, their categories and tags, and the reader's pages for them."""

    name = "articles"

    def ready(self) -> None:
        from articles import links

        # Slug history must see every save (admin, shell, imports) so old URLs keep working.
        links.connect_signals()
