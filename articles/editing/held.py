"""A featured image chosen in a form that had errors, held until the form saves.

Browsers never re-send a chosen file with a form shown again, so without this the editor
would have to find and choose it again. The held copy sits under ``held/`` in the featured
image's storage; the form carries a signed token naming it (a day's validity), so nobody can
point a form at another stored file.
"""

import mimetypes

from django.core import signing
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from articles import images
from articles.models import Article

SALT = "articles.editing.held"
MAX_AGE = 24 * 60 * 60


def _storage() -> Storage:
    return Article._meta.get_field("featured_image").storage


def hold(upload: UploadedFile) -> str:
    """Store ``upload`` aside; return the token the form carries to find it again."""
    upload.seek(0)
    stored = _storage().save(images.upload_name("held", upload.name), upload)
    original = images.original_name(upload.name)
    return signing.dumps({"name": stored, "original": original}, salt=SALT)


def take(token: str) -> UploadedFile | None:
    """The held upload a token names, as if chosen again; None when unknown or expired."""
    try:
        held = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        storage = _storage()
        with storage.open(held["name"]) as file:
            content = file.read()
    except (signing.BadSignature, KeyError, TypeError, OSError):
        return None
    content_type = mimetypes.guess_type(held["original"])[0] or "application/octet-stream"
    return SimpleUploadedFile(held["original"], content, content_type=content_type)
