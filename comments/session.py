"""What a reader's browser remembers: their details (if asked) and their own pending comments.

Both live in signed cookies, so nothing is stored server-side for anonymous readers.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

AUTHOR_COOKIE = "comment_author"
AUTHOR_SALT = "comments.author"
AUTHOR_MAX_AGE = 365 * 24 * 3600
PENDING_COOKIE = "comments_pending"
PENDING_SALT = "comments.pending"
PENDING_MAX_AGE = 24 * 3600  # long enough to come back later today, short enough to forget
PENDING_KEEP = 20


def _set(response: HttpResponse, name: str, value: Any, *, salt: str, max_age: int) -> None:
    response.set_signed_cookie(
        name,
        json.dumps(value),
        salt=salt,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _get(request: HttpRequest, name: str, *, salt: str, max_age: int) -> Any:
    raw = request.get_signed_cookie(name, default=None, salt=salt, max_age=max_age)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def remember_author(response: HttpResponse, *, name: str, email: str, url: str) -> None:
    """Keep the reader's details for next time (they ticked the box)."""
    _set(
        response,
        AUTHOR_COOKIE,
        {"author_name": name, "author_email": email, "author_url": url},
        salt=AUTHOR_SALT,
        max_age=AUTHOR_MAX_AGE,
    )


def forget_author(response: HttpResponse) -> None:
    """Forget the reader's details (they left the box unticked)."""
    response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")


def remembered_author(request: HttpRequest) -> dict[str, Any]:
    """Initial values for the form from the reader's own cookie, or nothing."""
    value = _get(request, AUTHOR_COOKIE, salt=AUTHOR_SALT, max_age=AUTHOR_MAX_AGE)
    if not isinstance(value, dict):
        return {}
    initial = {
        key: str(value[key])
        for key in ("author_name", "author_email", "author_url")
        if isinstance(value.get(key), str)
    }
    if initial:
        initial["remember"] = True
    return initial


def own_pending_ids(request: HttpRequest) -> list[int]:
    """Ids of comments this browser sent that wait for moderation."""
    value = _get(request, PENDING_COOKIE, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, int)][-PENDING_KEEP:]


def add_own_pending(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Let this browser (only) see its comment while it waits for moderation."""
    ids = [*own_pending_ids(request), comment_id][-PENDING_KEEP:]
    _set(response, PENDING_COOKIE, ids, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
