"""Property: no sequence of renames, publications and explicit releases sends an old address
to the wrong article (``HYPOTHESIS_PROFILE=thorough`` runs 1,000 sequences)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles import publishing
from articles.links import redirects
from articles.links.models import SlugHistory
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SLUGS = ["payslip", "tax-code", "pension", "savings"]
ARTICLES = 3
THOROUGH = hypothesis_settings.default.max_examples >= 1000

operation = st.one_of(
    st.tuples(
        st.just("rename"),
        st.integers(0, ARTICLES - 1),
        st.sampled_from(SLUGS),
        st.booleans(),  # the editor confirmed taking the address over
    ),
    st.tuples(st.just("publish"), st.integers(0, ARTICLES - 1)),
    st.tuples(st.just("unpublish"), st.integers(0, ARTICLES - 1)),
)


@pytest.fixture
def article() -> Article:
    """A draft (no public slugs) whose author and category the examples' articles share."""
    return make_article(status=Article.Status.DRAFT, published_at=None)


@hypothesis_settings(
    max_examples=1000 if THOROUGH else 25,
    suppress_health_check=[
        *hypothesis_settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(operations=st.lists(operation, max_size=12))
def test_no_sequence_of_renames_sends_an_old_address_to_the_wrong_article(
    article: Article, operations: list
) -> None:
    shared = {"author": article.author, "category": article.category, "summary": "S."}
    with transaction.atomic():
        articles = [
            Article.objects.create(title=f"Article {n}", slug=f"start-{n}", **shared)
            for n in range(ARTICLES)
        ]
        owner: dict[str, int] = {}  # the reference: which article each public slug belongs to
        for step in operations:
            n = step[1]
            editing = Article.objects.get(pk=articles[n].pk)
            if step[0] == "rename":
                slug, release = step[2], step[3]
                held_by = owner.get(slug)
                current = {a.slug for a in Article.objects.exclude(pk=editing.pk)}
                if slug in current:
                    continue  # the unique slug: the form refuses it, as it always did
                if held_by not in (None, n) and release:
                    redirects.release_old_address(slug, to=editing)
                    del owner[slug]
                    held_by = None
                editing.slug = slug
                if held_by not in (None, n):
                    with pytest.raises(ValidationError):
                        editing.save()
                    continue
                editing.save()
            elif step[0] == "publish":
                publishing.publish(editing)
            else:
                publishing.unpublish(editing)
            if editing.is_live:
                owner[editing.slug] = n

            history = dict(SlugHistory.objects.values_list("slug", "article"))
            assert history == {slug: articles[i].pk for slug, i in owner.items()}

        # What readers get at every address: the owner, directly or by one permanent redirect.
        reader = Client()
        for slug in SLUGS:
            response = reader.get(f"/articles/{slug}/")
            held_by = owner.get(slug)
            if held_by is None:
                assert response.status_code == 404
                continue
            holder = Article.objects.get(pk=articles[held_by].pk)
            if not holder.is_live:
                assert response.status_code == 404
            elif holder.slug == slug:
                assert response.status_code == 200
                assert response.context["article"] == holder
            else:
                assert response.status_code == 301
                assert response["Location"] == holder.get_absolute_url()
        transaction.set_rollback(True)
