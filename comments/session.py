"""What a reader's browser remembers: their details (if asked) and the comments it sent.

Both live in signed cookies, so nothing is stored server-side for anonymous readers.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

AUTHOR_COOKIE = "comment_author"
AUTHOR_SALT = "comments.author"
AUTHOR_MAX_AGE = 365 * 24 * 3600
# The cookie kept its first name (it held only pending comments then), so browsers that have
# it still see their comments.
OWN_COOKIE = "comments_pending"
OWN_SALT = "comments.pending"
OWN_MAX_AGE = 24 * 3600  # long enough to come back later today, short enough to forget
OWN_KEEP = 20


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


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Ids of the comments this browser sent lately, whatever their status now."""
    value = _get(request, OWN_COOKIE, salt=OWN_SALT, max_age=OWN_MAX_AGE)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, int)][-OWN_KEEP:]


def add_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Note a comment this browser sent: it sees it while pending, and a resend finds it."""
    ids = [*(i for i in own_comment_ids(request) if i != comment_id), comment_id][-OWN_KEEP:]
    _set(response, OWN_COOKIE, ids, salt=OWN_SALT, max_age=OWN_MAX_AGE)
