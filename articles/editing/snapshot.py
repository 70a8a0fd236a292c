"""An article as an editor sees it on its change page: its content, and that content as text.

``capture`` is the one serialisation of everything an editor can change on the article's page
(fields, body, tags, related links, body images, featured image, SEO fields), as JSON a
revision stores. ``describe`` turns such content into plain text per field, and ``changes``
compares two descriptions: the edit-conflict message ("what they changed since you opened it")
and the revision compare view read the same text, so they never disagree.
"""

import difflib
import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from articles import richtext
from articles.links.models import RelatedLink
from articles.models import Article, display_name

#: Bumped if the shape of captured content ever changes, so old revisions stay readable.
#: 3: no "faqs": FAQs are blocks of the body; 2 and 1 kept them as a list of questions and
#: answers (still read, see ``body_of``). 2: images are library images ({"id", "name"}); 1
#: stored file names (still read, see ``featured_image_name`` and
#: ``revisions._apply_featured_image``).
CONTENT_FORMAT = 3

#: Plain model fields captured as they are (strings and booleans).
PLAIN_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "featured_image_alt",
    "status",
    "is_featured",
    "seo_title",
    "meta_description",
    "comments_open",
)

#: Closing block tags become line breaks, so the body compares paragraph by paragraph.
_BLOCK_END = re.compile(
    r"</(p|h[1-6]|li|blockquote|figcaption|figure|summary)>|<br\s*/?>", re.IGNORECASE
)
_TAG = re.compile(r"<[^>]+>")
#: An FAQ block's question starts its own line, marked: an FAQ turned into paragraphs (or
#: back) shows in the compare, as its words alone would not.
_QUESTION_START = re.compile(r"<summary(\s[^>]*)?>", re.IGNORECASE)


def body_text(body: str) -> str:
    """The body's text, one paragraph (heading, list item, FAQ question) per line."""
    marked = _QUESTION_START.sub(lambda _match: "\n" + _("Question:") + " ", body)
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", marked)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def capture(article: Article) -> dict[str, Any]:
    """Everything an editor can change on the article's page, as JSON-ready data.

    Related rows are stored by id with the name an editor knows them by, so a revision reads
    the same after the tag, author or linked article is renamed or gone.
    """
    links = RelatedLink.objects.filter(source=article).select_related("target")
    return {
        "format": CONTENT_FORMAT,
        **{name: getattr(article, name) for name in PLAIN_FIELDS},
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "featured_image": (
            {"id": article.featured_image_id, "name": str(article.featured_image)}
            if article.featured_image_id
            else None
        ),
        "author": {"id": article.author_id, "name": display_name(article.author)},
        "category": {"id": article.category_id, "name": article.category.name},
        "tags": sorted(
            ({"id": tag.pk, "name": tag.name} for tag in article.tags.all()),
            key=lambda tag: tag["name"],
        ),
        # For reading only: the body itself names its images (their addresses), and a save
        # records them again.
        "images": [
            {"id": image.pk, "name": str(image), "alt": image.alt}
            for image in article.body_images.all()
        ],
        "related_links": [
            {
                "target": link.target_id,
                "target_title": link.target.title,
                "anchor_text": link.anchor_text,
                "placement": link.placement,
                "after_paragraph": link.after_paragraph,
                "position": link.position,
            }
            for link in links
        ],
    }


def _when(value: str | None) -> str:
    if not value:
        return ""
    return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "d M Y H:i")


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _link_text(link: dict[str, Any]) -> str:
    placement = str(RelatedLink.Placement(link["placement"]).label)
    paragraph = f" {link['after_paragraph']}" if link["after_paragraph"] else ""
    anchor = f", “{link['anchor_text']}”" if link["anchor_text"] else ""
    return f"{link['target_title']} ({placement}{paragraph}{anchor})"


def featured_image_name(content: dict[str, Any]) -> str:
    """How the featured image is named in captured content of either format ("" for none)."""
    featured = content.get("featured_image")
    if isinstance(featured, dict):
        return featured["name"]
    return content.get("featured_image_original_name") or featured or ""


def body_of(content: dict[str, Any]) -> str:
    """The body of captured content as readers get it, FAQ included.

    Content captured before FAQs became blocks of the body (formats 1 and 2) keeps them apart,
    under "faqs": they are appended the way the migration moved every article's FAQ into its
    body (``richtext.with_faqs``), so restoring or comparing an old revision loses none.
    """
    faqs = sorted(content.get("faqs") or [], key=lambda faq: faq.get("position", 0))
    return richtext.with_faqs(
        content.get("body", ""), [(faq["question"], faq["answer"]) for faq in faqs]
    )


#: A row of the FAQ inline in a change form posted before FAQs were blocks of the body.
_OLD_FAQ_FIELD = re.compile(r"faqs-(\d+)-(question|answer|position|DELETE)")


def form_with_faqs_in_body(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """A change form as posted (an autosave, a draft), with the old FAQ inline's rows moved
    to the end of its body as the migration moved every article's; other forms as they are.

    Rows marked for deletion and empty extra rows are no FAQ; the rest go in position order.
    """
    if not any(name.startswith("faqs-") for name in data):
        return data
    rows: dict[int, dict[str, str]] = {}
    for name, values in data.items():
        if match := _OLD_FAQ_FIELD.fullmatch(name):
            rows.setdefault(int(match[1]), {})[match[2]] = values[0] if values else ""
    kept = []
    for number, row in rows.items():
        question, answer = row.get("question", ""), row.get("answer", "")
        if row.get("DELETE") or not (question.strip() or answer.strip()):
            continue
        position = row.get("position", "").strip()
        kept.append((int(position) if position.isdecimal() else 0, number, question, answer))
    form = {name: values for name, values in data.items() if not name.startswith("faqs-")}
    body = (data.get("body") or [""])[0]
    form["body"] = [richtext.with_faqs(body, [(q, a) for _p, _n, q, a in sorted(kept)])]
    return form


def describe(content: dict[str, Any]) -> dict[str, str]:
    """Captured content as text, keyed by field name, in the page's order."""
    return {
        "title": content["title"],
        "slug": content["slug"],
        "summary": content["summary"],
        "body": body_text(body_of(content)),
        "featured_image": featured_image_name(content),
        "featured_image_alt": content["featured_image_alt"],
        "status": str(Article.Status(content["status"]).label),
        "published_at": _when(content["published_at"]),
        "is_featured": _yes_no(content["is_featured"]),
        "author": content["author"]["name"],
        "category": content["category"]["name"],
        "tags": ", ".join(tag["name"] for tag in content["tags"]),
        "seo_title": content["seo_title"],
        "meta_description": content["meta_description"],
        "comments_open": _yes_no(content["comments_open"]),
        "images": "\n".join(
            f"{image['alt']} ({image.get('name') or image.get('original_name') or image['image']})"
            for image in content["images"]
        ),
        "related_links": "\n".join(_link_text(link) for link in content["related_links"]),
    }


def snapshot(article: Article) -> dict[str, str]:
    """Every value an editor can change on the article's page, as text, keyed by field name."""
    return describe(capture(article))


def label(name: str) -> str:
    """What the change page calls a field or an inline."""
    inlines = {"related_links": _("Related links")}
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

    def condensed(self, context: int = 1) -> list[Line]:
        """The line diff with long unchanged runs cut to ``context`` lines each side ("gap")."""
        lines = self.lines
        keep = {
            i + offset
            for i, line in enumerate(lines)
            if line.op != "same"
            for offset in range(-context, context + 1)
        }
        shown: list[Line] = []
        for i, line in enumerate(lines):
            if i in keep:
                shown.append(line)
            elif not shown or shown[-1].op != "gap":
                shown.append(Line("gap", "…"))
        return shown

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
