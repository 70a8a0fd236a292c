"""Fixtures shared by the whole suite: test-only settings, users in their roles, the browser."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from byline import roles
from byline.models import SiteSettings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path(os.environ.get("BYLINE_CHROMIUM", "/usr/bin/chromium"))

# Property tests: a few hundred examples in every run; HYPOTHESIS_PROFILE=thorough for 10,000.
# No example database (runs stay reproducible and write nothing into the tree) and no deadline
# (the machine is shared, a slow example is not a failure).
_HYPOTHESIS_COMMON = {
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("default", max_examples=300, **_HYPOTHESIS_COMMON)
hypothesis_settings.register_profile("thorough", max_examples=10_000, **_HYPOTHESIS_COMMON)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def require(available: bool, reason: str) -> None:
    """Skip a test whose tool is missing here, but fail it under CI, where it must run."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every transactional test a serialized rollback.

    A transactional test's flush re-creates content types and permissions unless the test
    restores the migrated rows itself; one that doesn't leaves rows that the next serialized
    test (every browser test) then fails to re-insert. So all of them restore the same way.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            # Prepended: a mark on the function itself would otherwise stay the closest one.
            item.add_marker(
                pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False
            )


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    """Migrate the test database to ``targets`` (default: the latest state), for real."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def page_caches(redis_url: str) -> dict[str, dict[str, Any]]:
    """The page cache's stores for tests: in memory, or the Redis server at REDIS_URL (CI).

    The page cache's tests empty them (Redis: FLUSHDB), so point REDIS_URL at a throw-away
    database.
    """
    if redis_url:
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        stores = {"pages": backend, "page_versions": {**backend, "TIMEOUT": None}}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        stores = {
            "pages": {**backend, "LOCATION": "pages"},
            "page_versions": {
                **backend,
                "LOCATION": "page_versions",
                "TIMEOUT": None,
                "OPTIONS": {"MAX_ENTRIES": 10**9},
            },
        }
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        **{name: {**store, "KEY_PREFIX": f"test-{name}"} for name, store in stores.items()},
    }


@pytest.fixture(autouse=True, scope="session")
def test_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Settings for the test run only: throw-away media, plain static files, fast hashing."""
    media_root = tmp_path_factory.mktemp("media")
    overrides = override_settings(
        MEDIA_ROOT=media_root,
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Off unless a test turns it on (the ``page_cache`` fixture).
        PAGE_CACHE=False,
        CACHES=page_caches(os.environ.get("REDIS_URL", "")),
    )
    overrides.enable()
    yield
    overrides.disable()
    shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Every test starts with an empty cache: nothing computed for another test's rows."""
    from byline import pagecache

    cache.clear()
    pagecache.forget_kept()


def make_staff(username: str, group_name: str, **names: str) -> User:
    """A staff user in one of the staff groups, with the password "password" (and ``names``:
    ``first_name``, ``last_name``)."""
    user = User.objects.create_user(
        username=username,
        password="password",
        email=f"{username}@staff.example",
        is_staff=True,
        **names,
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db: None) -> User:
    return make_staff("edna", roles.EDITORS)


@pytest.fixture
def moderator(db: None) -> User:
    return make_staff("mo", roles.MODERATORS)


@pytest.fixture
def editor_client(client, editor: User):
    client.force_login(editor)
    return client


@pytest.fixture
def site_settings(db: None) -> SiteSettings:
    """The settings row filled in the way a real site would."""
    settings = SiteSettings.load()
    settings.site_name = "Test Byline"
    settings.tagline = "Explainers you can trust"
    settings.get_in_touch = "Write to us any time."
    settings.whatsapp_number = "+44 20 7946 0958"
    settings.email = "desk@byline.example"
    settings.postal_address = "1 Test Street\nLeeds"
    settings.support_hours = "available 24/7"
    settings.save()
    return settings


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}")
    return CHROMIUM


@pytest.fixture
def page_cache(settings: Any) -> Iterator[None]:
    """The page cache on, empty (see byline/pagecache.py); off again after the test."""
    from django.core.cache import caches

    from byline import pagecache

    settings.PAGE_CACHE = True
    caches[pagecache.PAGES].clear()
    caches[pagecache.VERSIONS].clear()
    yield
    caches[pagecache.PAGES].clear()
    caches[pagecache.VERSIONS].clear()
