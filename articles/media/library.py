"""The library's operations, shared by its admin, the choosers and the housekeeping command."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.media.models import Image


def add_image(file: UploadedFile, *, alt: str, credit: str = "", user: Any = None) -> Image:
    """A new library image from a checked upload (cleaned and rendered on save)."""
    image = Image(file=file, alt=alt, credit=credit, uploaded_by=user)
    image.save()
    return image


def search(query: str) -> QuerySet[Image]:
    """Images whose title, alt text, caption, credit or file name hold every word of ``query``."""
    images = Image.objects.all()
    for word in query.split()[:8]:
        images = images.filter(
            Q(title__icontains=word)
            | Q(alt__icontains=word)
            | Q(caption__icontains=word)
            | Q(credit__icontains=word)
            | Q(original_name__icontains=word)
        )
    return images.order_by("-created_at", "-id")


def thumbnail_url(image: Image) -> str:
    """The smallest rendition (the card crop when there is one) for lists and choosers."""
    for renditions in (image.card_renditions, image.renditions):
        if renditions.get("fallback"):
            return image.storage.url(renditions["fallback"][0][2])
    return image.url if image.file else ""


def thumbnail_html(image: Image, *, large: bool = False) -> SafeString:
    """A thumbnail for the admin; decorative (the title beside it names the image)."""
    if not image.file:
        return SafeString("—")
    if large:
        renditions = image.renditions.get("fallback") or []
        src = image.storage.url(renditions[0][2]) if renditions else image.url
        return format_html('<img class="media-preview" src="{}" alt="">', src)
    return format_html(
        '<img class="media-thumb" src="{}" alt="" width="96" height="54" loading="lazy">',
        thumbnail_url(image),
    )


def as_json(image: Image) -> dict[str, Any]:
    """What a chooser needs to show and insert an image."""
    return {
        "id": image.pk,
        "title": str(image),
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "url": image.url,
        "thumbnail": thumbnail_url(image),
        "width": image.width,
        "height": image.height,
    }


def uses(image: Image) -> list[tuple[Any, str]]:
    """``(article, "featured image" | "in the body")`` for every use (prefetched by with_uses)."""
    found = [(article, _("featured image")) for article in image.featured_in.all()]
    found += [(article, _("in the body")) for article in image.in_bodies.all()]
    return sorted(found, key=lambda pair: (pair[0].title, pair[0].pk))


def rerender_uses(image: Image) -> None:
    """Re-render the bodies showing ``image`` (after its file or crops changed, or it went)."""
    from articles.models import Article  # articles.models names this app's model by label

    for article in Article.objects.filter(body_images=image):
        article.render_body()
        Article.objects.filter(pk=article.pk).update(body_html=article.body_html)


@transaction.atomic
def delete_image(image: Image) -> None:
    """Delete ``image``: featured uses lose it, bodies drop it when next shown (re-rendered now).

    Its files stay until the housekeeping command (``clean_media``) sweeps them, so a
    deletion rolled back never leaves a row pointing at nothing.
    """
    from articles.models import Article

    in_bodies = list(Article.objects.filter(body_images=image).values_list("pk", flat=True))
    image.delete()
    for article in Article.objects.filter(pk__in=in_bodies):
        article.render_body()
        Article.objects.filter(pk=article.pk).update(body_html=article.body_html)


#: The folders of the default storage that hold images and their renditions (and, from before
#: the library, featured and body images and held uploads). Anything else there is left alone.
IMAGE_FOLDERS = ("library", "renditions", "articles/featured", "articles/body", "held")
#: A file younger than this may belong to an upload whose row is not committed yet.
GRACE = timedelta(hours=6)


def unused_files(storage: Storage | None = None) -> list[str]:
    """Stored image files no library image or rendition names (older than :data:`GRACE`)."""
    storage = storage or default_storage
    used: set[str] = set()
    for image in Image.objects.only("file", "renditions", "card_renditions").iterator():
        used |= image.stored_names()
    cutoff = timezone.now() - GRACE
    return [
        name
        for name in _walk(storage, IMAGE_FOLDERS)
        if name not in used and storage.get_modified_time(name) < cutoff
    ]


def _walk(storage: Storage, folders: tuple[str, ...]) -> Iterator[str]:
    pending = [folder for folder in folders if storage.exists(folder)]
    while pending:
        folder = pending.pop()
        subfolders, files = storage.listdir(folder)
        pending.extend(f"{folder}/{name}" for name in subfolders)
        yield from (f"{folder}/{name}" for name in files)
