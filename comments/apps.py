from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' comments and the moderation pipeline and queue behind them."""

    name = "comments"
