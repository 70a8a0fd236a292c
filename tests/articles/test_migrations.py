"""Data migrations of the articles app."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.live_markup import live_markup, live_rendered_markup
from tests.conftest import migrate

BEFORE_RERENDER = [("articles", "0011_upload_original_names")]

# Transactional: the migrations run for real; the serialized copy puts the data back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_bodies_stored_by_the_old_serializer_lose_their_live_markup() -> None:
    executor = migrate(BEFORE_RERENDER)
    old = executor.loader.project_state(BEFORE_RERENDER).apps
    author = old.get_model("auth", "User").objects.create(username="old-author")
    category = old.get_model("articles", "Category").objects.create(name="Water", slug="water")
    # What the old serializer stored for a body opening with entity-encoded markup.
    old.get_model("articles", "Article").objects.create(
        title="Old",
        slug="old",
        summary="Summary.",
        body="&lt;img src=x onerror=alert(1)&gt;<h2>Why</h2><p>Because.</p>",
        body_html='<img src=x onerror=alert(1)><h2 id="why">Why</h2><p>Because.</p>',
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        author=author,
        category=category,
    )

    migrate()

    article = Article.objects.get(slug="old")
    assert live_markup(article.body) == []
    assert live_rendered_markup(article.body_html) == []
    assert article.body_html == (
        '&lt;img src=x onerror=alert(1)&gt;<h2 id="why">Why</h2><p>Because.</p>'
    )
