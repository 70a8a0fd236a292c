from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site's loader (``manage.py load_demo``); no models."""

    name = "byline.demo"
    label = "demo"
