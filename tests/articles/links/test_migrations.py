"""The links app took its models over from articles without losing a row or a permission."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone

from articles.links.models import ArticleLink, ArticleTerm, RelatedLink, SlugHistory, TermFrequency
from articles.models import Article
from byline import roles
from tests.conftest import migrate

BEFORE_THE_MOVE = [("articles", "0009_search_vector_postgresql")]

# Transactional: the migrations run for real; the serialized copy puts the data back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_database_in_the_old_layout_keeps_every_row_and_permission() -> None:
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    OldUser = old.get_model("auth", "User")
    OldCategory = old.get_model("articles", "Category")
    OldArticle = old.get_model("articles", "Article")
    author = OldUser.objects.create(username="old-author")
    category = OldCategory.objects.create(name="Water", slug="water")
    live = timezone.now() - timedelta(days=1)

    def article(slug: str) -> object:
        return OldArticle.objects.create(
            title=slug.title(),
            slug=slug,
            summary="Summary.",
            body=f'<p>See <a href="/other/">the other</a> about {slug}.</p>',
            status="published",
            published_at=live,
            author=author,
            category=category,
        )

    source, target = article("source"), article("target")
    old.get_model("articles", "RelatedLink").objects.create(
        source=source, target=target, anchor_text="curated", placement="inline", after_paragraph=1
    )
    old.get_model("articles", "ArticleLink").objects.create(
        source=source, target=target, target_slug="other", href="/other/", kind="body"
    )
    old.get_model("articles", "SlugHistory").objects.create(slug="other", article=target)
    old.get_model("articles", "ArticleTerm").objects.create(
        article=source, term="water", weight=1.5
    )
    editors = old.get_model("auth", "Group").objects.get(name=roles.EDITORS)
    assert editors.permissions.filter(
        content_type__app_label="articles", codename="change_relatedlink"
    ).exists()

    migrate()

    source, target = Article.objects.get(slug="source"), Article.objects.get(slug="target")
    link = RelatedLink.objects.get()
    assert (link.source, link.target, link.anchor_text, link.after_paragraph) == (
        source,
        target,
        "curated",
        1,
    )
    indexed = ArticleLink.objects.get()
    assert (indexed.source, indexed.target, indexed.href, indexed.kind) == (
        source,
        target,
        "/other/",
        ArticleLink.Kind.BODY,
    )
    assert SlugHistory.objects.get(slug="other").article == target
    assert list(source.terms.values_list("term", "weight")) == [("water", 1.5)]
    assert ArticleTerm.objects.count() == 1
    # The Editors keep their grip on the moved models: permissions followed the content type.
    editor = User.objects.create_user("edna-after-move", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    for action in ("add", "change", "delete", "view"):
        assert editor.has_perm(f"links.{action}_relatedlink")
    assert (
        not Group.objects.get(name=roles.EDITORS)
        .permissions.filter(content_type__app_label="articles", codename__endswith="_relatedlink")
        .exists()
    )


def test_a_fresh_database_grants_the_editors_the_moved_permissions(db: None) -> None:
    editor = User.objects.create_user("edna-fresh", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    assert editor.has_perm("links.change_relatedlink")


def indexed_columns(table: str) -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        tuple(found["columns"])
        for found in constraints.values()
        if (found["index"] or found["unique"]) and not found["primary_key"]
    }


def test_link_and_term_rows_write_no_index_a_composite_one_already_serves() -> None:
    migrate([("links", "0002_content_types")])
    assert ("target_id",) in indexed_columns("articles_articlelink")
    assert ("article_id",) in indexed_columns("articles_articleterm")
    migrate()
    # Lookups by target or by article use the composite indexes that start with them.
    assert indexed_columns("articles_articlelink") == {
        ("source_id",),
        ("target_id", "source_id"),
        ("target_slug",),
    }
    assert indexed_columns("articles_articleterm") == {
        ("article_id", "term"),
        ("term", "article_id", "weight"),
    }


def test_the_terms_already_stored_are_counted_when_term_frequencies_arrive() -> None:
    before = [("links", "0003_fewer_index_writes")]
    old = migrate(before).loader.project_state(before).apps
    author = old.get_model("auth", "User").objects.create(username="counted-author")
    category = old.get_model("articles", "Category").objects.create(name="Sea", slug="sea")
    OldArticle, OldTerm = (
        old.get_model("articles", "Article"),
        old.get_model("links", "ArticleTerm"),
    )
    for slug, terms in [("tides", ["tides", "harbour"]), ("waves", ["waves", "harbour"])]:
        article = OldArticle.objects.create(
            title=slug, slug=slug, author=author, category=category, status="draft"
        )
        OldTerm.objects.bulk_create(OldTerm(article=article, term=t, weight=1.0) for t in terms)
    migrate()
    assert dict(TermFrequency.objects.values_list("term", "articles")) == {
        "": 2,  # the articles with terms
        "harbour": 2,
        "tides": 1,
        "waves": 1,
    }
