from django.apps import AppConfig


class BylineConfig(AppConfig):
    """Site-wide pieces: the settings row shown in every page's frame, roles, demo loading."""

    name = "byline"
    verbose_name = "Site"
