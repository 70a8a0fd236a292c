"""The comment form's markup: written directly, the same as Django's widget templates."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert(1)</script>&amp;'


def _both(form: CommentForm) -> list[tuple[str, str]]:
    """Every field as the form's renderer writes it and as Django's templates do."""
    pairs = []
    for name in form.fields:
        field = form[name]
        written = str(field)
        form.renderer = DjangoTemplates()
        pairs.append((written, str(field)))
        form.renderer = CommentForm.default_renderer
    return pairs


def test_an_empty_form_has_exactly_djangos_markup() -> None:
    form = CommentForm(article=make_article(), initial={"author_name": HOSTILE})
    for written, django in _both(form):
        assert written == django
    assert 'value="&quot;&gt;&lt;script&gt;' in str(form["author_name"])


def test_a_refused_form_keeps_the_readers_values_escaped_and_marks_the_fields() -> None:
    article = make_article()
    form = CommentForm(
        data={
            "text": "</textarea>" + HOSTILE,
            "author_name": "",
            "author_email": "not an email",
            "author_url": mark_safe(HOSTILE),  # a safe string: the templates leave it as it is
            "remember": "on",
            "notify_replies": "",
            "homepage": "",
            "parent": "12",
            "token": "x",
        },
        article=article,
    )
    assert not form.is_valid()
    for written, django in _both(form):
        assert written == django
    text = str(form["text"])
    assert "&lt;/textarea&gt;&quot;&gt;&lt;script&gt;" in text
    assert 'aria-invalid="true"' in str(form["author_email"])
    assert " checked" in str(form["remember"])
