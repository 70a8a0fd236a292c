import pytest
from django.db import IntegrityError, transaction

from articles.links.models import RelatedLink
from tests.factories import make_article, make_related_link

pytestmark = pytest.mark.django_db


def test_database_refuses_a_link_to_itself() -> None:
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_related_link(source=article, target=article)


def test_database_refuses_the_same_target_twice() -> None:
    source, target = make_article(), make_article()
    make_related_link(source=source, target=target)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_related_link(source=source, target=target, anchor_text="again")


@pytest.mark.parametrize(
    ("placement", "after_paragraph"),
    [(RelatedLink.Placement.INLINE, None), (RelatedLink.Placement.END, 2)],
)
def test_database_refuses_a_paragraph_that_does_not_fit_the_placement(
    placement: str, after_paragraph: int | None
) -> None:
    source, target = make_article(), make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_related_link(
            source=source, target=target, placement=placement, after_paragraph=after_paragraph
        )
