"""Uploaded images: check them, clean them, and make responsive renditions once.

* :func:`validate_upload` runs on upload (a form field) and rejects anything that is not a
  real JPEG/PNG/WebP image, decompression bombs, and files or pixel counts over the limits.
* :class:`SizeLimitedUploadHandler` refuses a file over the limit while it streams in: the
  rest is read past and dropped, never stored, and the form says why.
* :func:`clean_image` applies the EXIF orientation and re-encodes without metadata (EXIF with
  GPS and camera serial numbers, JPEG comments, PNG text chunks, XMP), so what is stored and
  served carries none; :func:`upload_name` gives it a random name and :func:`original_name`
  the uploader's file name to keep beside it.
* :func:`make_renditions` writes 480/960/1600 px wide copies (never upscaled) in WebP and the
  original's format; the result is a small dict stored on the row, so pages render
  ``<picture>`` markup without touching the files or the database again.
"""

import hashlib
import io
import secrets
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: far above any photo we publish, far below a bomb
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
JPEG_QUALITY = 84
PIXEL_INFO = {"transparency"}  # the one ``Image.info`` entry that is part of the picture


def validate_upload(file: IO[bytes]) -> None:
    """Raise ``ValidationError`` unless ``file`` is a real image within the limits."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; an image may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit: treat that as a bomb too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("Upload a JPEG, PNG or WebP image (this one is %(format)s)."),
                        code="unsupported_format",
                        params={"format": image.format},
                    )
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "This image is %(width)s×%(height)s pixels; images may have at "
                            "most %(limit)s megapixels."
                        ),
                        code="too_many_pixels",
                        params={
                            "width": width,
                            "height": height,
                            "limit": MAX_PIXELS // 1_000_000,
                        },
                    )
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image is too large in pixels to process safely. Upload a smaller image."),
            code="decompression_bomb",
        ) from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many types for broken or non-image files
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        ) from error
    finally:
        file.seek(0)


class RefusedUpload(UploadedFile):
    """What is left of a file refused for its size: its name and size, none of its bytes."""

    def __init__(self, name: str, content_type: str, size: int) -> None:
        super().__init__(io.BytesIO(), name, content_type, size)


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """Stream uploads to a temporary file, but stop storing one as soon as it passes the limit.

    The parser still reads past the rest of that file, so the fields sent after it arrive and
    the form comes back filled in; the file becomes a :class:`RefusedUpload` that
    :func:`validate_upload` turns into a form error naming its size.
    """

    limit = MAX_UPLOAD_BYTES

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.refused:
            return None
        if start + len(raw_data) > self.limit:
            self.refused = True
            self.file.close()  # a temporary file: closing deletes what was written so far
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.refused:
            return RefusedUpload(self.file_name, self.content_type, file_size)
        return super().file_complete(file_size)


class ImageUploadField(forms.ImageField):
    """Django's ImageField, with our checks first so each failure gets its own message."""

    def to_python(self, data: Any) -> Any:
        if data and hasattr(data, "seek"):
            validate_upload(data)
        return super().to_python(data)


def upload_name(folder: str, filename: str) -> str:
    """A fresh random name under ``folder/YYYY/MM/``, keeping only a known image extension.

    Nothing of what the uploader typed reaches the path (no ``strftime`` codes, slashes,
    newlines or look-alike names); the original name is kept on the row instead.
    """
    suffix = PurePosixPath(filename).suffix.lower()
    extension = suffix if suffix[1:] in ALLOWED_FORMATS.values() else ""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(10)}{extension}"


def original_name(filename: str, *, max_length: int = 255) -> str:
    """The uploader's file name, fit to keep as metadata: no folders, no control characters."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip()[:max_length]


def clean_image(file: IO[bytes]) -> ContentFile:
    """The image upright (EXIF orientation applied) and re-encoded without metadata.

    The result is named ``image.<extension of its real format>``, for :func:`upload_name`.
    """
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format or "PNG"
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
    _drop_text(image)
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    options: dict[str, Any] = {"JPEG": {"quality": 90, "optimize": True}}.get(image_format, {})
    if image_format == "WEBP":
        options = {"quality": 90}
    if icc_profile:
        options["icc_profile"] = icc_profile  # colour, not metadata about the photographer
    out = io.BytesIO()
    image.save(out, format=image_format, **options)  # no exif=, no pnginfo=: metadata dropped
    extension = ALLOWED_FORMATS.get(image_format, image_format.lower())
    return ContentFile(out.getvalue(), name=f"image.{extension}")


def store_cleaned(field_file: FieldFile) -> str:
    """Store a new upload cleaned and under a random name; return the uploader's file name."""
    uploaded_as = original_name(field_file.name)
    cleaned = clean_image(field_file.file)
    field_file.save(cleaned.name, cleaned, save=False)
    return uploaded_as


def _drop_text(image: Image.Image) -> None:
    # Pillow writes some of ``info`` back on save (a JPEG's comment segment does survive a
    # re-encode): keep only what the pixels need.
    image.info = {key: value for key, value in image.info.items() if key in PIXEL_INFO}


def crop_box(
    size: tuple[int, int], ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest ``ratio`` box inside ``size`` centred on ``focal`` (fractions), kept inside."""
    width, height = size
    target_w, target_h = ratio
    box_w, box_h = width, round(width * target_h / target_w)
    if box_h > height:
        box_w, box_h = round(height * target_w / target_h), height
    box_w, box_h = max(1, min(box_w, width)), max(1, min(box_h, height))
    left = min(max(round(focal[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal[1] * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def make_renditions(
    storage: Storage,
    name: str,
    *,
    ratio: tuple[int, int] | None = None,
    focal: tuple[float, float] = (0.5, 0.5),
) -> dict[str, Any]:
    """Write the responsive copies of the stored image ``name``; return their description.

    With ``ratio`` (such as ``(16, 9)``) the copies are cropped to it around ``focal``, the
    point of interest as fractions of the width and height, so it stays in every crop.
    """
    with storage.open(name, "rb") as file, Image.open(file) as source:
        source.load()
        image = source.copy()
        image_format = source.format or "PNG"
    stem = PurePosixPath(name).stem[:40]
    if ratio is not None:
        box = crop_box(image.size, ratio, focal)
        image = image.crop(box)
        # The crop's position is in the name, so a name always means the same pixels (served
        # as immutable: byline/views.py); a new focal point gives new files, never new content
        # under a name a browser or CDN already holds.
        stem = f"{stem}-{ratio[0]}x{ratio[1]}-{box[0]}-{box[1]}"
    width, height = image.size
    fallback_format = "PNG" if image_format == "PNG" else "JPEG"
    widths = sorted({w for w in RENDITION_WIDTHS if w < width} | {min(width, RENDITION_WIDTHS[-1])})
    digest = hashlib.sha256(name.encode()).hexdigest()[:10]
    folder = f"renditions/{digest}"
    description: dict[str, Any] = {
        "source": name,
        "width": width,
        "height": height,
        "fallback_type": f"image/{fallback_format.lower()}",
        "webp": [],
        "fallback": [],
    }
    for target_width in widths:
        target_height = max(1, round(height * target_width / width))
        resized = image.resize((target_width, target_height), Image.Resampling.LANCZOS)
        for key, out_format in (("webp", "WEBP"), ("fallback", fallback_format)):
            out = io.BytesIO()
            _encode(resized, out, out_format)
            extension = ALLOWED_FORMATS[out_format]
            saved = storage.save(
                f"{folder}/{stem}-{target_width}.{extension}", ContentFile(out.getvalue())
            )
            description[key].append([target_width, target_height, saved])
    return description


def _encode(image: Image.Image, out: io.BytesIO, image_format: str) -> None:
    _drop_text(image)  # renditions carry no comment or text either, whatever the source had
    if image_format == "JPEG":
        if image.mode not in {"RGB", "L"}:
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, format="PNG", optimize=True)


def picture_html(
    renditions: dict[str, Any],
    storage: Storage,
    *,
    alt: str,
    sizes: str = "(min-width: 48rem) 42rem, 100vw",
    lazy: bool = True,
    css_class: str = "",
) -> SafeString:
    """``<picture>`` markup for stored renditions: WebP first, the original format as fallback."""
    if not renditions or not renditions.get("fallback"):
        return SafeString("")

    def srcset(key: str) -> SafeString:
        return format_html_join(
            ", ", "{} {}w", ((storage.url(n), w) for w, _h, n in renditions[key])
        )

    largest_width, largest_height, largest_name = renditions["fallback"][-1]
    loading = (
        SafeString(' loading="lazy" decoding="async"')
        if lazy
        else SafeString(' fetchpriority="high"')
    )
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        srcset("webp"),
        sizes,
        storage.url(largest_name),
        srcset("fallback"),
        sizes,
        largest_width,
        largest_height,
        alt,
        loading,
    )


def body_pictures(library: Iterable[Any]) -> Callable[[str, str], str | None]:
    """``richtext.render``'s ``picture_for``: ``<picture>`` markup for library images.

    An image under the media address that the library does not hold (deleted since) gets "",
    so the page drops it instead of showing a broken image.
    """
    by_url = {image.url: image for image in library if image.file}

    def picture_for(src: str, alt: str) -> str | None:
        image = by_url.get(src)
        if image is None:
            return ""
        if not image.renditions:
            return None
        return picture_html(image.renditions, image.storage, alt=alt)

    return picture_for


def media_path() -> str:
    """``MEDIA_URL`` as the path the body's own images start with."""
    return settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else f"/{settings.MEDIA_URL}"
