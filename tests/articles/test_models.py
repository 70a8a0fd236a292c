from datetime import timedelta

import pytest
from django.db.models import Max
from django.utils import timezone

from articles.models import Article, Category, display_name, last_significant_change, published_q
from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def test_published_query_and_is_live_agree_on_every_state() -> None:
    now = timezone.now()
    articles = [
        make_article(status=Article.Status.DRAFT, published_at=None),
        make_article(status=Article.Status.DRAFT, published_at=now - timedelta(days=1)),
        make_article(status=Article.Status.SCHEDULED, published_at=now + timedelta(days=1)),
        make_article(status=Article.Status.SCHEDULED, published_at=now - timedelta(minutes=1)),
        make_article(status=Article.Status.PUBLISHED, published_at=now - timedelta(days=2)),
    ]
    visible = set(Article.objects.published().values_list("pk", flat=True))
    assert visible == {article.pk for article in articles if article.is_live}
    assert len(visible) == 2


def test_published_rule_filters_categories_through_their_articles() -> None:
    shown, hidden = make_category(), make_category()
    make_article(category=shown)
    make_article(category=hidden, status=Article.Status.DRAFT, published_at=None)
    assert list(Category.objects.filter(published_q("articles__")).distinct()) == [shown]


def test_a_future_published_article_is_stored_as_scheduled() -> None:
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert article.status == Article.Status.SCHEDULED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_published_without_a_time_goes_live_now() -> None:
    article = make_article(published_at=None)
    assert article.published_at is not None
    assert article.is_live


def test_last_significant_change_in_python_and_in_the_database_agree() -> None:
    published = timezone.now() - timedelta(days=3)
    plain = make_article(published_at=published)
    edited = make_article(published_at=published, significant_update_at=published + timedelta(1))
    assert plain.last_significant_change == published
    assert edited.last_significant_change == published + timedelta(days=1)
    newest = Article.objects.aggregate(last=Max(last_significant_change()))["last"]
    assert newest == edited.last_significant_change


def test_display_name_is_the_full_name_else_the_username() -> None:
    assert display_name(make_user(username="ada", first_name="Ada", last_name="L")) == "Ada L"
    assert display_name(make_user(username="grace", first_name="", last_name="")) == "grace"
