"""Logging helpers: expected refusals are one line in the server log, not a traceback."""

import logging


class OneLineRefusals(logging.Filter):
    """Drop the traceback from 403 records (a failed CSRF check, PermissionDenied).

    Django logs a refused request with the exception attached; a refusal is the site working
    as intended, so one line (status, reason, path) says all there is to say.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
