"""The article body: sanitize what editors write, then shape it for readers.

Pure functions of their input, so every rule is easy to test:

* :func:`sanitize` keeps only the markup the editor can produce (nh3 against an explicit
  allowlist); it runs on every save, so even a hostile editor account cannot plant script.
* :func:`render` turns sanitized HTML into what the article page shows: pull quotes as
  figures, stable heading ids, a table of contents, responsive body images.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.utils.text import slugify
from lxml import html as lxml_html
from lxml.etree import ParserError

#: What the prose editor can produce, and nothing more.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "strong",
        "em",
        "b",
        "i",
        "ul",
        "ol",
        "li",
        "a",
        "blockquote",
        "figure",
        "figcaption",
        "img",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Dashes that start a pull quote's attribution line ("— Name, role").
ATTRIBUTION_DASHES = ("—", "―", "–", "--")
#: Long articles (this many H2/H3 headings or more) get a table of contents.
MIN_TOC_HEADINGS = 3
WORDS_PER_MINUTE = 220
#: Ids the page around the body already uses; a heading never takes one of them.
RESERVED_IDS = frozenset({"main", "contents", "faq", "comments", "article-body"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes; an empty editor becomes ""."""
    cleaned = _cleaner.clean(html or "").strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


@dataclass(frozen=True)
class Heading:
    """One H2/H3 of the body, as the table of contents lists it."""

    level: int
    text: str
    id: str
    children: list["Heading"] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "text": self.text,
            "id": self.id,
            "children": [child.as_dict() for child in self.children],
        }


@dataclass(frozen=True)
class Rendered:
    """The reader's version of a body: HTML, the table of contents and the word count."""

    html: str
    toc: list[dict[str, Any]]
    word_count: int

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


def render(
    html: str,
    *,
    picture_for: Callable[[str, str], str | None] | None = None,
    media_url: str = "/media/",
) -> Rendered:
    """Sanitize ``html`` and shape it for the article page.

    ``picture_for(src, alt)`` may return ``<picture>`` markup for a body image the site
    knows (an uploaded one with renditions); other images keep their ``<img>``. Images from
    elsewhere than ``media_url`` are dropped: the CSP would block them anyway.
    """
    cleaned = sanitize(html)
    if not cleaned:
        return Rendered(html="", toc=[], word_count=0)
    root = _parse(cleaned)
    _shape_pull_quotes(root)
    headings = _anchor_headings(root)
    _shape_images(root, picture_for=picture_for, media_url=media_url)
    word_count = len(root.text_content().split())
    toc = _nest(headings) if len(headings) >= MIN_TOC_HEADINGS else []
    return Rendered(
        html=_serialize(root),
        toc=[heading.as_dict() for heading in toc],
        word_count=word_count,
    )


def images_without_alt(html: str) -> int:
    """How many ``<img>`` in ``html`` lack alt text (editors must describe every image)."""
    cleaned = sanitize(html)
    if not cleaned:
        return 0
    return sum(1 for img in _parse(cleaned).iter("img") if not (img.get("alt") or "").strip())


def heading_id(text: str, taken: set[str]) -> str:
    """A stable anchor for a heading: its slugified text, numbered when already taken."""
    base = slugify(text)[:60].strip("-") or "section"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _parse(html: str) -> Any:
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div")
    except ParserError:
        return lxml_html.fragment_fromstring("<p></p>", create_parent="div")


def _serialize(root: Any) -> str:
    out = root.text or ""
    for child in root:
        out += lxml_html.tostring(child, encoding="unicode")
    return out.strip()


def _shape_pull_quotes(root: Any) -> None:
    """A blockquote ending in "— Name, role" becomes a figure captioned "says Name, role"."""
    for quote in list(root.iter("blockquote")):
        paragraphs = [child for child in quote if child.tag == "p"]
        if len(paragraphs) < 2 or quote[-1] is not paragraphs[-1]:
            continue
        last = paragraphs[-1]
        text = " ".join(last.text_content().split())
        dash = next((d for d in ATTRIBUTION_DASHES if text.startswith(d)), None)
        if dash is None:
            continue
        attribution = text[len(dash) :].strip()
        if not attribution:
            continue
        name, _comma, role = attribution.partition(",")
        quote.remove(last)

        figure = lxml_html.Element("figure", {"class": "pull-quote"})
        quote.addprevious(figure)
        figure.tail, quote.tail = quote.tail, None
        figure.append(quote)
        caption = lxml_html.Element("figcaption")
        caption.text = "says "
        cite = lxml_html.Element("cite")
        cite.text = name.strip()
        caption.append(cite)
        if role.strip():
            cite.tail = f", {role.strip()}"
        figure.append(caption)


def _anchor_headings(root: Any) -> list[Heading]:
    taken: set[str] = set(RESERVED_IDS)
    headings = []
    for element in root.iter("h2", "h3"):
        text = " ".join(element.text_content().split())
        anchor = heading_id(text, taken)
        element.set("id", anchor)
        headings.append(Heading(level=int(element.tag[1]), text=text, id=anchor))
    return headings


def _nest(headings: list[Heading]) -> list[Heading]:
    """H3s go under the H2 before them; an H3 before any H2 stays at the top level."""
    top: list[Heading] = []
    for heading in headings:
        if heading.level == 3 and top and top[-1].level == 2:
            top[-1].children.append(heading)
        else:
            top.append(heading)
    return top


def _shape_images(
    root: Any,
    *,
    picture_for: Callable[[str, str], str | None] | None,
    media_url: str,
) -> None:
    for img in list(root.iter("img")):
        src = img.get("src") or ""
        if not src.startswith(media_url):
            img.drop_tree()
            continue
        alt = img.get("alt") or ""
        img.set("alt", alt)
        markup = picture_for(src, alt) if picture_for else None
        if markup:
            picture = lxml_html.fragment_fromstring(markup)
            picture.tail = img.tail
            img.getparent().replace(img, picture)
        else:
            img.set("loading", "lazy")
            img.set("decoding", "async")


def lookup(pictures: Mapping[str, Callable[[str], str]]) -> Callable[[str, str], str | None]:
    """Adapt a mapping of image URL -> ``render(alt)`` into a ``picture_for`` callback."""

    def picture_for(src: str, alt: str) -> str | None:
        make = pictures.get(src)
        return make(alt) if make else None

    return picture_for
