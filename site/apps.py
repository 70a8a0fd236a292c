from django.apps import AppConfig


class BylineConfig(AppConfig):
    """Site-wide pieces: the settings row shown in every page's frame, roles, demo loading."""

    name = "byline"
    verbose_name = "Site"

    def ready(self) -> None:
        from byline import invalidation

        # The page cache follows every change, whoever makes it (admin, shell, publishing
        # functions), once it commits: see byline/invalidation.py.
        invalidation.connect()
