from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """The media library: images uploaded once, chosen for featured and body images."""

    name = "articles.media"
    label = "media"
    verbose_name = _("Media library")
