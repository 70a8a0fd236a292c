"""Property tests: no input, however hostile, gets markup outside the allowlist to readers.

The default run tries a few hundred generated bodies; ``HYPOTHESIS_PROFILE=thorough`` tries
10,000 (see tests/conftest.py).
"""

import html
from urllib.parse import quote

from django.core.files.storage import FileSystemStorage
from hypothesis import example, given
from hypothesis import strategies as st

from articles import images, richtext
from tests.articles.live_markup import live_markup, live_rendered_markup
from tests.articles.xss_corpus import VECTORS, in_body_contexts

TAG_NAMES = [
    *sorted(richtext.ALLOWED_TAGS),
    *sorted(richtext.DROPPED_WITH_CONTENT),
    *[
        "div",
        "span",
        "h1",
        "h4",
        "table",
        "tbody",
        "tr",
        "td",
        "th",
        "caption",
        "colgroup",
        "select",
        "option",
        "optgroup",
        "form",
        "input",
        "button",
        "meta",
        "base",
        "link",
        "object",
        "embed",
        "param",
        "frame",
        "frameset",
        "body",
        "html",
        "head",
        "svg",
        "math",
        "mtext",
        "mi",
        "mglyph",
        "malignmark",
        "annotation-xml",
        "foreignObject",
        "desc",
        "animate",
        "set",
        "use",
        "image",
        "video",
        "audio",
        "source",
        "picture",
        "track",
        "details",
        "summary",
        "dialog",
        "marquee",
        "isindex",
        "keygen",
        "listing",
        "pre",
        "cite",
        "xss",
        "custom-element",
        "a:b",
        "svg:script",
    ],
]
ATTRIBUTE_NAMES = [
    *sorted({name for names in richtext.RENDERED_ATTRIBUTES.values() for name in names}),
    *[
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "onfocus",
        "onbegin",
        "ontoggle",
        "style",
        "class",
        "id",
        "name",
        "xlink:href",
        "formaction",
        "action",
        "http-equiv",
        "content",
        "data",
        "srcdoc",
        "background",
        "poster",
        "attributeName",
        "to",
        "values",
        "dur",
        "autofocus",
        "tabindex",
        "rel",
        "target",
        "is",
        "xmlns",
    ],
]
SCHEMES = ["javascript", "JaVaScRiPt", "vbscript", "data", "java\tscript", "java\x00script"]
URLS = st.one_of(
    st.sampled_from(["/media/a.jpg", "https://example.com/x", "mailto:a@example.com", "#x"]),
    st.builds(
        lambda scheme, body: f"{scheme}:{body}",
        st.sampled_from(SCHEMES),
        st.sampled_from(["alert(1)", "text/html,<script>alert(1)</script>", "//x"]),
    ),
)


def encodings(text: str) -> st.SearchStrategy[str]:
    """``text`` as it is, or disguised the ways filter evasions disguise it."""

    def character_references(form: str) -> str:
        return "".join(form.format(ord(char)) for char in text)

    return st.sampled_from(
        [
            text,
            html.escape(text),
            html.escape(html.escape(text)),
            character_references("&#{};"),
            character_references("&#x{:x};"),
            character_references("&#x{:X}"),
            character_references("&#000{}"),
            quote(text),
            text.upper(),
            text.replace("<", "<\x00"),
            " \t\n" + text,
        ]
    )


def mixed_case(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([name, name.upper(), name.title(), name[:1].upper() + name[1:]])


def attribute_values() -> st.SearchStrategy[str]:
    return st.one_of(URLS.flatmap(encodings), st.text(max_size=12), st.sampled_from(VECTORS))


def attribute() -> st.SearchStrategy[str]:
    """One attribute, quoted any way (or broken): values may break out of their quotes."""

    def write(name: str, value: str, quoting: str) -> str:
        return f" {name}={quoting.format(value)}" if quoting else f" {name}"

    return st.builds(
        write,
        st.sampled_from(ATTRIBUTE_NAMES).flatmap(mixed_case),
        attribute_values(),
        st.sampled_from(['"{}"', "'{}'", "{}", "`{}`", '"{}', ""]),
    )


def fragments() -> st.SearchStrategy[str]:
    """Random, mostly-broken HTML built from the pieces browsers and sanitizers disagree on."""
    leaves = st.one_of(
        st.text(max_size=20),
        st.sampled_from(["&lt;", "&gt;", "&amp;", "&", "<", ">", '"', "'", "`", "=", "/", "\x00"]),
        st.sampled_from(
            [
                "<!--",
                "-->",
                "--!>",
                "<!-->",
                "<![CDATA[",
                "]]>",
                "<?xml ?>",
                "<!DOCTYPE html>",
                "</",
                "<!",
                "<br/>",
                "</p>",
                "</a>",
            ]
        ),
        st.sampled_from(VECTORS).flatmap(encodings),
        st.builds(
            lambda name, attrs, close: f"<{name}{''.join(attrs)}{close}",
            st.sampled_from(TAG_NAMES).flatmap(mixed_case),
            st.lists(attribute(), max_size=3),
            st.sampled_from([">", "/>", " >", ""]),
        ),
    )

    def wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(
                lambda name, attrs, inner, closed: (
                    f"<{name}{''.join(attrs)}>{inner}" + (f"</{name}>" if closed else "")
                ),
                st.sampled_from(TAG_NAMES).flatmap(mixed_case),
                st.lists(attribute(), max_size=2),
                children,
                st.booleans(),
            ),
            st.lists(children, max_size=4).map("".join),
        )

    return st.recursive(leaves, wrap, max_leaves=25)


def pull_quotes() -> st.SearchStrategy[str]:
    """Pull quote blocks with hostile pieces in every place (only the exact shape is kept)."""
    return st.builds(
        lambda quote, name, role, after: (
            f'<figure class="pull-quote"><blockquote>{quote}</blockquote>'
            f"<figcaption><cite>{name}</cite>{role}</figcaption>{after}</figure>"
        ),
        st.one_of(st.just("<p>Quote</p>"), fragments()),
        st.one_of(st.just("Name"), fragments()),
        st.one_of(st.just(""), st.just(", role"), fragments()),
        st.one_of(st.just(""), fragments()),
    )


def faq_blocks() -> st.SearchStrategy[str]:
    """FAQ blocks with hostile pieces in every place (only the exact shape is kept)."""
    return st.builds(
        lambda attributes, question, answer, after: (
            f"<details{attributes}><summary>{question}</summary>{answer}{after}</details>"
        ),
        st.sampled_from([' class="faq"', ' class="faq" open', "", ' class="faq x"']),
        st.one_of(st.just("Question?"), fragments()),
        st.one_of(st.just("<p>Answer.</p>"), st.just("<ul><li>A</li></ul>"), fragments()),
        st.one_of(st.just(""), fragments(), faq_blocks_inside()),
    )


def faq_blocks_inside() -> st.SearchStrategy[str]:
    """An FAQ block, for nesting inside another or inside a list."""
    return st.sampled_from(
        [
            '<details class="faq"><summary>Inner?</summary><p>Inner.</p></details>',
            '<ul><li><details class="faq"><summary>In?</summary><p>In.</p></details></li></ul>',
        ]
    )


BODIES = st.one_of(
    fragments(),
    pull_quotes(),
    faq_blocks(),
    st.sampled_from(VECTORS).flatmap(lambda vector: st.sampled_from(in_body_contexts(vector))),
    st.lists(st.sampled_from(VECTORS).flatmap(encodings), min_size=1, max_size=5).map("".join),
)
STORAGE = FileSystemStorage(location="/nonexistent", base_url="/media/")
RENDITIONS = {
    "source": "a.jpg",
    "webp": [[320, 200, "a-320.webp"]],
    "fallback": [[320, 200, "a-320.jpg"]],
}


def picture_for(src: str, alt: str) -> str | None:
    """The real ``<picture>`` markup an uploaded image gets, for every body image."""
    return images.picture_html(RENDITIONS, STORAGE, alt=alt)


@given(BODIES)
@example("&lt;img src=x onerror=alert(1)&gt;<p>x</p>")
@example("<iframe><p>a</p><img src=x onerror=alert(1)>")
@example("<h2><div><h3>x</h3></div></h2>")
def test_sanitized_html_holds_only_the_allowlist_and_sanitizing_again_changes_nothing(
    body: str,
) -> None:
    cleaned = richtext.sanitize(body)
    assert live_markup(cleaned) == []
    assert richtext.sanitize(cleaned) == cleaned


@given(BODIES)
@example('<figure><img src="/media/a.jpg" alt="&quot; onerror=&quot;alert(1)">x</figure>')
def test_rendered_html_holds_only_the_allowlist(body: str) -> None:
    assert live_rendered_markup(richtext.render(body, picture_for=picture_for).html) == []
