"""Uploaded images: check them, clean them, and make responsive renditions once.

* :func:`validate_upload` runs on upload (a form field) and rejects anything that is not a
  real JPEG/PNG/WebP image, decompression bombs, and files or pixel counts over the limits.
* :func:`clean_image` applies the EXIF orientation and re-encodes without metadata (GPS,
  camera serial numbers...), so what is stored and served carries none.
* :func:`make_renditions` writes 480/960/1600 px wide copies (never upscaled) in WebP and the
  original's format; the result is a small dict stored on the row, so pages render
  ``<picture>`` markup without touching the files or the database again.
"""

import hashlib
import io
import warnings
from pathlib import PurePosixPath
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.template.defaultfilters import filesizeformat
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


class ImageUploadField(forms.ImageField):
    """Django's ImageField, with our checks first so each failure gets its own message."""

    def to_python(self, data: Any) -> Any:
        if data and hasattr(data, "seek"):
            validate_upload(data)
        return super().to_python(data)


def clean_image(file: IO[bytes]) -> ContentFile:
    """The image upright (EXIF orientation applied) and re-encoded without metadata."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format or "PNG"
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    options: dict[str, Any] = {"JPEG": {"quality": 90, "optimize": True}}.get(image_format, {})
    if image_format == "WEBP":
        options = {"quality": 90}
    if icc_profile:
        options["icc_profile"] = icc_profile  # colour, not metadata about the photographer
    out = io.BytesIO()
    image.save(out, format=image_format, **options)  # no exif=, no pnginfo=: metadata dropped
    return ContentFile(out.getvalue())


def make_renditions(storage: Storage, name: str) -> dict[str, Any]:
    """Write the responsive copies of the stored image ``name``; return their description."""
    with storage.open(name, "rb") as file, Image.open(file) as source:
        source.load()
        image = source.copy()
        image_format = source.format or "PNG"
    width, height = image.size
    fallback_format = "PNG" if image_format == "PNG" else "JPEG"
    widths = sorted({w for w in RENDITION_WIDTHS if w < width} | {min(width, RENDITION_WIDTHS[-1])})
    stem = PurePosixPath(name).stem[:40]
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
