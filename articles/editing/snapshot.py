"""An article as an editor sees it on its change page, as plain text per field.

Used to tell an editor what someone else changed since they opened the form: the form carries
the snapshot it was opened with, and a refused save compares it with the article as it is now.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles.links.models import RelatedLink
from articles.models import Article, display_name

#: Closing block tags become line breaks, so the body compares paragraph by paragraph.
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|figure)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def body_text(body: str) -> str:
    """The body's text, one paragraph (heading, list item) per line."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", body)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _when(value: object) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "d M Y H:i")


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def snapshot(article: Article) -> dict[str, str]:
    """Every value an editor can change on the article's page, as text, keyed by field name."""
    links = RelatedLink.objects.filter(source=article).select_related("target")
    return {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": body_text(article.body),
        "featured_image": article.featured_image_original_name or article.featured_image.name,
        "featured_image_alt": article.featured_image_alt,
        "status": str(article.get_status_display()),
        "published_at": _when(article.published_at),
        "is_featured": _yes_no(article.is_featured),
        "author": display_name(article.author),
        "category": article.category.name,
        "tags": ", ".join(sorted(tag.name for tag in article.tags.all())),
        "seo_title": article.seo_title,
        "meta_description": article.meta_description,
        "comments_open": _yes_no(article.comments_open),
        "faqs": "\n".join(f"{faq.question} — {faq.answer}" for faq in article.faqs.all()),
        "images": "\n".join(
            f"{image.alt} ({image.original_name or image.image.name})"
            for image in article.images.all()
        ),
        "related_links": "\n".join(
            f"{link.target.title} ({link.get_placement_display()}"
            + (f" {link.after_paragraph}" if link.after_paragraph else "")
            + (f", “{link.anchor_text}”" if link.anchor_text else "")
            + ")"
            for link in links
        ),
    }


def label(name: str) -> str:
    """What the change page calls a field or an inline."""
    inlines = {
        "faqs": _("Frequently asked questions"),
        "images": _("Body images"),
        "related_links": _("Related links"),
    }
    if name in inlines:
        return inlines[name]
    return str(Article._meta.get_field(name).verbose_name).capitalize()


@dataclass(frozen=True)
class Line:
    """One line of a diff: ``op`` is "same", "removed" or "added"."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed: its label and what it said before and after."""

    name: str
    label: str
    before: str
    after: str

    @property
    def lines(self) -> list[Line]:
        """A line diff from before to after (the body and the inlines are many lines)."""
        before, after = self.before.splitlines(), self.after.splitlines()
        lines: list[Line] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                lines += [Line("same", text) for text in before[a1:a2]]
                continue
            lines += [Line("removed", text) for text in before[a1:a2]]
            lines += [Line("added", text) for text in after[b1:b2]]
        return lines

    @property
    def is_multiline(self) -> bool:
        return "\n" in self.before or "\n" in self.after or self.name == "body"


def changes(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    """The fields whose text differs between two snapshots, in the page's order."""
    return [
        FieldChange(name, label(name), before.get(name, ""), value)
        for name, value in after.items()
        if before.get(name, "") != value
    ]
