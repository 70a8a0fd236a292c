from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    """Related links between articles: curation, the link index, slug redirects, suggestions."""

    name = "articles.links"
    label = "links"
    verbose_name = _("Related links")

    def ready(self) -> None:
        from articles.links import redirects

        # Slug history must see every save (admin, shell, imports) so old URLs keep working.
        redirects.connect_signals()
