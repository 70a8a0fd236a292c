"""Fixtures for the WordPress tests: the hand-made export and a copy of wp-content/uploads."""

from pathlib import Path

import pytest
from PIL import Image

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPORT_6X = FIXTURES / "wordpress-6x.xml"


@pytest.fixture(autouse=True)
def import_root(settings, tmp_path: Path) -> Path:
    """Uploaded exports go to a throw-away folder."""
    settings.WORDPRESS_IMPORT_ROOT = tmp_path / "imports"
    return settings.WORDPRESS_IMPORT_ROOT


@pytest.fixture
def export_6x() -> Path:
    """A WordPress 6.x export (WXR 1.2) covering every mapping the importer knows."""
    return EXPORT_6X


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """The old site's wp-content/uploads: photo.jpg (with camera EXIF), gone.jpg missing."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "05").mkdir(parents=True)
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0131] = "Secret firmware"  # Software
    Image.new("RGB", (1200, 800), "teal").save(folder / "2024/05/photo.jpg", exif=exif)
    return folder
