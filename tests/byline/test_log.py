"""The server log: every line once, and an expected refusal (403) as one line."""

import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

# Runs in a fresh interpreter with the real settings, so the log is configured as it is in
# `make run` (DEBUG on) or in production (DEBUG off), not as pytest's capture leaves it.
SCRIPT = textwrap.dedent(
    """
    import django, logging
    django.setup()
    from django.core.exceptions import PermissionDenied
    from django.core.handlers.exception import response_for_exception
    from django.middleware.csrf import CsrfViewMiddleware
    from django.test import RequestFactory

    logging.getLogger("django.request").warning("Not Found: %s", "/missing/")
    request = RequestFactory().get("/admin/secret/")
    response_for_exception(request, PermissionDenied("not yours"))
    post = RequestFactory().post("/search/", {"q": "x"})
    CsrfViewMiddleware(lambda r: None).process_view(post, lambda r: None, (), {})
    """
)


@pytest.mark.parametrize("debug", ["true", "false"])
def test_each_warning_is_logged_once_and_refusals_without_a_traceback(debug: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "byline.settings",
            "DJANGO_DEBUG": debug,
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    log = result.stderr.splitlines()
    assert log.count("Not Found: /missing/") == 1
    assert log.count("Forbidden (Permission denied): /admin/secret/") == 1
    assert len([line for line in log if line.startswith("Forbidden (CSRF")]) == 1
    assert "Traceback" not in result.stderr
    assert len(log) == 3, result.stderr
