"""The article body: sanitize what editors write, then shape it for readers.

Pure functions of their input, so every rule is easy to test:

* :func:`sanitize` keeps only the markup the editor can produce; it runs on every save, so
  even a hostile editor account cannot plant script.
* :func:`render` turns sanitized HTML into what the article page shows: pull quotes as
  captioned figures, stable heading ids, a table of contents, responsive body images.

A pull quote is stored as the editor's pull quote block writes it (:data:`PULL_QUOTE_CLASS`)::

    <figure class="pull-quote"><blockquote><p>Quote</p></blockquote>
    <figcaption><cite>Name</cite>, role</figcaption></figure>

and bodies written before that block keep their convention: a blockquote whose last paragraph
starts with a dash ("— Name, role"). Both reach readers as the same figure.

A question and its answer (the editor's FAQ block, :data:`FAQ_CLASS`) is a top-level
``<details>``, rendered in place (readers open it) and listed in the page's FAQPage JSON-LD::

    <details class="faq"><summary>Question</summary><p>Answer</p><ul><li>…</li></ul></details>

Both end in :func:`_serialize`, which writes HTML from the parsed tree and nothing else: only
allowlisted elements and attributes, every text and attribute value escaped, only allowed URL
schemes, and elements nested the way an HTML parser reads them back (so sanitizing twice
changes nothing). Whatever the input or a later rendering step did to the tree, the output
cannot hold markup outside the allowlist.
"""

import functools
import math
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import nh3
from django.utils.text import slugify
from lxml import etree
from lxml import html as lxml_html
from lxml.etree import ParserError

#: The attribute an internal link carries: the id of the article it was chosen for.
ARTICLE_ATTRIBUTE = "data-article"
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
        "cite",
        "img",
        "details",
        "summary",
    }
)
ALLOWED_ATTRIBUTES = {
    # data-article: a link chosen by title names its article by id (digits only, see
    # _NUMBER_ATTRIBUTES), so the page can follow a rename (see articles/links/rendering.py).
    "a": {"href", "title", ARTICLE_ATTRIBUTE},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    # Only ever "pull-quote", on a figure shaped like one (see _keep_pull_quotes).
    "figure": {"class"},
    # Only ever "faq", on a top-level details shaped like one (see _keep_faqs); never "open".
    "details": {"class"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: What :func:`render` may add to a sanitized body (pull quotes, heading ids, pictures).
RENDERED_TAGS = ALLOWED_TAGS | {"cite", "picture", "source"}
RENDERED_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "img": ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes", "loading", "decoding"},
    "source": {"type", "srcset", "sizes"},
    "h2": {"id"},
    "h3": {"id"},
}
#: Elements whose content a browser reads as raw text, or as markup that is never shown:
#: they go with everything inside them (their "text" is often markup in disguise).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "textarea",
        "title",
        "template",
        "plaintext",
    }
)
#: The class of the pull quote block's figure, the one class a body may hold.
PULL_QUOTE_CLASS = "pull-quote"
#: The class of the FAQ block's details, the one class a details may hold.
FAQ_CLASS = "faq"
#: The blocks an FAQ's answer is made of.
FAQ_ANSWER_TAGS = frozenset({"p", "ul", "ol"})
#: What an FAQ's question may hold besides text: a link or a line break inside a summary
#: would be a trap (clicking it opens or closes the answer).
FAQ_QUESTION_TAGS = frozenset({"strong", "em", "b", "i"})
#: The heading the old FAQ section had; FAQs moved into a body go under it (see with_faqs).
FAQ_HEADING = "Frequently asked questions"
#: Dashes that start a pull quote's attribution line ("— Name, role").
ATTRIBUTION_DASHES = ("—", "―", "–", "--")
#: Long articles (this many H2/H3 headings or more) get a table of contents.
MIN_TOC_HEADINGS = 3
WORDS_PER_MINUTE = 220
#: Ids the page around the body already uses; a heading never takes one of them.
RESERVED_IDS = frozenset({"main", "contents", "faq", "comments", "article-body"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


_EMPTY_PARAGRAPHS = ("<p></p>", "<p><br></p>")


def sanitize(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes; an empty editor becomes ""."""
    # nh3 parses the input as a browser would (comments, raw text, foreign content, broken
    # markup) and drops most of what is not allowed; the tree serializer then decides alone
    # what reaches the output, so it does not matter what nh3's string looks like.
    cleaned = _cleaner.clean(_SURROGATES.sub("\ufffd", html or ""))
    if _too_deep(cleaned):
        # No editor nests hundreds of elements, and the tree parser would cut the rest off:
        # keep every word, as one paragraph of plain text.
        cleaned = f"<p>{_text_only.clean(cleaned)}</p>"
    result = _serialize(_parse(cleaned), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    pull_quotes = "<cite" in result or "<figure class" in result
    faqs = "<details" in result or "<summary" in result
    if pull_quotes or faqs:
        # Decided on the tree as written above (what any later parse reads back), so a second
        # sanitize finds the same pull quotes and FAQs and changes nothing.
        root = _parse(result)
        if pull_quotes:
            _keep_pull_quotes(root)
        if faqs:
            _keep_faqs(root)
        result = _serialize(root, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    return _without_trailing_empty_paragraphs(result)


def _without_trailing_empty_paragraphs(html: str) -> str:
    """Empty paragraphs at the end (the line the editor leaves after an inserted block, stray
    Enters) show readers nothing; an editor with nothing else in it becomes ""."""
    # Counted back from the end, then cut once: a regex anchored at "$" backtracked over every
    # run of empty paragraphs in the body (quadratic: 40,000 of them took 32 s).
    end = len(html)
    while found := next((p for p in _EMPTY_PARAGRAPHS if html.endswith(p, 0, end)), ""):
        end -= len(found)
    return html[:end]


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
    knows (a library image with renditions), or "" to drop one it no longer has; with None
    the image keeps its ``<img>``. Images from elsewhere than ``media_url`` are dropped: the
    CSP would block them anyway.
    """
    cleaned = sanitize(html)
    if not cleaned:
        return Rendered(html="", toc=[], word_count=0)
    root = _parse(cleaned)
    word_count = count_words(_plain_text_of(root))  # before captions gain their "says"
    _shape_pull_quotes(root)
    headings = _anchor_headings(root)
    _shape_images(root, picture_for=picture_for, media_url=media_url)
    toc = _nest(headings) if len(headings) >= MIN_TOC_HEADINGS else []
    return Rendered(
        html=_serialize(root, tags=RENDERED_TAGS, attributes=RENDERED_ATTRIBUTES),
        toc=[heading.as_dict() for heading in toc],
        word_count=word_count,
    )


def images_without_alt(html: str) -> int:
    """How many ``<img>`` in ``html`` lack alt text (editors must describe every image)."""
    cleaned = sanitize(html)
    if not cleaned:
        return 0
    return sum(1 for img in _parse(cleaned).iter("img") if not (img.get("alt") or "").strip())


def image_sources(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` in sanitized ``html``, in order."""
    root = _tree(html)
    return (
        [img.get("src") for img in root.iter("img") if img.get("src")] if root is not None else []
    )


def heading_id(text: str, taken: set[str]) -> str:
    """A stable anchor for a heading: its slugified text, numbered when already taken."""
    base = slugify(text)[:60].strip("-") or "section"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _parse(html: str) -> Any:
    """``html`` as a tree under a ``<div>`` (characters a tree cannot hold are left out)."""
    try:
        return lxml_html.fragment_fromstring(_text(html), create_parent="div")
    except (ParserError, AssertionError):
        # AssertionError: lxml's "too many bodies" on a lone "<html>" (a whole document's shell).
        return lxml_html.fragment_fromstring("<p></p>", create_parent="div")


def _blank(text: str | None) -> bool:
    return not (text or "").strip(_ASCII_WHITESPACE)


def _is_pull_quote(figure: Any) -> bool:
    """Whether ``figure`` is shaped exactly as the pull quote block writes it.

    A blockquote of paragraphs, then optionally a caption holding only ``<cite>Name</cite>``
    (plain text, not empty) and, after it, nothing or ", role".
    """
    children = list(figure)
    if not _blank(figure.text) or any(not _blank(child.tail) for child in children):
        return False
    if not children or len(children) > 2 or children[0].tag != "blockquote":
        return False
    quote = children[0]
    if not _blank(quote.text) or not len(quote):
        return False
    if any(p.tag != "p" or not _blank(p.tail) for p in quote):
        return False
    if len(children) == 1:
        return True
    caption = children[1]
    if caption.tag != "figcaption" or not _blank(caption.text) or len(caption) != 1:
        return False
    cite = caption[0]
    if cite.tag != "cite" or len(cite) or _blank(cite.text):
        return False
    role = cite.tail or ""
    return role == "" or (role.startswith(", ") and not _blank(role[2:]))


def _keep_pull_quotes(root: Any) -> None:
    """Keep the class and the ``<cite>`` of pull quote figures only; elsewhere they go.

    A figure shaped otherwise loses its class (it stays a figure) and a ``<cite>`` anywhere but
    a pull quote's caption is unwrapped (its words stay): the class and the caption's "says"
    belong to pull quotes alone.
    """
    kept = set()
    for figure in root.iter("figure"):
        if figure.get("class") == PULL_QUOTE_CLASS and _is_pull_quote(figure):
            if len(figure) == 2:
                kept.add(figure[1][0])
            continue
        figure.attrib.pop("class", None)
    for cite in list(root.iter("cite")):
        if cite not in kept:
            cite.drop_tag()


def _is_faq(details: Any) -> bool:
    """Whether ``details`` is an FAQ block exactly as the editor writes it.

    At the top level of the body, classed "faq": a ``<summary>`` holding the question (text,
    with emphasis only), then one or more answer blocks (paragraphs and lists) with some text.
    """
    parent = details.getparent()
    if parent is None or parent.getparent() is not None or details.get("class") != FAQ_CLASS:
        return False
    children = list(details)
    if not _blank(details.text) or any(not _blank(child.tail) for child in children):
        return False
    if len(children) < 2 or children[0].tag != "summary":
        return False
    question, answer = children[0], children[1:]
    if any(element.tag not in FAQ_QUESTION_TAGS for element in question.iterdescendants()):
        return False
    # Unicode whitespace (a no-break space) is no question and no answer either.
    if not question.text_content().strip():
        return False
    if any(block.tag not in FAQ_ANSWER_TAGS for block in answer):
        return False
    return any(block.text_content().strip() for block in answer)


def _keep_faqs(root: Any) -> None:
    """Keep FAQ blocks; every other details opens into ordinary blocks, its words all kept.

    A details not shaped like an FAQ (nested, not at the top level, another class, no question
    or no answer, other content) loses its ``<details>`` and its summary becomes a paragraph,
    as does a summary anywhere else: nothing outside an FAQ folds away or toggles.
    """
    # Decided on the whole tree first: unwrapping an outer details would bring a nested one to
    # the top level.
    kept = [details for details in root.iter("details") if _is_faq(details)]
    questions = {details[0] for details in kept}
    for details in root.iter("details"):
        if details not in kept:
            details.attrib.clear()
    for summary in root.iter("summary"):
        if summary not in questions:
            summary.attrib.clear()
            summary.tag = "p"
    for details in list(root.iter("details")):
        if details not in kept:
            details.drop_tag()


def _shape_pull_quotes(root: Any) -> None:
    """Pull quotes become figures captioned "says Name, role".

    A pull quote block gets its "says"; a blockquote ending in "— Name, role" (the convention
    before the block) becomes the same figure.
    """
    for figure in root.iter("figure"):
        if figure.get("class") == PULL_QUOTE_CLASS and len(figure) == 2:
            figure[1].text = "says "
    for quote in list(root.iter("blockquote")):
        parent = quote.getparent()
        if parent is not None and parent.get("class") == PULL_QUOTE_CLASS:
            continue
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
        if markup == "":
            img.drop_tree()  # a library image deleted since: better nothing than a broken one
            continue
        if markup:
            picture = lxml_html.fragment_fromstring(markup)
            picture.tail = img.tail
            img.getparent().replace(img, picture)
        else:
            img.set("loading", "lazy")
            img.set("decoding", "async")


# --- Writing HTML from the tree ------------------------------------------------------------------

_PHRASING = frozenset({"strong", "em", "b", "i", "cite", "a", "br", "img", "picture"})
# details and summary as blocks wherever blocks go, so that sanitize finds every one of them
# in place and decides (_keep_faqs): only an FAQ at the top level stays a details.
_FLOW = _PHRASING | {"p", "h2", "h3", "ul", "ol", "blockquote", "figure", "details", "summary"}
#: What each element may contain. An element anywhere else is unwrapped (its content stays,
#: read in the outer element's place): an HTML parser would move or close it, so writing it
#: there would give another tree on the next parse, and sanitizing twice would not agree.
_CONTENT: dict[str | None, frozenset[str]] = {
    None: _FLOW,  # the body itself
    "blockquote": _FLOW,
    "li": _FLOW,
    "figure": _FLOW | {"figcaption"},
    "details": _FLOW,
    "ul": frozenset({"li"}),
    "ol": frozenset({"li"}),
    "picture": frozenset({"source", "img"}),
    **dict.fromkeys(
        ["p", "h2", "h3", "figcaption", "summary", "strong", "em", "b", "i", "cite", "a"],
        _PHRASING,
    ),
}
_VOID = frozenset({"br", "img", "source"})
_URL_ATTRIBUTES = frozenset({"href", "src"})
_NUMBER_ATTRIBUTES = frozenset({"width", "height", "start", ARTICLE_ATTRIBUTE})
_MAX_DEPTH = 200
_ASCII_WHITESPACE = " \t\n\f\r"

# Characters no HTML or XML document may hold (C0 controls but tab and newline, lone
# surrogates, U+FFFE/U+FFFF); a carriage return is written as the newline a parser reads.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Browsers drop ASCII whitespace and controls anywhere in a URL's scheme ("java\tscript:").
_URL_IGNORED = re.compile("[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile("([^/?#]*):")
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
_text_only = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))


def _too_deep(html: str) -> bool:
    """Whether ``html`` nests elements deeper than the tree parser keeps (an over-estimate)."""
    depth = 0
    for match in _TAG.finditer(html):
        if match[2].lower() in _VOID:
            continue
        depth += -1 if match[1] else 1
        if depth > _MAX_DEPTH:
            return True
    return False


def _text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ")
    return _NOT_TEXT.sub("", value)


def _escape_text(value: str) -> str:
    return _text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    return _escape_text(value).replace('"', "&quot;")


def is_safe_url(url: str) -> bool:
    """Whether ``url`` is relative or uses an allowed scheme, read the way browsers read it."""
    scheme = _SCHEME.match(_URL_IGNORED.sub("", _text(url)))
    return scheme is None or scheme[1].lower() in URL_SCHEMES


def _safe_srcset(value: str) -> bool:
    return all(
        is_safe_url(candidate.split()[0]) for candidate in value.split(",") if candidate.split()
    )


def _attributes(element: Any, allowed: frozenset[str] | set[str]) -> str:
    out = []
    seen = set()
    for raw_name, value in element.attrib.items():
        name = raw_name.lower()
        if name not in allowed or name in seen:
            continue
        seen.add(name)
        if name in _URL_ATTRIBUTES and not is_safe_url(value):
            continue
        if name == "srcset" and not _safe_srcset(value):
            continue
        if name in _NUMBER_ATTRIBUTES and not value.strip().isdecimal():
            continue
        out.append(f' {name}="{_escape_attribute(value)}"')
    return "".join(out)


def _serialize(
    root: Any,
    *,
    tags: frozenset[str],
    attributes: Mapping[str, frozenset[str] | set[str]],
) -> str:
    """The children of ``root`` as HTML: the allowlist applied, every text escaped.

    This is the only place that writes the body's HTML, and it writes tags and attribute names
    from the allowlist only and every other character escaped, so no input can smuggle markup
    through (walked with a stack: deep nesting cannot exhaust Python's recursion).
    """
    out: list[str] = []
    # Work items: a string to write as it is, or (element, what it may contain, inside a link).
    todo: list[str | tuple[Any, frozenset[str], bool]] = []

    def push_content(element: Any, allowed: frozenset[str], in_link: bool) -> None:
        items: list[str | tuple[Any, frozenset[str], bool]] = []
        if element.text:
            items.append(_escape_text(element.text))
        for child in element:
            items.append((child, allowed, in_link))
            if child.tail:
                items.append(_escape_text(child.tail))
        todo.extend(reversed(items))

    push_content(root, _CONTENT[None], False)
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        element, allowed, in_link = item
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction; its tail is already queued
        tag = element.tag.lower()
        if tag in DROPPED_WITH_CONTENT:
            continue
        if tag not in tags or tag not in allowed or (tag == "a" and in_link):
            push_content(element, allowed, in_link)  # unwrapped: the content stays
            continue
        out.append(f"<{tag}{_attributes(element, attributes.get(tag, frozenset()))}>")
        if tag in _VOID:
            push_content(element, allowed, in_link)  # a parser puts it after the element
            continue
        todo.append(f"</{tag}>")
        push_content(element, _CONTENT[tag], in_link or tag == "a")
    return "".join(out).strip(_ASCII_WHITESPACE)


# --- Reading stored HTML: paragraphs, links, plain text --------------------------------------
# Shared by related links (placement, the link index, unlinking and fixing links), search and
# suggestions, so every part of the site reads a body one way: lxml, like everything above.
# They read HTML this module wrote; what they change is written back by ``_serialize`` with
# the same allowlist (lxml's own serializer does not know HTML5's void elements such as
# <source>, and would close them around the next element).

#: A <p> inside one of these is part of a quote, list, table or aside, not a paragraph of the text.
NOT_TEXT_PARAGRAPH_INSIDE = frozenset(
    {"p", "figure", "blockquote", "li", "td", "th", "aside", "details", "table", "nav", "dl"}
)
#: Elements whose end separates them from the text after them in plain text (a heading would
#: otherwise run into its first paragraph). The same rule as PostgreSQL's search vector.
SEPARATED_ELEMENTS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt", "figcaption", "summary"})
SEPARATOR = " — "
#: Elements inside a run of text: no space around them ("<cite>Name</cite>, role" stays
#: "Name, role"; "<em>un</em>done" stays one word). Every other element ends a word.
RUN_ELEMENTS = frozenset(
    {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong"}
    | {"sub", "sup", "u"}
)


def _tree(html: str) -> Any:
    return _parse(html) if html and html.strip() else None


def _write_rendered(root: Any) -> str:
    return _serialize(root, tags=RENDERED_TAGS, attributes=RENDERED_ATTRIBUTES)


def text_paragraphs(root: Any) -> list[Any]:
    """The ``<p>`` elements of the text itself: not in a quote, list, table or aside."""
    return [
        p
        for p in root.iter("p")
        if not any(a.tag in NOT_TEXT_PARAGRAPH_INSIDE for a in p.iterancestors())
    ]


def count_paragraphs(html: str) -> int:
    """How many paragraphs of the text ``html`` has (what an inline link can follow)."""
    root = _tree(html)
    return len(text_paragraphs(root)) if root is not None else 0


def insert_after_paragraphs(html: str, placed: list[tuple[int, str]]) -> str:
    """A rendered body with each ``(n, markup)`` after its paragraph ``n`` (1 is the first).

    In list order; 0 goes first, and a number past the last paragraph means after the last
    one. ``markup`` is trusted (our own autoescaped templates): it is placed, not sanitized.
    """
    root = _tree(html)
    if root is None or not placed:
        return html
    paragraphs = text_paragraphs(root)
    after: dict[int, list[str]] = {}
    for number, markup in placed:
        after.setdefault(min(max(number, 0), len(paragraphs)), []).append(markup)
    # Each place gets a random token in the text right after it; the writer escapes text but
    # leaves these characters alone, so each token marks exactly where its markup goes.
    tokens = {number: f"\ue000{secrets.token_hex(8)}\ue000" for number in after}
    for number, token in tokens.items():
        if number == 0:
            root.text = token + (root.text or "")
        else:
            anchor = paragraphs[number - 1]
            anchor.tail = token + (anchor.tail or "")
    out = _write_rendered(root)
    for number, token in tokens.items():
        out = out.replace(token, "".join(after[number]))
    return out


def links(html: str) -> list[tuple[str, str]]:
    """``(href, text)`` of every link in ``html``, the text with its whitespace collapsed."""
    root = _tree(html)
    if root is None:
        return []
    return [
        (a.get("href"), " ".join(a.text_content().split())) for a in root.iter("a") if a.get("href")
    ]


def article_links(html: str) -> list[tuple[str, int | None, str]]:
    """``(href, article id or None, text)`` of every link; the id of one chosen by title."""
    if "<a" not in html.lower():
        return []  # most bodies link nowhere: no need to parse them (a rebuild reads them all)
    root = _tree(html)
    if root is None:
        return []
    found = []
    for a in root.iter("a"):
        chosen = (a.get(ARTICLE_ATTRIBUTE) or "").strip()
        if a.get("href") or chosen:
            article_id = int(chosen) if chosen.isdecimal() and len(chosen) < 12 else None
            found.append((a.get("href") or "", article_id, " ".join(a.text_content().split())))
    return found


def resolve_links(html: str, *, dead: set[str], moved: Mapping[str, str]) -> str:
    """A rendered body with links to ``dead`` hrefs as their text, ``moved`` ones re-pointed."""
    root = _tree(html)
    if root is None or not (dead or moved):
        return html
    changed = False
    for a in list(root.iter("a")):
        href = a.get("href") or ""
        if href in dead:
            a.drop_tag()
            changed = True
        elif href in moved and moved[href] != href:
            a.set("href", moved[href])
            changed = True
    return _write_rendered(root) if changed else html


def unlink(html: str, hrefs: set[str]) -> str:
    """A rendered body with its links to ``hrefs`` turned into their text (markup inside kept)."""
    root = _tree(html)
    if root is None or not hrefs:
        return html
    dead = [a for a in root.iter("a") if a.get("href") in hrefs]
    if not dead:
        return html
    for a in dead:
        a.drop_tag()
    return _write_rendered(root)


def rewrite_hrefs(html: str, replace: Callable[[str], str | None]) -> tuple[str, int]:
    """An editor's body with each href swapped for ``replace(href)`` (None keeps it); how many."""
    root = _tree(html)
    if root is None:
        return html, 0
    changed = 0
    for a in root.iter("a"):
        href = a.get("href")
        new = replace(href) if href else None
        if new is not None and new != href:
            a.set("href", new)
            changed += 1
    if not changed:
        return html, 0
    return _serialize(root, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES), changed


def for_feed(html: str, base_url: str) -> str:
    """A rendered body as feed readers get it: absolute addresses, plain ``<img>``, allowlisted.

    A feed reader has no page to resolve a relative link against, and many show neither
    ``<picture>`` nor ``srcset``: every href and src is joined to ``base_url``, and the writer,
    with the editor's allowlist (plus pull quotes' ``<cite>``), unwraps each picture to its
    ``<img>`` and drops heading ids and responsive attributes.
    """
    root = _tree(html)
    if root is None:
        return ""
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in root.iter(tag):
            if value := element.get(attribute):
                element.set(attribute, urljoin(base_url, value))
    return _serialize(root, tags=ALLOWED_TAGS | {"cite"}, attributes=ALLOWED_ATTRIBUTES)


#: A word as the counts read it: letters or digits, joined by an apostrophe, a hyphen or a
#: number's point ("don't", "well-being", "3.5", "1,000"); a dash or a lone comma is no word.
#: writing.js counts the same way as the editor types.
_COUNTED_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
#: Invisible inside a word: a soft hyphen, the zero-width non-joiner and joiner (Persian, Indic
#: scripts) and the word joiner.
_JOINERS = "\u00ad\u200c\u200d\u2060"


def _is_mark(point: int) -> bool:
    return unicodedata.category(chr(point)).startswith("M")


@functools.cache
def _inside_words() -> tuple[re.Pattern[str], frozenset[str]]:
    """What to drop from a text before counting its words: combining marks and joiners.

    As a character class for the first plane (the regex engine checks it as a bitmap) and as a
    set for the few marks above it (a class with those is some fifty times slower).
    """
    marks = [point for point in range(0x300, 0x10000) if _is_mark(point)]
    ranges: list[list[int]] = []
    for point in sorted([*marks, *map(ord, _JOINERS)]):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    spans = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges)
    # Unicode has no combining mark above U+1FFFF but the variation selectors (U+E01xx).
    astral = [*range(0x10000, 0x20000), *range(0xE0100, 0xE01F0)]
    return re.compile(f"[{spans}]"), frozenset(chr(point) for point in astral if _is_mark(point))


def without_inner_marks(text: str) -> str:
    """``text`` without the characters that sit inside a word, for word patterns to match.

    A letter's marks (Devanagari vowel signs, Arabic or Hebrew points, an accent typed apart)
    and joiners belong to its word: matched as they are, "नमस्ते" is two words.
    """
    if text.isascii():
        return text
    first_plane, astral = _inside_words()
    text = first_plane.sub("", text)
    if text and max(text) > "\uffff":
        text = "".join(char for char in text if char not in astral)
    return text


def count_words(text: str) -> int:
    """How many words ``text`` holds, for word counts and reading times."""
    return len(_COUNTED_WORD.findall(without_inner_marks(text)))


def plain_text(html: str, *, tidy: bool = True) -> str:
    """The words of an HTML fragment: tags gone, whitespace collapsed, headings set apart.

    ``tidy=False``: the same words with the whitespace as it comes, for a reader that splits
    them again (collapsing it was a third of the suggestion terms' plain text).
    """
    root = _tree(html)
    return "" if root is None else _plain_text_of(root, tidy=tidy)


def _plain_text_of(root: Any, *, tidy: bool = True) -> str:
    pieces: list[str] = []
    # A comment or processing instruction is an event of its own ("start" and "end" skip it,
    # and its tail with it): only its tail is text.
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in {"comment", "pi"}:
            pieces.append(element.tail or "")
            continue
        apart = "" if element.tag in RUN_ELEMENTS else " "
        if event == "start":
            pieces.append(apart + (element.text or ""))
        else:
            pieces.append(SEPARATOR if element.tag in SEPARATED_ELEMENTS else apart)
            if element is not root:
                pieces.append(element.tail or "")
    if not tidy:
        return "".join(pieces)
    # A heading or caption at the very end sets nothing apart.
    return " ".join("".join(pieces).split()).removesuffix(SEPARATOR.rstrip()).rstrip()


def faqs(html: str) -> list[tuple[str, str]]:
    """``(question, answer)`` of every FAQ block in a sanitized or rendered body, as plain text."""
    if "<details" not in html:
        return []
    root = _tree(html)
    if root is None:
        return []
    return [
        (
            " ".join(details[0].text_content().split()),
            " ".join(_plain_text_of(block) for block in details[1:]),
        )
        for details in root.iterchildren("details")
        if details.get("class") == FAQ_CLASS and len(details) and details[0].tag == "summary"
    ]


_NEWLINE = "\n"


def with_faqs(body: str, faqs: Iterable[tuple[str, str]]) -> str:
    """``body`` with FAQ items of the old inline appended as FAQ blocks under their heading.

    The FAQ used to be a list of (question, answer) rows shown after the body under
    :data:`FAQ_HEADING`; moved into the body (migrations, old revisions and autosaves), they
    read as they did: the question as text, the answer's lines as the old ``|linebreaks``
    made them (a blank line starts a paragraph, a single newline breaks the line), all escaped.
    An item without a question or an answer is no FAQ block: ``sanitize`` keeps its words as
    paragraphs.
    """
    blocks = []
    for question, answer in faqs:
        text = (answer or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        lines = [_escape_text(paragraph.strip()) for paragraph in re.split(r"\n{2,}", text)]
        paragraphs = "".join(f"<p>{line.replace(_NEWLINE, '<br>')}</p>" for line in lines if line)
        blocks.append(
            f'<details class="{FAQ_CLASS}"><summary>{_escape_text(question or "")}</summary>'
            f"{paragraphs}</details>"
        )
    if not blocks:
        return body
    return f"{body}<h2>{FAQ_HEADING}</h2>{''.join(blocks)}"


def unfinished_faqs(html: str) -> list[tuple[str, str]]:
    """``(question, answer)`` of each FAQ block in an editor's body with only one of the two.

    Saving makes such a block plain paragraphs (:func:`_is_faq`): its words stay, but it is no
    question any more, so the form names it instead. A block with neither holds nothing typed.
    """
    if "<details" not in html:
        return []
    found = []
    for details in _parse(_cleaner.clean(html)).iterchildren("details"):
        if details.get("class") != FAQ_CLASS or not len(details) or details[0].tag != "summary":
            continue
        question = " ".join(details[0].text_content().split())
        answer = " ".join(" ".join(_plain_text_of(block) for block in details[1:]).split())
        if bool(question) != bool(answer):
            found.append((question, answer))
    return found


@dataclass(frozen=True)
class Outline:
    """What the pre-publication checks read in a body: its headings, images, links, paragraphs."""

    headings: list[tuple[int, str]]  # (level, text) in order
    images: list[tuple[str, str]]  # (src, alt)
    links: list[tuple[str, str]]  # (href, accessible name: text and the alt of images inside)
    bold_paragraphs: list[str]  # text paragraphs whose whole text is bold
    text: str  # plain text, headings set apart


def outline(html: str) -> Outline:
    """The structure of an editor's body (sanitized first, as it will be saved)."""
    root = _tree(sanitize(html))
    if root is None:
        return Outline([], [], [], [], "")
    headings = [
        (int(element.tag[1]), " ".join(element.text_content().split()))
        for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6")
    ]
    images = [(img.get("src") or "", (img.get("alt") or "").strip()) for img in root.iter("img")]
    found_links = []
    for a in root.iter("a"):
        alts = " ".join((img.get("alt") or "") for img in a.iter("img"))
        found_links.append((a.get("href") or "", " ".join(f"{a.text_content()} {alts}".split())))
    bold = []
    for p in text_paragraphs(root):
        text = " ".join(p.text_content().split())
        children = [child for child in p if child.tag != "br"]
        if (
            text
            and not (p.text or "").strip()
            and len(children) == 1
            and children[0].tag in {"strong", "b"}
            and not (children[0].tail or "").strip()
        ):
            bold.append(text)
    # Its words as saved: what sanitizing drops (a script's text) is no words on the page.
    return Outline(headings, images, found_links, bold, _plain_text_of(root))
