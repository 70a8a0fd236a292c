"""System checks for what the comment pipeline assumes of the database."""

from typing import Any

from django.core import checks
from django.db import connections


@checks.register()
def sqlite_begins_immediate(**kwargs: Any) -> list[checks.CheckMessage]:
    """SQLite must begin transactions IMMEDIATE, or concurrent posts slip past the flood check.

    ``comments.moderation.submit_comment`` reads the stored comments and inserts in one
    transaction; only a transaction that takes the write lock before its first read keeps a
    second post from reading the same state.
    """
    errors = []
    for connection in connections.all(initialized_only=False):
        alias = connection.alias
        mode = str(connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") or "")
        if connection.vendor == "sqlite" and mode.upper() != "IMMEDIATE":
            errors.append(
                checks.Error(
                    f"Database {alias!r} is SQLite without OPTIONS['transaction_mode'] = "
                    "'IMMEDIATE'.",
                    hint="Build it with byline.settings.database_config, which sets it.",
                    id="comments.E001",
                )
            )
    return errors
