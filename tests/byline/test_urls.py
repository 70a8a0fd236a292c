"""Every public URL in the URLconf, fuzzed: no request, however odd, gets a 500.

Hypothesis draws requests from tests/fuzzing.py (odd methods, charsets and multipart bodies,
NULs, lone surrogates and other Unicode, long values, huge headers, forged signed cookies)
and sends them through Django's test client with DEBUG off. ``BYLINE_FUZZ_EXAMPLES`` sets
how many requests each test sends (a longer run: ``bench/fuzz.py`` against a live server).
"""

import logging
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles import publishing
from articles.models import Article
from tests.factories import make_article, make_comment, make_image_bytes, make_tag
from tests.fuzzing import FuzzRequest, Route, known_values, public_routes, requests

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("BYLINE_FUZZ_EXAMPLES", "400"))
FUZZ_SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    # One site for all the examples of a test: the requests may change it (a comment posted),
    # which is what a real server sees too.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
UNMATCHED = Route("(no pattern)", ["", "rest", "/"])


@pytest.fixture
def known(site_settings, editor) -> dict[str, list[str]]:
    article = make_article(tags=[make_tag()])
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    media = Path(django_settings.MEDIA_ROOT) / "images" / "fuzz.png"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(make_image_bytes(size=(40, 30), image_format="PNG"))
    return known_values(
        article=article,
        comment=make_comment(article=article),
        share_link=publishing.create_share_link(draft, created_by=editor),
        media_path="images/fuzz.png",
    )


def send(client: Client, request: FuzzRequest):
    """The request through Django's whole stack, as a WSGI server would hand it over."""
    return client.generic(
        request.method,
        request.path,
        request.body,
        content_type=request.content_type,
        headers=request.headers,
    )


def assert_answered(client: Client, request: FuzzRequest, caplog: pytest.LogCaptureFixture):
    caplog.clear()
    response = send(client, request)  # an unhandled exception raises here
    event(f"status {response.status_code}")  # see --hypothesis-show-statistics
    assert response.status_code < 500, f"{response.status_code} for {request}"
    errors = [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.ERROR and not record.name.startswith("django.security")
    ]
    assert errors == [], f"errors logged for {request}"


def test_the_fuzzer_reaches_every_public_url() -> None:
    names = {route.name for route in public_routes()}
    assert {
        "articles:home",
        "articles:detail",
        "articles:category",
        "articles:tag",
        "articles:author",
        "articles:search",
        "articles:share",
        "articles:feed-rss",
        "articles:category-feed-atom",
        "comments:post",
        "comments:unsubscribe",
        "sitemap",
        "robots-txt",
        "favicon",
        "contact-email",
        "admin:login",
    } <= names
    assert any(route.parameters == ["path"] for route in public_routes())  # /media/


@FUZZ_SETTINGS
@given(data=st.data())
def test_no_request_to_a_public_url_gets_a_500(
    known: dict[str, list[str]], caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    client = Client(enforce_csrf_checks=data.draw(st.booleans(), label="enforce CSRF"))
    request = data.draw(requests([*public_routes(), UNMATCHED], known), label="request")
    assert_answered(client, request, caplog)


@FUZZ_SETTINGS
@given(data=st.data())
def test_no_comment_form_post_gets_a_500(
    known: dict[str, list[str]], caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    routes = [route for route in public_routes() if route.name == "comments:post"]
    client = Client(enforce_csrf_checks=data.draw(st.booleans(), label="enforce CSRF"))
    request = data.draw(requests(routes, known, methods=["POST"]), label="request")
    assert_answered(client, request, caplog)
