import time

import pytest

from comments.forms import issue_token


@pytest.fixture
def form_data():
    """Valid "Leave a Reply" data for an article, as if the page loaded a minute ago."""

    def build(article, **overrides):
        data = {
            "text": "A thoughtful comment.",
            "author_name": "Rosa Reader",
            "author_email": "rosa@example.org",
            "author_url": "",
            "homepage": "",
            "parent": "",
            "token": issue_token(article, issued_at=time.time() - 60),
        }
        data.update(overrides)
        return data

    return build
