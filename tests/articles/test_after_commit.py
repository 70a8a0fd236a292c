"""Derived data refreshed after commit, or gathered and refreshed once at the end of a run."""

import pytest
from django.db import connection, transaction

from articles import after_commit, search
from articles.links import index, suggestions
from articles.links.models import ArticleTerm
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_deferred_refreshes_run_once_each_over_all_ids_at_the_end(
    django_capture_on_commit_callbacks,
) -> None:
    first, second = make_article(), make_article()
    with django_capture_on_commit_callbacks() as queued, after_commit.deferred() as gathered:
        for article, title in ((first, "Harbour"), (second, "Lantern"), (first, "Orchard")):
            with transaction.atomic():
                article.title = title
                article.save()
        gathered_ids = {refresh: set(ids) for refresh, ids in gathered.ids.items()}
        assert not ArticleTerm.objects.filter(term="orchard").exists()  # not yet
    # No derived index waited for a commit: the end of the run refreshed them (the page cache's
    # purges still wait for their commit, which is what makes them safe).
    assert [callback.__module__ for callback in queued] == ["byline.invalidation"] * len(queued)
    refreshes = [index.refresh_index, suggestions.refresh_terms]
    if connection.vendor == "sqlite":
        refreshes.append(search.refresh_index)  # PostgreSQL's search vector is generated
    assert gathered_ids == {refresh: {first.pk, second.pk} for refresh in refreshes}
    assert set(
        ArticleTerm.objects.filter(term__in=["orchard", "lantern", "harbour"]).values_list(
            "article", "term"
        )
    ) == {(first.pk, "orchard"), (second.pk, "lantern")}


def test_a_discarded_deferred_block_refreshes_nothing() -> None:
    article = make_article(title="Before")
    with after_commit.deferred() as gathered:
        Article.objects.filter(pk=article.pk).update(title="After the fact")
        article.refresh_from_db()
        article.save()
        ArticleTerm.objects.filter(article=article).delete()
        gathered.discard()
    assert not ArticleTerm.objects.filter(article=article).exists()


def test_add_all_refreshes_every_kind_of_derived_data_of_the_given_articles() -> None:
    article = make_article(title="Lonely lighthouse")
    ArticleTerm.objects.filter(article=article).delete()
    with after_commit.deferred() as gathered:
        gathered.add_all([article.pk])
    assert ArticleTerm.objects.filter(article=article, term="lighthouse").exists()
