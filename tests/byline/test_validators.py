"""Plain-text fields refuse control characters, and one-line fields refuse line breaks."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Category
from byline.validators import multiline, single_line, whole_number


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Energy\r\nBcc: x@spam.example", "line_break"),
        ("Energy\nbills", "line_break"),
        ("Energy\u2028bills", "line_break"),
        ("Energy\x85bills", "line_break"),
        ("Energy\tbills", "control_character"),
        ("Energy\x07bills", "control_character"),
        ("Energy\x1b[31mbills", "control_character"),
        ("Energy\x9bbills", "control_character"),
    ],
)
def test_a_one_line_field_refuses_line_breaks_and_control_characters(value, code) -> None:
    with pytest.raises(ValidationError) as refused:
        single_line(value)
    assert refused.value.code == code


def test_the_message_names_the_character_and_where_it_is() -> None:
    with pytest.raises(ValidationError) as refused:
        single_line("Bell\x07")
    assert "U+0007 (position 5)" in refused.value.messages[0]


def test_a_multi_line_field_keeps_lines_and_tabs_but_refuses_other_control_characters() -> None:
    multiline("First line\r\nSecond\tline\n")
    for character in "\x00\x08\x0b\x0c\x1b\x7f\x9f":
        with pytest.raises(ValidationError):
            multiline(f"Text{character}")


def test_ordinary_text_in_any_script_passes() -> None:
    for text in ["Ça va ? – “Oui”", "東京の天気", "مرحبا", "Emoji 🎉 fine", ""]:
        single_line(text)
        multiline(text)


@pytest.mark.django_db
def test_the_admin_refuses_a_line_break_in_a_name_and_keeps_what_was_typed(editor_client) -> None:
    response = editor_client.post(
        reverse("admin:articles_category_add"), {"name": "News\r\nBcc", "slug": "news"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please keep this on one line" in html
    assert 'value="news"' in html
    assert not Category.objects.exists()


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("42", 42),
        ("007", 7),
        ("²", None),
        ("١٢", None),
        ("-1", None),
        ("1e3", None),
        ("", None),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        (None, None),
    ],
)
def test_a_whole_number_is_ascii_digits_a_database_key_holds(typed, number) -> None:
    assert whole_number(typed) == number
