import pytest

from articles.links import health, index
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_fix_rewrites_old_slugs_in_the_body_and_keeps_the_rest(
    django_capture_on_commit_callbacks,
) -> None:
    target = make_article(slug="old-name")
    target.slug = "new-name"
    target.save()
    source = make_article(
        body=(
            '<p><a href="/articles/old-name/#costs">costs</a> and '
            '<a href="https://example.org/old-name/">elsewhere</a></p>'
        )
    )
    index.index_links(source)
    with django_capture_on_commit_callbacks(execute=True):
        assert health.fix_redirected_links(source) == 1
    source.refresh_from_db()
    assert 'href="/articles/new-name/#costs"' in source.body
    assert 'href="https://example.org/old-name/"' in source.body
    assert source.outgoing_links.get().target_slug == "new-name"
    assert not health.links_through_redirects([source.pk]).exists()
