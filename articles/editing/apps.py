from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditingConfig(AppConfig):
    """What keeps an editor's work safe: edit conflicts, presence, the leave guard."""

    name = "articles.editing"
    label = "editing"
    verbose_name = _("Editing")
