"""Comment text: what readers type is plain text, turned into safe HTML once, when it is saved."""

import re

from django.utils.html import Urlizer
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines


class _CommentUrlizer(Urlizer):
    """Django's urlize with the rel a user-generated link needs, and no mailto links."""

    url_template = '<a href="{href}" rel="nofollow ugc noopener">{url}</a>'

    def is_email_simple(self, value: str) -> bool:
        return False  # never turn an address in a comment into a harvestable mailto link


_urlize = _CommentUrlizer()
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def render_text(text: str) -> SafeString:
    """Plain text to HTML: paragraphs and line breaks kept, URLs linked, everything escaped."""
    text = normalize_newlines(str(text)).strip()
    paragraphs = [para for para in _PARAGRAPH_BREAK.split(text) if para.strip()]
    html = "".join(
        "<p>{}</p>".format(
            _urlize(para, trim_url_limit=60, autoescape=True).replace("\n", "<br>\n")
        )
        for para in paragraphs
    )
    return mark_safe(html)  # every piece was escaped by the urlizer
