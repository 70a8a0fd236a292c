"""Django's database sessions, refusing session cookies that Django could never have issued."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

# Django makes keys of 32 characters from VALID_KEY_CHARS; the column holds 40.
KEY_LENGTH = range(8, 41)


class SessionStore(DatabaseSessionStore):
    """A forged cookie (a NUL, which PostgreSQL refuses to compare, or any other character
    Django never puts in a key) means no session, as an unknown key does, not a 500."""

    def _validate_session_key(self, key: str | None) -> bool:
        return bool(key) and len(key) in KEY_LENGTH and not set(key) - set(VALID_KEY_CHARS)
