import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import images
from tests.factories import make_image_bytes, make_upload


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
