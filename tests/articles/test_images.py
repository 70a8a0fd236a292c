import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from articles import images
from tests.factories import make_article, make_image, make_image_bytes, make_upload


def png_claiming_size(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width``×``height`` pixels (how bombs look on upload)."""
    data = bytearray(make_image_bytes(size=(8, 8), image_format="PNG"))
    struct.pack_into(">II", data, 16, width, height)  # IHDR data starts at byte 16
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def error_code(upload) -> str:
    with pytest.raises(ValidationError) as error:
        images.validate_upload(upload)
    return error.value.code


def test_real_images_pass() -> None:
    for image_format in ("JPEG", "PNG", "WEBP"):
        images.validate_upload(make_upload("a.img", image_format=image_format))


def test_a_text_file_named_like_an_image_is_rejected() -> None:
    upload = SimpleUploadedFile("cat.jpg", b"I am not a picture", content_type="image/jpeg")
    assert error_code(upload) == "invalid_image"


def test_a_truncated_image_is_rejected() -> None:
    data = make_image_bytes(image_format="PNG")
    assert error_code(SimpleUploadedFile("cut.png", data[: len(data) // 2])) == "invalid_image"


def test_a_decompression_bomb_is_rejected() -> None:
    upload = SimpleUploadedFile("bomb.png", png_claiming_size(40_000, 40_000))
    assert upload.size < 1000
    assert error_code(upload) == "decompression_bomb"


def test_too_many_pixels_is_rejected_below_the_bomb_limit() -> None:
    upload = SimpleUploadedFile("huge.png", png_claiming_size(7000, 7000))
    assert error_code(upload) == "too_many_pixels"


def test_a_file_over_the_size_limit_is_rejected() -> None:
    padded = make_image_bytes() + b"\0" * images.MAX_UPLOAD_BYTES
    assert error_code(SimpleUploadedFile("big.jpg", padded)) == "file_too_large"


def test_an_unsupported_format_is_rejected() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    assert error_code(SimpleUploadedFile("a.bmp", out.getvalue())) == "unsupported_format"


def test_form_field_gives_each_failure_its_own_message() -> None:
    field = images.ImageUploadField()
    with pytest.raises(ValidationError) as error:
        field.clean(SimpleUploadedFile("bomb.png", png_claiming_size(40_000, 40_000)))
    assert "too large in pixels" in error.value.messages[0]


def test_cleaning_applies_exif_orientation_and_strips_metadata() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "SpyCam Inc."  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    Image.new("RGB", (400, 200), "red").save(out, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(out.getvalue())).getexif()  # the test image does carry EXIF

    cleaned = Image.open(images.clean_image(io.BytesIO(out.getvalue())))
    assert cleaned.size == (200, 400)  # upright
    assert not cleaned.getexif()
    assert "exif" not in cleaned.info


SECRET = b"SECRET-FROM-THE-CAMERA"


def jpeg_with_comment_and_xmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(
        out, format="JPEG", comment=SECRET, xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>"
    )
    return out.getvalue()


def png_with_text_chunks() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())  # tEXt
    info.add_text("Author", SECRET.decode(), zip=True)  # zTXt
    info.add_itxt("XML:com.adobe.xmp", SECRET.decode())  # iTXt
    out = io.BytesIO()
    Image.new("RGBA", (1200, 800), (0, 128, 128, 200)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def webp_with_xmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(out, format="WEBP", xmp=SECRET)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("com.jpg", jpeg_with_comment_and_xmp()),
        ("text.png", png_with_text_chunks()),
        ("xmp.webp", webp_with_xmp()),
    ],
)
@pytest.mark.django_db
def test_comments_and_text_chunks_reach_neither_the_original_nor_a_rendition(name, data) -> None:
    assert SECRET in data  # the test image does carry them
    article = make_article(featured_image=SimpleUploadedFile(name, data), featured_image_alt="A")
    body_image = make_image(file=SimpleUploadedFile(name, data), alt="B")

    stored = article.featured_image.stored_names() | body_image.stored_names()
    assert len(stored) == 2 + 2 * 2 * 6  # each: the original, WebP and fallback, whole and cropped
    for stored_name in stored:
        with default_storage.open(stored_name) as file:
            content = file.read()
        assert SECRET not in content, stored_name
        assert b"xmpmeta" not in content and b"XML:com.adobe.xmp" not in content, stored_name
        Image.open(io.BytesIO(content)).verify()  # still a real image


def test_a_palette_png_keeps_its_transparency() -> None:
    out = io.BytesIO()
    Image.new("P", (40, 40), 0).save(out, format="PNG", transparency=0)
    cleaned = Image.open(images.clean_image(io.BytesIO(out.getvalue())))
    assert cleaned.info.get("transparency") == 0


def test_upload_names_are_random_whatever_the_uploader_typed() -> None:
    names = {images.upload_name("articles/body", "%D%n../../evil.PNG") for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert re.fullmatch(r"articles/body/\d{4}/\d{2}/[0-9a-f]{20}\.png", name)
    assert re.fullmatch(r"articles/body/\d{4}/\d{2}/[0-9a-f]{20}", names.pop()[:-4])
    assert images.upload_name("x", "photo.exe").rsplit("/", 1)[1].isalnum()  # no extension


@pytest.mark.django_db
def test_stored_images_get_a_random_name_and_keep_the_original_as_metadata() -> None:
    article = make_article(
        featured_image=make_upload("%D holiday%n.jpg"), featured_image_alt="A holiday"
    )
    body_image = make_image(
        file=make_upload("../chart\x07 2026.png", image_format="PNG"), alt="C", title=""
    )
    article.refresh_from_db()
    body_image.refresh_from_db()

    assert re.fullmatch(r"library/\d{4}/\d{2}/[0-9a-f]{20}\.jpg", article.featured_image.name)
    assert re.fullmatch(r"library/\d{4}/\d{2}/[0-9a-f]{20}\.png", body_image.name)
    assert article.featured_image.original_name == "%D holiday%n.jpg"
    assert body_image.original_name == "chart 2026.png"
    assert body_image.title == "chart 2026.png"  # found in the library by its file name
    media = Path(default_storage.location)
    assert (media / article.featured_image.name).is_file()
    assert not any("\n" in str(path) for path in media.rglob("*"))


def test_a_file_past_the_limit_is_refused_while_it_streams_and_the_fields_after_it_arrive(
    rf,
) -> None:
    limit = images.SizeLimitedUploadHandler.limit
    big = make_image_bytes() + b"\0" * (limit * 2)
    request = rf.post(
        "/upload/",
        {"before": "kept", "image": SimpleUploadedFile("big.jpg", big), "after": "also kept"},
    )
    handler = images.SizeLimitedUploadHandler(request)
    request.upload_handlers = [handler]

    assert request.POST["before"] == "kept"
    assert request.POST["after"] == "also kept"
    refused = request.FILES["image"]
    assert isinstance(refused, images.RefusedUpload)
    assert refused.size == len(big)
    assert refused.read() == b""
    assert handler.file.closed  # the temporary file was dropped at the limit, not at the end
    with pytest.raises(ValidationError) as error:
        images.ImageUploadField().clean(refused)
    message = error.value.messages[0].replace("\xa0", " ")
    assert message == "This file is 20.0 MB; an image may be at most 10.0 MB."


def test_a_file_within_the_limit_streams_to_a_temporary_file(rf) -> None:
    data = make_image_bytes()
    request = rf.post("/upload/", {"image": SimpleUploadedFile("ok.jpg", data)})
    request.upload_handlers = [images.SizeLimitedUploadHandler(request)]
    upload = request.FILES["image"]
    assert upload.read() == data
    images.validate_upload(upload)
