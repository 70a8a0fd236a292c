from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """Moving in from WordPress and out to it: WXR import and export, and the old addresses."""

    name = "byline.wordpress"
    label = "wordpress"
    verbose_name = _("WordPress")
