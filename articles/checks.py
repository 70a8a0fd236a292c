"""Checks before publishing: accessibility, readability, search results and links.

Each rule reads the article as the editor has it (saved, or as typed in the form) and says what
it found in plain words. The accessibility rules flag only what is certainly wrong (an image
without a description, a heading level skipped, a link nobody can tell apart), never a matter of
taste, so a clean article shows nothing: stricter about false positives than Yoast.
Serious problems ask the editor to confirm before publishing; warnings are listed only.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import richtext
from articles.links.index import articles_by_slug, extract_body_links
from articles.models import Article, is_public
from byline.validators import whole_number

#: Search engines show about this many characters of a title and a description (Google cuts
#: by pixel width, about 600 px: 60 characters of average text).
TITLE_MAX = 60
DESCRIPTION_MAX = 160
DESCRIPTION_MIN = 50
#: The article's fields the checks read as text.
TEXT_FIELDS = ("title", "seo_title", "summary", "meta_description", "body", "slug")
#: Below this many words a readability score says nothing.
LIX_MIN_WORDS = 100
#: LIX above this reads as hard as a legal text.
LIX_HARD = 55

#: Link texts that say nothing about where the link goes (compared lower-case, unpunctuated).
VAGUE_LINK_TEXTS = frozenset(
    {
        "click here",
        "click",
        "here",
        "this",
        "this link",
        "link",
        "read more",
        "more",
        "learn more",
        "find out more",
        "more info",
        "go",
        "see here",
        "this page",
    }
)
_FILE_NAME = re.compile(
    r"^(?:[\w.\- ]+\.(?:jpe?g|png|gif|webp|avif|svg|heic|tiff?)"
    r"|(?:img|dsc|dscn|pxl|photo)[_\- ]?\d+)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;…]+(?=\s|$)|\s[—–]\s")


#: Spots in the change form that are no single field: the related links' inline.
FORM_ANCHORS = {"related": "related_links-group"}


class Severity(StrEnum):
    SERIOUS = "serious"  # asks for confirmation before publishing
    WARNING = "warning"  # listed, publishing goes ahead


@dataclass(frozen=True)
class Problem:
    """One thing a check found: which rule, how bad, what to do, and where (a form field id)."""

    rule: str
    severity: Severity
    message: str
    field: str = "body"

    @property
    def serious(self) -> bool:
        return self.severity == Severity.SERIOUS

    @property
    def anchor(self) -> str:
        """The id of the spot in the change form ("Go there")."""
        return FORM_ANCHORS.get(self.field, f"id_{self.field}")


@dataclass(frozen=True)
class Readability:
    """The LIX score of a text and what it means for a reader."""

    score: int | None
    words: int

    @property
    def verdict(self) -> str:
        if self.score is None:
            return str(_("Too short to score."))
        for limit, label in (
            (25, _("very easy: a children's book")),
            (35, _("easy: popular fiction")),
            (45, _("medium: a newspaper")),
            (LIX_HARD, _("hard: a textbook")),
        ):
            if self.score < limit:
                return str(label)
        return str(_("very hard: a legal or academic text"))


@dataclass(frozen=True)
class SearchPreview:
    """The article as a search result: the title, the address and the description shown."""

    title: str
    path: str
    description: str

    @property
    def title_shown(self) -> str:
        return _cut(self.title, TITLE_MAX)

    @property
    def description_shown(self) -> str:
        return _cut(self.description, DESCRIPTION_MAX)


def _article_path(slug: str) -> str:
    """The address a slug gives, or "" while what is typed is no slug yet."""
    try:
        return reverse("articles:detail", args=[slug]) if slug else ""
    except NoReverseMatch:
        return ""


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis, as results show."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


@dataclass
class Report:
    """Every problem found, by group, with the readability score and the search preview."""

    problems: list[Problem] = field(default_factory=list)
    readability: Readability = field(default_factory=lambda: Readability(None, 0))
    words: int = 0
    reading_minutes: int = 1
    preview: SearchPreview | None = None

    @property
    def serious(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.serious]

    def by_group(self) -> list[tuple[str, list[Problem]]]:
        groups = [
            ("accessibility", _("Accessibility")),
            ("readability", _("Readability")),
            ("seo", _("Title and description")),
            ("links", _("Links")),
        ]
        return [
            (str(label), [p for p in self.problems if p.rule.split(".")[0] == key])
            for key, label in groups
        ]


def lix(text: str) -> Readability:
    """LIX: words per sentence plus the share of words over six letters, in percent.

    It needs no dictionary or syllable rules, so it reads any language written with spaces.
    """
    words = _WORD.findall(richtext.without_inner_marks(text))
    if len(words) < LIX_MIN_WORDS:
        return Readability(None, len(words))
    sentences = max(1, len(_SENTENCE_END.findall(text)))
    long_words = sum(1 for word in words if len(word) > 6)
    score = len(words) / sentences + 100 * long_words / len(words)
    return Readability(round(score), len(words))


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def accessibility(outline: richtext.Outline) -> list[Problem]:
    """Images without a description, skipped or empty headings, links without a clear name."""
    found: list[Problem] = []
    missing = sum(1 for _src, alt in outline.images if not alt)
    if missing:
        found.append(
            Problem(
                "accessibility.alt_missing",
                Severity.SERIOUS,
                ngettext(
                    "An image has no alt text: describe it for readers who cannot see it.",
                    "%(count)d images have no alt text: describe each for readers who cannot "
                    "see them.",
                    missing,
                )
                % {"count": missing},
            )
        )
    for _src, alt in outline.images:
        if alt and _FILE_NAME.match(alt):
            found.append(
                Problem(
                    "accessibility.alt_file_name",
                    Severity.SERIOUS,
                    _("The alt text “%(alt)s” is a file name: say what the image shows.")
                    % {"alt": alt},
                )
            )
    previous = 1  # the article's title is the page's one H1
    for level, text in outline.headings:
        if not text:
            found.append(
                Problem(
                    "accessibility.heading_empty",
                    Severity.SERIOUS,
                    _("A heading is empty: give it words or turn it back into a paragraph."),
                )
            )
        elif level > previous + 1:
            found.append(
                Problem(
                    "accessibility.heading_skipped",
                    Severity.SERIOUS,
                    _(
                        "The heading “%(text)s” skips a level (H%(from)d to H%(to)d): screen "
                        "reader users navigate by levels. Make it H%(fix)d."
                    )
                    % {"text": text, "from": previous, "to": level, "fix": previous + 1},
                )
            )
        if text:
            previous = level
    for href, name in outline.links:
        if not name:
            found.append(
                Problem(
                    "accessibility.link_empty",
                    Severity.SERIOUS,
                    _("A link to %(href)s has no text: readers cannot tell where it goes.")
                    % {"href": href},
                )
            )
        elif _normalised(name) in VAGUE_LINK_TEXTS:
            found.append(
                Problem(
                    "accessibility.link_vague",
                    Severity.SERIOUS,
                    _(
                        "The link text “%(text)s” does not say where it goes: use words that "
                        "name the page (screen readers list links on their own)."
                    )
                    % {"text": name},
                )
            )
    for text in outline.bold_paragraphs:
        # Only a short bold line with no closing punctuation that reads like a title: a bold
        # sentence is emphasis, not a heading.
        if len(text) <= 60 and not text.endswith((".", "!", "?", ":", "…", ",", ";")):
            found.append(
                Problem(
                    "accessibility.bold_heading",
                    Severity.WARNING,
                    _(
                        "“%(text)s” looks like a heading made of bold text: use the heading "
                        "style, so it appears in the contents and screen readers find it."
                    )
                    % {"text": text},
                )
            )
    return found


def readability(score: Readability) -> list[Problem]:
    """A warning when the text reads as hard as a legal text."""
    if score.score is None or score.score <= LIX_HARD:
        return []
    return [
        Problem(
            "readability.hard",
            Severity.WARNING,
            _(
                "Readability: LIX %(score)d, %(verdict)s. Shorter sentences and shorter words "
                "help: aim for under %(limit)d."
            )
            % {"score": score.score, "verdict": score.verdict, "limit": LIX_HARD},
        )
    ]


def search_result(
    *,
    title: str,
    seo_title: str,
    summary: str,
    meta_description: str,
    has_featured_image: bool = True,
) -> list[Problem]:
    """Title, description and picture as search results and link previews show them."""
    found: list[Problem] = []
    if not has_featured_image:
        found.append(
            Problem(
                "seo.image_missing",
                Severity.WARNING,
                _(
                    "There is no featured image: lists show no picture, and link previews on "
                    "social media show the site's logo instead."
                ),
                "featured_image",
            )
        )
    if not summary.strip() and meta_description.strip():
        found.append(
            Problem(
                "seo.summary_missing",
                Severity.WARNING,
                _(
                    "There is no summary: lists and feeds show nothing under the title (the SEO "
                    "description is for search engines only)."
                ),
                "summary",
            )
        )
    shown_title = (seo_title or title).strip()
    field_name = "seo_title" if seo_title.strip() else "title"
    if len(shown_title) > TITLE_MAX:
        found.append(
            Problem(
                "seo.title_long",
                Severity.WARNING,
                _(
                    "The title is %(length)d characters: search results cut it after about "
                    "%(max)d. Shorten it, or write a shorter SEO title."
                )
                % {"length": len(shown_title), "max": TITLE_MAX},
                field_name,
            )
        )
    description = (meta_description or summary).strip()
    field_name = "meta_description" if meta_description.strip() else "summary"
    if not description:
        found.append(
            Problem(
                "seo.description_missing",
                Severity.WARNING,
                _(
                    "There is no summary: lists and feeds show nothing under the title, and "
                    "search engines pick any sentence of the text."
                ),
                "summary",
            )
        )
    elif len(description) > DESCRIPTION_MAX:
        found.append(
            Problem(
                "seo.description_long",
                Severity.WARNING,
                _(
                    "The description is %(length)d characters: search results cut it after "
                    "about %(max)d."
                )
                % {"length": len(description), "max": DESCRIPTION_MAX},
                field_name,
            )
        )
    elif len(description) < DESCRIPTION_MIN:
        found.append(
            Problem(
                "seo.description_short",
                Severity.WARNING,
                _(
                    "The description is %(length)d characters: a sentence or two (%(min)d to "
                    "%(max)d) tells searchers what they will find."
                )
                % {"length": len(description), "min": DESCRIPTION_MIN, "max": DESCRIPTION_MAX},
                field_name,
            )
        )
    return found


def unpublished_links(body: str, *, article: Article | None) -> list[Problem]:
    """Body links to our articles that readers cannot open (a draft, scheduled, in the trash)."""
    base_path = article.get_absolute_url() if article and article.slug else "/"
    found_links = extract_body_links(body, base_path=base_path)
    targets = articles_by_slug(
        {slug for _href, slug, _text, chosen in found_links if slug and chosen is None}
    )
    # A link chosen by title names its article by id (data-article), whatever its address.
    ids = {chosen for _href, _slug, _text, chosen in found_links if chosen is not None}
    by_id = Article.objects.in_bulk(ids) if ids else {}
    found: list[Problem] = []
    for href, slug, text, chosen in found_links:
        target = by_id.get(chosen) if chosen is not None else targets.get(slug)
        if article is not None and target is not None and target.pk == article.pk:
            continue
        if target is None:
            message = _("The link “%(text)s” goes to %(href)s, which is no article of this site.")
        elif target.deleted_at is not None:
            message = _("The link “%(text)s” goes to “%(title)s”, which is in the trash.")
        elif not target.is_live:
            message = _(
                "The link “%(text)s” goes to “%(title)s”, which is not published: readers will "
                "see plain text until it is."
            )
        else:
            continue
        found.append(
            Problem(
                "links.unpublished",
                Severity.SERIOUS,
                message % {"text": text, "href": href, "title": target.title if target else ""},
            )
        )
    return found


def unpublished_related_links(
    target_ids: Iterable[int], *, article: Article | None
) -> list[Problem]:
    """Curated related links to articles readers cannot open: the page leaves them out."""
    targets = Article.objects.filter(pk__in=set(target_ids)).only(
        "pk", "title", "status", "published_at", "deleted_at"
    )
    found: list[Problem] = []
    for target in sorted(targets, key=lambda target: target.title):
        if article is not None and target.pk == article.pk:
            continue
        if target.deleted_at is not None:
            # It never comes back by itself: readers will not see this link.
            severity = Severity.SERIOUS
            message = _("The related link to “%(title)s” goes to an article in the trash.")
        elif not target.is_live:
            # It shows by itself once that article goes live: worth knowing, not blocking.
            severity = Severity.WARNING
            message = _(
                "The related link to “%(title)s” goes to an article that is not published: "
                "readers will not see the link until it is."
            )
        else:
            continue
        found.append(
            Problem(
                "links.related_unpublished", severity, message % {"title": target.title}, "related"
            )
        )
    return found


def check(
    *,
    title: str,
    seo_title: str = "",
    summary: str = "",
    meta_description: str = "",
    body: str = "",
    slug: str = "",
    has_featured_image: bool = True,
    related_target_ids: Iterable[int] = (),
    article: Article | None = None,
) -> Report:
    """Every check on the values given (an article's saved fields, or a form's)."""
    outline = richtext.outline(body)
    score = lix(outline.text)
    words = richtext.count_words(outline.text)
    problems = [
        *accessibility(outline),
        *readability(score),
        *search_result(
            title=title,
            seo_title=seo_title,
            summary=summary,
            meta_description=meta_description,
            has_featured_image=has_featured_image,
        ),
        *unpublished_links(body, article=article),
        *unpublished_related_links(related_target_ids, article=article),
    ]
    return Report(
        problems=problems,
        readability=score,
        words=words,
        reading_minutes=max(1, -(-words // richtext.WORDS_PER_MINUTE)),
        preview=SearchPreview(
            title=(seo_title or title).strip(),
            path=_article_path(slug),
            description=(meta_description or summary).strip(),
        ),
    )


def check_article(article: Article) -> Report:
    """The checks on an article as saved."""
    return check(**fields_of(article), article=article)


#: A related link's target as the change form posts it (the inline's rows).
_RELATED_TARGET = re.compile(r"^related_links-(\d+)-target$")


def fields_of(source: Any) -> dict[str, Any]:
    """The checked values of an article, or of a form's data (posted or cleaned, a dict)."""
    if not isinstance(source, dict):
        return {
            **{name: getattr(source, name, "") or "" for name in TEXT_FIELDS},
            "has_featured_image": bool(source.featured_image_id),
            "related_target_ids": (
                list(source.related_links.values_list("target_id", flat=True)) if source.pk else []
            ),
        }
    return {
        **{name: source.get(name, "") or "" for name in TEXT_FIELDS},
        "has_featured_image": bool(source.get("featured_image")),
        "related_target_ids": [
            target
            for key, value in source.items()
            if (row := _RELATED_TARGET.match(key))
            and (target := whole_number(value)) is not None
            and not source.get(f"related_links-{row[1]}-DELETE")
        ],
    }


def needs_confirmation(form_values: dict[str, Any], *, article: Article | None) -> Report | None:
    """The report to confirm before this save makes the article public, or None.

    Publishing (or scheduling) with serious problems asks; so does a save of a live article that
    brings new serious problems. A live article's old problems do not ask again on every save.
    """
    if form_values.get("status") not in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        return None
    report = check(**fields_of(form_values), article=article)
    if not report.serious:
        return None
    if article is not None and article.pk and is_public(article.status, article.published_at):
        known = {problem.message for problem in check_article(article).serious}
        if all(problem.message in known for problem in report.serious):
            return None
    return report
