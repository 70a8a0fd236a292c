"""What a browser would make of stored HTML: every element or attribute outside an allowlist.

The HTML is parsed by html5lib, which follows the WHATWG parsing algorithm browsers use, so a
payload that only turns into markup when a browser reads it (entity-encoded, raw-text breakouts,
SVG/MathML namespace confusion) is found here even if our own parser saw it as text.
"""

import html
import json
import re
from collections.abc import Mapping

import html5lib

from articles import richtext

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background"}
)
# Browsers drop ASCII whitespace and controls inside a URL's scheme ("java\tscript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def dangerous_url(value: str) -> bool:
    """Whether a URL runs script or carries a document, after decoding entities twice."""
    for candidate in (value, html.unescape(value), html.unescape(html.unescape(value))):
        compact = _IGNORED_IN_URL.sub("", candidate).lower()
        if compact.startswith(DANGEROUS_SCHEMES):
            return True
    return False


def live_markup(
    fragment: str,
    *,
    tags: frozenset[str] = richtext.ALLOWED_TAGS,
    attributes: Mapping[str, frozenset[str] | set[str]] = richtext.ALLOWED_ATTRIBUTES,
) -> list[str]:
    """Everything in ``fragment`` a browser would treat as markup outside the allowlist."""
    root = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    parents = {child: parent for parent in root.iter() for child in parent}
    problems = []
    for element in root.iter():
        if element is root:
            continue
        if not isinstance(element.tag, str):
            problems.append(f"comment or processing instruction {element.text!r}")
            continue
        if element.tag not in tags:  # foreign elements come as "{namespace}name"
            problems.append(f"element <{element.tag}>")
        for name, value in element.attrib.items():
            if not isinstance(name, str):  # html5lib names foreign attributes (ns, name)
                name = ":".join(part for part in name if part)
            if name.lower().startswith("on"):
                problems.append(f"event handler {name}= on <{element.tag}>")
            elif name not in attributes.get(element.tag, ()):
                problems.append(f"attribute {name}= on <{element.tag}>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"URL {value!r} in {name}= on <{element.tag}>")
        problems.extend(_pull_quote_problems(element, parents))
        problems.extend(_faq_problems(element, parents, root))
    return problems


def _faq_problems(element, parents: dict, root) -> list[str]:
    """A details that is no FAQ block at the top level, or a summary that is no FAQ question."""
    if element.tag == "details":
        if element.get("class") != richtext.FAQ_CLASS:
            return [f"class={element.get('class')!r} on <details>"]
        if parents.get(element) is not root:
            return ["<details> below the top level"]
    if element.tag == "summary":
        details = parents.get(element)
        if details is None or details.tag != "details" or details[0] is not element:
            return ["<summary> outside an FAQ's question"]
        if any(
            child.tag not in richtext.FAQ_QUESTION_TAGS
            for child in element.iter()
            if child is not element
        ):
            return ["markup other than emphasis in an FAQ's question"]
    return []


def _pull_quote_problems(element, parents: dict) -> list[str]:
    """A class other than a pull quote's, or a ``<cite>`` outside a pull quote's caption."""
    if element.tag == "figure" and element.get("class", richtext.PULL_QUOTE_CLASS) != (
        richtext.PULL_QUOTE_CLASS
    ):
        return [f"class={element.get('class')!r} on <figure>"]
    if element.tag == "cite":
        caption = parents.get(element)
        figure = parents.get(caption) if caption is not None else None
        if (
            caption is None
            or caption.tag != "figcaption"
            or figure is None
            or figure.get("class") != richtext.PULL_QUOTE_CLASS
        ):
            return ["<cite> outside a pull quote's caption"]
    return []


def live_rendered_markup(fragment: str) -> list[str]:
    """The same check against what ``render()`` may add (pull quotes, heading ids, pictures)."""
    return live_markup(
        fragment, tags=richtext.RENDERED_TAGS, attributes=richtext.RENDERED_ATTRIBUTES
    )


def _elements(document: str) -> list:
    root = html5lib.parse(document, namespaceHTMLElements=False)
    return [element for element in root.iter() if isinstance(element.tag, str)]


def _signature(element) -> tuple[str, frozenset[str]]:
    return element.tag, frozenset(str(name) for name in element.attrib)


def page_problems(document: str, *, baseline: str) -> list[str]:
    """Live markup in a whole page that a hostile editor filled in, against a harmless twin.

    Outside the article body, every element must be one the same page shows with harmless
    text, with the same attribute names; inside it, the rendered allowlist holds. Anywhere:
    no event handler, no script URL, no refresh, only our own scripts and JSON-LD that parses.
    """
    known = {_signature(element) for element in _elements(baseline)}
    problems = []
    elements = _elements(document)
    body = next((e for e in elements if e.get("id") == "article-body"), None)
    in_body = {id(e) for e in body.iter() if e is not body} if body is not None else set()
    for element in elements:
        tag = element.tag
        names = {str(name).lower() for name in element.attrib}
        if any(name.startswith("on") for name in names):
            problems.append(f"event handler on <{tag}> {sorted(names)}")
        for name, value in element.attrib.items():
            if str(name) in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"URL {value!r} on <{tag}>")
        if tag == "meta" and "http-equiv" in names:
            problems.append(f"<meta http-equiv> {dict(element.attrib)}")
        if tag == "script":
            if element.get("type") == "application/ld+json":
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"JSON-LD that is not JSON: {element.text!r}")
            elif not (element.get("src") or "").startswith("/static/"):
                problems.append(f"<script> {dict(element.attrib)} {element.text!r}")
        if _signature(element) in known:
            continue
        if id(element) in in_body:
            allowed = richtext.RENDERED_ATTRIBUTES.get(tag, ())
            if tag in richtext.RENDERED_TAGS and names <= set(allowed):
                continue
        problems.append(f"unexpected <{tag}> {sorted(names)}")
    return problems
