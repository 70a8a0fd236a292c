"""Places where other apps add to the article pages and lists, without articles knowing them.

Dependencies run one way: an app that builds on articles (comments) fills these places from
its ``AppConfig.ready()``; articles only renders what was added. The article templates say
``{% slot "article_end" %}`` and the lists' query takes the added annotations, so a feature
like the comment count stays in the list's one query.
"""

from collections.abc import Callable

from django.db.models import Expression

#: Slots the article templates offer: the end of the article page (after the article), and
#: the meta line of an article card in every list.
SLOTS = ("article_end", "card_meta")

_templates: dict[str, list[str]] = {name: [] for name in SLOTS}
_listing_annotations: dict[str, Callable[[], Expression]] = {}


def add_template(slot: str, template_name: str) -> None:
    """Render ``template_name`` (with the page's context) at ``slot``; adding twice is a no-op."""
    if template_name not in _templates[slot]:
        _templates[slot].append(template_name)


def templates_for(slot: str) -> list[str]:
    """The templates added at ``slot``, in the order they were added."""
    return _templates[slot]


def add_listing_annotation(name: str, expression: Callable[[], Expression]) -> None:
    """Annotate every public list of articles with ``name`` (built fresh for each query)."""
    _listing_annotations[name] = expression


def listing_annotations() -> dict[str, Expression]:
    """The annotations added for the public lists, ready for ``QuerySet.annotate()``."""
    return {name: build() for name, build in _listing_annotations.items()}
