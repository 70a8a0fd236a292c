"""Validators shared by every app's plain-text fields."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (and DEL), which no one types on purpose: pasted from a PDF or
# a terminal they garble pages, feeds and emails (a CR/LF in a title broke the mail headers).
_MULTILINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# On one line, line breaks and tabs too, with the Unicode separators mail and JSON split on.
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x85\u2028\u2029")


@deconstructible
class PlainTextValidator:
    """Refuse control characters in text people type; one-line fields refuse line breaks too."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        pattern = _MULTILINE_FORBIDDEN if self.multiline else _SINGLE_LINE_FORBIDDEN
        match = pattern.search(str(value))
        if match is None:
            return
        character = match.group()
        if character in _LINE_BREAKS:
            raise ValidationError(
                _("Please keep this on one line: it contains a line break."),
                code="line_break",
            )
        raise ValidationError(
            _(
                "Please remove the invisible control character %(character)s (position "
                "%(position)s): it cannot be shown or sent."
            ),
            code="control_character",
            params={"character": f"U+{ord(character):04X}", "position": match.start() + 1},
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((PlainTextValidator, self.multiline))


single_line = PlainTextValidator()
multiline = PlainTextValidator(multiline=True)


def whole_number(value: object) -> int | None:
    """``value`` as a number a database key holds, or None (typed addresses say anything).

    ASCII digits only: "²".isdigit() is true and int() refuses it; and at most 18 of them, so
    a lookup never overflows the database's 64-bit integers.
    """
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
