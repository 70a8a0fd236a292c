from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    """Related links between articles: curation, the link index, slug redirects, suggestions."""

    name = "articles.links"
    label = "links"
    verbose_name = _("Related links")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

        from articles.links import index, redirects, suggestions
        from articles.links.models import RelatedLink
        from articles.models import Article

        # Slug history sees every save (admin, shell, imports) in the saving transaction, so
        # an old URL can never be lost between a rename's commit and its redirect.
        pre_save.connect(redirects.remember_previous_state, sender=Article, dispatch_uid="slugs")
        post_save.connect(redirects.record_public_slugs, sender=Article, dispatch_uid="slugs")
        # The link index and suggestion terms follow every save, whoever saves (admin, shell,
        # publishing functions, importers), after commit; inline related links are saved after
        # the article, so they re-index their source too (once per transaction).
        post_save.connect(index.on_article_saved, sender=Article, dispatch_uid="links-index")
        post_save.connect(index.on_related_link_changed, sender=RelatedLink, dispatch_uid="links")
        post_delete.connect(index.on_related_link_changed, sender=RelatedLink, dispatch_uid="links")
        post_save.connect(suggestions.on_article_saved, sender=Article, dispatch_uid="terms")
        # In the deleting transaction, before the cascade: each term's count of articles stays
        # exact (a deletion after commit would leave it too high if the process died between).
        pre_delete.connect(suggestions.forget_terms, sender=Article, dispatch_uid="terms")
