"""Turn a WordPress post body into a Byline body, saying what changed on the way.

The steps follow what WordPress itself does when it shows a post: block-editor comments
(``<!-- wp:… -->``) are markers around ordinary HTML and go, keeping what they wrap;
classic-editor posts get WordPress's automatic paragraphs (:func:`wpautop`); ``[caption]``
becomes a figure with its caption, ``[gallery]`` a row of figures, ``[embed]`` a link. The
result then goes through Byline's own sanitizer when the article is saved.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lxml import html as lxml_html
from lxml.etree import ParserError

from articles import richtext

Note = tuple[str, str]  # (code, message)

BLOCK_TAGS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
MORE = re.compile(r"<!--more(.*?)?-->", re.S)
NEXTPAGE = re.compile(r"<!--nextpage-->")
# A block's JSON attributes never contain "-->" (WordPress escapes it), so they end there.
ATTRS = r"(\{(?:(?!-->).)*?\})?"
EMBED_BLOCK = re.compile(
    rf"<!--\s*wp:(core-embed/[\w-]+|embed)\s*{ATTRS}\s*-->(.*?)<!--\s*/wp:\1\s*-->", re.S
)
SELF_CLOSING_BLOCK = re.compile(rf"<!--\s*wp:([\w/-]+)\s*{ATTRS}\s*/-->", re.S)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
CAPTION = re.compile(r"\[(?:caption|wp_caption)([^\]]*)\](.*?)\[/(?:caption|wp_caption)\]", re.S)
GALLERY = re.compile(r"\[gallery([^\]]*)\]")
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S)
SHORTCODE = re.compile(r"\[/?([a-zA-Z][\w-]*)(?:\s[^\]]*)?/?\]")
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
IMAGE_LINK = re.compile(r"\.(?:jpe?g|png|gif|webp)(?:\?.*)?$", re.I)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
#: Elements whose content is media or code Byline cannot show: said so when dropped.
NOTEWORTHY_TAGS = frozenset(
    {"iframe", "video", "audio", "table", "script", "style", "object", "embed", "form", "pre",
     "code", "svg", "canvas", "input", "button", "select", "textarea"}
)  # fmt: skip


@dataclass
class Converted:
    """A converted body, the teaser before ``<!--more-->`` (if any) and the notes on the way."""

    html: str
    teaser: str = ""
    notes: list[Note] = field(default_factory=list)
    links_rewritten: int = 0


def shortcode_attributes(text: str) -> dict[str, str]:
    """``id="a" width=300`` → ``{"id": "a", "width": "300"}``."""
    return {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in ATTRIBUTE.finditer(text)
    }


def wpautop(text: str, *, br: bool = True) -> str:
    """WordPress's ``wpautop()``: blank lines become paragraphs and single newlines ``<br>``.

    A port of the PHP function's main rules (wp-includes/formatting.php); block-level tags
    are never wrapped in a paragraph and ``<pre>`` keeps its newlines.
    """
    if not text.strip():
        return ""
    pre_blocks: dict[str, str] = {}

    def keep_pre(match: re.Match[str]) -> str:
        placeholder = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
        pre_blocks[placeholder] = match.group(0)
        return placeholder

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text + "\n", flags=re.S | re.I)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(rf"(<{BLOCK_TAGS}[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</{BLOCK_TAGS}>)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"<hr\s*?/?>", "<hr />\n\n", text, flags=re.I)
    # A tag split over lines keeps its newlines out of the paragraph logic.
    text = re.sub(r"<[^<>]+>", lambda m: m.group(0).replace("\n", " "), text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = re.split(r"\n\s*\n", text)
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs if p.strip())
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text, flags=re.I)
    text = re.sub(rf"<p>\s*(</?{BLOCK_TAGS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{BLOCK_TAGS}[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(rf"(</?{BLOCK_TAGS}[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    if br:
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{BLOCK_TAGS}[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for placeholder, original in pre_blocks.items():
        text = text.replace(placeholder, original)
    return text.strip()


def plain_text(markup: str) -> str:
    """The words of an HTML fragment (an excerpt, a caption), entities decoded, spaces collapsed."""
    if not markup.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except ParserError:
        return " ".join(html.unescape(markup).split())
    return " ".join(root.text_content().split())


def _caption(match: re.Match[str]) -> str:
    attributes = shortcode_attributes(match.group(1))
    inner = match.group(2).strip()
    found = re.match(r"((?:<a\s[^>]*>\s*)?<img[^>]*>(?:\s*</a>)?)(.*)", inner, re.S | re.I)
    if not found:
        return inner
    image, text = found.group(1), found.group(2).strip() or attributes.get("caption", "")
    link = re.match(r"<a\s[^>]*href=[\"']([^\"']*)[\"'][^>]*>", image, re.I)
    if link and IMAGE_LINK.search(link.group(1)):
        # A link to the image's own file adds nothing once the image is shown full width.
        image = re.sub(r"</?a\b[^>]*>", "", image).strip()
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{image}{caption}</figure>"


def convert(
    raw: str,
    *,
    gallery_images: Callable[[dict[str, str]], list[tuple[str, str, str]]],
    image_for: Callable[[str, int | None], tuple[str, str] | None],
    link_for: Callable[[str], str | None],
) -> Converted:
    """Convert ``raw`` (``content:encoded``) into Byline's body HTML.

    ``gallery_images(attributes)`` lists ``(src, alt, caption)`` for a ``[gallery]``;
    ``image_for(src, attachment_id)`` gives an image's new ``(src, alt)`` or None to drop it;
    ``link_for(href)`` gives a link's new address or None to leave it.
    """
    notes: list[Note] = []
    text = raw or ""
    is_block_editor = "<!-- wp:" in text
    teaser = ""
    if more := MORE.search(text):
        teaser = plain_text(wpautop(BLOCK_COMMENT.sub("", text[: more.start()])))
        text = MORE.sub("", text)
    if NEXTPAGE.search(text):
        text = NEXTPAGE.sub("", text)
        notes.append(("pages_joined", "<!--nextpage--> page breaks removed: one page now"))

    def embed_block(match: re.Match[str]) -> str:
        url = re.search(r"https?://[^\s<\"]+", match.group(3) or match.group(2) or "")
        if not url:
            notes.append(("embed_dropped", f"embed block wp:{match.group(1)} with no address"))
            return ""
        notes.append(("embed_linked", f"embedded {url.group(0)} became a link"))
        return f'<p><a href="{url.group(0)}">{url.group(0)}</a></p>'

    text = EMBED_BLOCK.sub(embed_block, text)
    for match in SELF_CLOSING_BLOCK.finditer(text):
        notes.append(("dynamic_block", f"block wp:{match.group(1)} has no stored content"))
    text = BLOCK_COMMENT.sub("", text)
    if is_block_editor:
        text = re.sub(r"\n\s*\n+", "\n", text)  # the blank lines the markers stood on

    def embed(match: re.Match[str]) -> str:
        url = match.group(1).strip()
        notes.append(("embed_linked", f"[embed] of {url} became a link"))
        return f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>'

    text = EMBED.sub(embed, text)
    text = CAPTION.sub(_caption, text)

    def gallery(match: re.Match[str]) -> str:
        images = gallery_images(shortcode_attributes(match.group(1)))
        if not images:
            notes.append(("gallery_empty", "[gallery] with no images we could find"))
            return ""
        notes.append(("gallery_figures", f"[gallery] became {len(images)} figures"))
        figures = []
        for src, alt, caption in images:
            img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
            figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
            figures.append(f"<figure>{img}{figcaption}</figure>")
        return "".join(figures)

    text = GALLERY.sub(gallery, text)
    for name in sorted({m.group(1) for m in SHORTCODE.finditer(text)}):
        notes.append(("shortcode_left", f"[{name}] is not a shortcode Byline knows: left as text"))
    if not is_block_editor:
        text = wpautop(text)

    # Newlines beside tags carry nothing once paragraphs are tags: compact, like the editor.
    text = re.sub(rf"\s*\n\s*(?=</?(?:{BLOCK_TAGS}|br)\b)", "", text, flags=re.I)
    text = re.sub(rf"(</?(?:{BLOCK_TAGS}|br)\b[^>]*>)\s*\n\s*", r"\1", text, flags=re.I)
    converted = Converted(html="", teaser=teaser, notes=notes)
    converted.html = _rewrite(text, converted, image_for=image_for, link_for=link_for)
    return converted


def _rewrite(
    text: str,
    converted: Converted,
    *,
    image_for: Callable[[str, int | None], tuple[str, str] | None],
    link_for: Callable[[str], str | None],
) -> str:
    if not text.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div")
    except ParserError:
        return richtext.sanitize(text)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in HEADING_LEVELS and element.tag != HEADING_LEVELS[element.tag]:
            element.tag = HEADING_LEVELS[element.tag]  # Byline's body has H2 and H3 only
    for quote in list(root.iter("blockquote")):
        _attributed_quote(quote)
    for img in list(root.iter("img")):
        src = img.get("src") or ""
        found = WP_IMAGE_CLASS.search(img.get("class") or "")
        replacement = image_for(src, int(found.group(1)) if found else None)
        if replacement is None:
            _drop(img)
            continue
        new_src, alt = replacement
        img.set("src", new_src)
        img.set("alt", (img.get("alt") or "").strip() or alt)
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if href and (new := link_for(href)) is not None:
            anchor.set("href", new)
            converted.links_rewritten += 1
    dropped = sorted(
        {
            element.tag
            for element in root.iter()
            if isinstance(element.tag, str) and element.tag in NOTEWORTHY_TAGS
        }
    )
    for tag in dropped:
        converted.notes.append(
            ("markup_dropped", f"<{tag}> is not part of Byline's body: its tags were removed")
        )
    out = (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return richtext.sanitize(out)


def _attributed_quote(quote: Any) -> None:
    """A quote or pull quote block ending in ``<cite>Name, role</cite>`` becomes a pull quote.

    WordPress keeps the attribution in a ``<cite>`` inside the blockquote; Byline's pull quote
    block holds it in the caption (see articles/richtext.py), split at the first comma like the
    older "— Name, role" line. Anything else in the quote leaves it a plain blockquote.
    """
    children = list(quote)
    if len(children) < 2 or children[-1].tag != "cite" or (children[-1].tail or "").strip():
        return
    if (quote.text or "").strip() or any(
        child.tag != "p" or (child.tail or "").strip() for child in children[:-1]
    ):
        return
    cite = children[-1]
    attribution = " ".join(cite.text_content().split())
    quote.remove(cite)
    if any(len(child) for child in children[:-1]):
        # The block holds plain text only (the editor would drop links, emphasis and breaks on
        # the next save): keep it a blockquote ending in the "— Name, role" line, which pages
        # show as an attributed pull quote all the same.
        if attribution:
            line = lxml_html.Element("p")
            line.text = f"— {attribution}"
            quote.append(line)
        return
    parent = quote.getparent()
    if parent is not None and parent.tag == "figure" and len(parent) == 1:
        figure = parent  # the pull quote block's own figure
        figure.attrib.clear()
    else:
        figure = lxml_html.Element("figure")
        quote.addprevious(figure)
        figure.tail, quote.tail = quote.tail, None
        figure.append(quote)
    figure.set("class", richtext.PULL_QUOTE_CLASS)
    quote.attrib.clear()
    if not attribution:
        return
    name, _comma, role = attribution.partition(",")
    if not name.strip():
        name, role = attribution, ""  # ", role" alone: keep every word as the name
    caption = lxml_html.Element("figcaption")
    name_element = lxml_html.Element("cite")
    name_element.text = name.strip()
    if role.strip():
        name_element.tail = f", {role.strip()}"
    caption.append(name_element)
    figure.append(caption)


def _drop(img: object) -> None:
    parent = img.getparent()  # type: ignore[attr-defined]
    # An image alone in a link or figure takes its now empty wrapper with it.
    while parent is not None and parent.tag in {"a", "figure"} and len(parent) == 1:
        if (parent.text or "").strip():
            break
        img, parent = parent, parent.getparent()
    img.drop_tree()  # type: ignore[attr-defined]


def uploads_path(url: str) -> str:
    """``https://x/wp-content/uploads/2024/05/a.jpg`` → ``2024/05/a.jpg`` ("" if not uploads)."""
    path = unquote(url.split("?", 1)[0].split("#", 1)[0])
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    if "/files/" in path and "wordpress.com" in path:
        return path.split("/files/", 1)[1]
    return ""


def without_size_suffix(path: str) -> str:
    """``2024/05/a-300x200.jpg`` → ``2024/05/a.jpg`` (WordPress's resized copies)."""
    return re.sub(r"-\d+x\d+(\.\w+)$", r"\1", path)
