"""Each public page runs a fixed number of SQL queries, whatever it shows."""

import pytest
from django.urls import reverse

from tests.factories import (
    faq_block,
    make_article,
    make_category,
    make_tag,
    make_upload,
    make_user,
)

pytestmark = pytest.mark.django_db

# Every page: the site settings and the header's categories (issue 16).
# Home and archives: the page's articles (with their comment counts; never a count of the list),
# plus the archive's subject (category, tag or author).
HOME_QUERIES = 3
ARCHIVE_QUERIES = 4
# Article page: the article with author (and profile) and category, its tags, the related links
# and the body's links to unpublished articles (issue 4), the discussion settings and the
# comments (issue 5), the previous/next and more-in-category links (one query, issue 16). Its
# FAQ is blocks of the body (issue 12): no query of its own.
ARTICLE_QUERIES = 9


def fill(n: int, *, category, tag, author, with_images: bool) -> None:
    for i in range(n):
        extra = {}
        if with_images and i % 2 == 0:
            extra = {"featured_image": make_upload(size=(600, 400)), "featured_image_alt": "A"}
        make_article(category=category, tags=[tag, make_tag()], author=author, **extra)


@pytest.mark.parametrize(("n", "page", "shown"), [(1, 1, 1), (10, 1, 10), (25, 3, 5)])
def test_list_pages_run_a_fixed_number_of_queries(
    client, site_settings, django_assert_num_queries, n, page, shown
) -> None:
    category, tag, author = make_category(), make_tag(), make_user()
    fill(n, category=category, tag=tag, author=author, with_images=True)
    query = f"?page={page}" if page > 1 else ""
    pages = [
        (reverse("articles:home"), HOME_QUERIES),
        (category.get_absolute_url(), ARCHIVE_QUERIES),
        (tag.get_absolute_url(), ARCHIVE_QUERIES),
        (reverse("articles:author", args=[author.username]), ARCHIVE_QUERIES),
    ]
    for url, expected in pages:
        with django_assert_num_queries(expected):
            response = client.get(url + query)
        assert response.status_code == 200
        assert len(response.context["article_list"]) == shown


@pytest.mark.parametrize(("tags", "faqs"), [(1, 1), (8, 6)])
def test_article_page_runs_a_fixed_number_of_queries(
    client, site_settings, django_assert_num_queries, tags, faqs
) -> None:
    article = make_article(
        tags=[make_tag() for _ in range(tags)],
        featured_image=make_upload(),
        featured_image_alt="A",
        body="<h2>One</h2><p>a</p><h2>Two</h2><h2>Three</h2>"
        + "".join(faq_block() for _ in range(faqs)),
    )
    client.get(article.get_absolute_url())  # settings rows are created on first use
    with django_assert_num_queries(ARTICLE_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("others", [0, 2, 30])
def test_the_article_end_costs_the_same_whatever_the_number_of_articles(
    client, site_settings, django_assert_num_queries, others
) -> None:
    category = make_category()
    article = make_article(category=category)
    for _ in range(others):
        make_article(category=category)
    client.get(article.get_absolute_url())
    with django_assert_num_queries(ARTICLE_QUERIES):
        response = client.get(article.get_absolute_url())
    # the oldest article: the first other is its "next", the rest fill "more in category"
    assert len(response.context["neighbours"].more_in_category) == min(max(others - 1, 0), 3)
