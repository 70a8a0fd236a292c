import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from articles import publishing
from articles.links import redirects
from articles.links.models import SlugHistory
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def rename(article: Article, slug: str) -> Article:
    article.slug = slug
    article.save()
    return article


def test_old_slug_of_a_published_article_redirects_permanently(client) -> None:
    rename(make_article(slug="first-name"), "second-name")
    response = client.get("/articles/first-name/?utm=x")
    assert response.status_code == 301
    assert response["Location"] == "/articles/second-name/?utm=x"
    assert client.get(response["Location"]).status_code == 200


def test_renames_never_build_a_chain(client) -> None:
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "c")
    assert client.get("/articles/a/")["Location"] == "/articles/c/"
    assert client.get("/articles/b/")["Location"] == "/articles/c/"


def test_renaming_back_serves_the_slug_directly_without_a_loop(client) -> None:
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "a")
    assert client.get("/articles/a/").status_code == 200
    assert client.get("/articles/b/")["Location"] == "/articles/a/"


def test_a_slug_that_was_never_public_makes_no_redirect(client) -> None:
    draft = make_article(slug="working-title", status=Article.Status.DRAFT, published_at=None)
    rename(draft, "final-title")
    publishing.publish(draft)
    assert client.get("/articles/working-title/").status_code == 404
    assert not SlugHistory.objects.filter(slug="working-title").exists()


def test_slug_public_before_an_unpublish_still_redirects_after_a_rename(client) -> None:
    article = make_article(slug="old")
    publishing.unpublish(article)
    rename(article, "new")
    publishing.publish(article)
    assert client.get("/articles/old/")["Location"] == "/articles/new/"


def test_old_slug_of_an_unpublished_article_is_not_found_for_readers(client) -> None:
    article = rename(make_article(slug="old"), "new")
    publishing.unpublish(article)
    assert client.get("/articles/old/").status_code == 404


def test_another_articles_old_slug_is_refused_naming_that_article(client) -> None:
    renamed = rename(make_article(slug="shared", title="Reading your payslip"), "moved")
    with pytest.raises(ValidationError) as refused:
        make_article(slug="shared", title="The newcomer")
    assert "“Reading your payslip”" in str(refused.value)
    assert client.get("/articles/shared/")["Location"] == "/articles/moved/"
    assert SlugHistory.objects.get(slug="shared").article == renamed


def test_an_old_slug_released_explicitly_goes_to_its_new_article_and_is_recorded(
    client, editor
) -> None:
    renamed = rename(make_article(slug="shared"), "moved")
    newcomer = make_article(slug="elsewhere", title="The newcomer")
    newcomer.slug = "shared"
    assert redirects.release_old_address("shared", to=newcomer, by=editor) == renamed
    newcomer.save()
    assert client.get("/articles/shared/").context["article"] == newcomer
    # and if the newcomer moves on, its own old slug leads to it
    rename(newcomer, "newcomer")
    assert client.get("/articles/shared/")["Location"] == "/articles/newcomer/"
    entry = LogEntry.objects.get(object_id=str(renamed.pk))
    assert entry.get_change_message() == "Released its old address /shared/ to “The newcomer”."
    assert entry.user == editor


def test_creating_publishing_renaming_and_deleting_through_the_orm_keeps_slug_history(
    client, django_capture_on_commit_callbacks
) -> None:
    author_of = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(
            title="Draft",
            slug="draft-name",
            summary="Not yet.",
            author=author_of.author,
            category=author_of.category,
        )
    assert not SlugHistory.objects.filter(article=article).exists()  # never public
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(article)
    assert set(article.slug_history.values_list("slug", flat=True)) == {"draft-name"}
    with django_capture_on_commit_callbacks(execute=True):
        rename(article, "public-name")
    assert set(article.slug_history.values_list("slug", flat=True)) == {
        "draft-name",
        "public-name",
    }
    response = client.get("/articles/draft-name/")
    assert (response.status_code, response["Location"]) == (301, "/articles/public-name/")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert (
        not SlugHistory.objects.exists()
        or not SlugHistory.objects.filter(slug__in=["draft-name", "public-name"]).exists()
    )
    assert client.get("/articles/draft-name/").status_code == 404
