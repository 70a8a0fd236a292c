"""A featured image chosen in a form that had errors, held until the form saves.

Browsers never re-send a chosen file with a form shown again, so without this the editor
would have to find and choose it again. The held copy sits under ``held/`` in the featured
image's storage; the form carries a signed token naming it (a day's validity), so nobody can
point a form at another stored file. The copy goes once the form saves (``release``), and
whatever a form never came back for is removed after that day (``remove_expired``, run by
``manage.py remove_held_images``).
"""

import mimetypes
from datetime import datetime, timedelta

from django.core import signing
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone

from articles import images
from articles.models import Article

SALT = "articles.editing.held"
MAX_AGE = 24 * 60 * 60
FOLDER = "held"
#: Held copies are removed this long after they were held: a token's day, and an hour more so
#: that a form sent in the token's last second still finds its file.
KEPT_FOR = timedelta(seconds=MAX_AGE) + timedelta(hours=1)


def _storage() -> Storage:
    return Article._meta.get_field("featured_image").storage


def hold(upload: UploadedFile) -> str:
    """Store ``upload`` aside; return the token the form carries to find it again."""
    upload.seek(0)
    stored = _storage().save(images.upload_name(FOLDER, upload.name), upload)
    original = images.original_name(upload.name)
    return signing.dumps({"name": stored, "original": original}, salt=SALT)


def _held(token: str) -> dict[str, str] | None:
    """What a genuine, unexpired token names (a file under ``held/``); None otherwise."""
    try:
        held = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        name, original = held["name"], held["original"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not isinstance(name, str) or not name.startswith(f"{FOLDER}/"):
        return None
    return {"name": name, "original": str(original)}


def take(token: str) -> UploadedFile | None:
    """The held upload a token names, as if chosen again; None when unknown or expired."""
    held = _held(token)
    if held is None:
        return None
    try:
        with _storage().open(held["name"]) as file:
            content = file.read()
    except OSError:
        return None
    content_type = mimetypes.guess_type(held["original"])[0] or "application/octet-stream"
    return SimpleUploadedFile(held["original"], content, content_type=content_type)


def release(token: str) -> None:
    """The form saved what ``token`` held: its copy is no longer needed."""
    if (held := _held(token)) is not None:
        _storage().delete(held["name"])


def _files(storage: Storage, folder: str) -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" for name in files]
    for name in folders:
        found += _files(storage, f"{folder}/{name}")
    return found


def remove_expired(*, now: datetime | None = None) -> int:
    """Delete held copies no form can ask for any more (``KEPT_FOR``); return how many."""
    storage = _storage()
    cutoff = (now or timezone.now()) - KEPT_FOR
    removed = 0
    for name in _files(storage, FOLDER):
        try:
            expired = storage.get_modified_time(name) < cutoff
        except FileNotFoundError:
            continue  # released by a form meanwhile
        except NotImplementedError:
            return removed  # a storage that keeps no times: nothing can be called old
        if expired:
            storage.delete(name)
            removed += 1
    return removed
