"""Read a WordPress export (WXR 1.0–1.2) as a stream of small records, in constant memory.

``lxml.etree.iterparse`` hands over each child of ``<channel>`` when it ends; it is turned into
a dataclass and then cleared (with the siblings before it), so a 500 MB export never needs
more than one post and its comments in memory. The ``wp:`` namespace is matched by its shape,
not its exact URI: exports use ``http://`` and (some WordPress.com and 6.x sites) ``https://``.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from lxml import etree

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ZERO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file is not a WordPress export we can read (with the line where reading stopped)."""


def key(tag: Any) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``, whatever the spelling."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    bare = namespace.split("://", 1)[-1]
    if bare.startswith("wordpress.org/export/"):
        return f"excerpt:{local}" if bare.rstrip("/").endswith("excerpt") else f"wp:{local}"
    if namespace == CONTENT_NS:
        return f"content:{local}"
    if namespace == DC_NS:
        return f"dc:{local}"
    return local


@dataclass
class Site:
    """The channel's header: the old site's name and addresses."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    """A ``<wp:author>``: a user of the old site."""

    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int = 0


@dataclass
class Term:
    """A ``<wp:category>``, ``<wp:tag>`` or ``<wp:term>`` (kind "category", "tag" or "term")."""

    kind: str
    slug: str
    name: str = ""
    parent: str = ""
    description: str = ""
    taxonomy: str = ""
    wp_id: int = 0


@dataclass
class Comment:
    """A ``<wp:comment>`` of a post."""

    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None
    date_was_local: bool = False
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0
    user_id: int = 0

    def fields(self) -> tuple:
        """Everything the import reads, for the change fingerprint."""
        return (
            self.wp_id,
            self.author,
            self.email,
            self.url,
            self.ip,
            self.date.isoformat() if self.date else "",
            self.content,
            self.approved,
            self.type,
            self.parent,
            self.user_id,
        )


@dataclass
class Item:
    """An ``<item>``: a post, page, attachment or any other post type, with its comments."""

    wp_id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: datetime | None = None
    date_was_local: bool = False
    modified: datetime | None = None
    comment_status: str = "open"
    slug: str = ""
    status: str = ""
    parent: int = 0
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)

    def fields(self) -> tuple:
        """Everything the import reads from the post itself, for the change fingerprint."""
        return (
            self.wp_id,
            self.post_type,
            self.title,
            self.link,
            self.creator,
            self.content,
            self.excerpt,
            self.date.isoformat() if self.date else "",
            self.modified.isoformat() if self.modified else "",
            self.comment_status,
            self.slug,
            self.status,
            self.password != "",
            self.is_sticky,
            sorted(self.terms),
            sorted(self.meta.items()),
        )


def parse_date(gmt: str, local: str) -> tuple[datetime | None, bool]:
    """The GMT date if the export has one, else the local date read in the site's time zone.

    Returns the date and whether it came from the local field. Drafts carry
    ``0000-00-00 00:00:00`` in their GMT field; both zero gives ``None``.
    """
    for value, is_local in ((gmt, False), (local, True)):
        value = (value or "").strip()
        if not value or value.startswith("0000-00-00"):
            continue
        try:
            naive = datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        if is_local:
            return timezone.make_aware(naive), True
        return naive.replace(tzinfo=UTC), False
    return None, False


def _int(value: str | None) -> int:
    try:
        return int((value or "0").strip() or 0)
    except ValueError:
        return 0


def _text(element: Any) -> str:
    return element.text or ""


def _children(element: Any) -> dict[str, str]:
    return {key(child.tag): _text(child) for child in element}


def _author(element: Any) -> Author:
    data = _children(element)
    return Author(
        login=data.get("wp:author_login", "").strip(),
        email=data.get("wp:author_email", "").strip(),
        display_name=data.get("wp:author_display_name", "").strip(),
        first_name=data.get("wp:author_first_name", "").strip(),
        last_name=data.get("wp:author_last_name", "").strip(),
        wp_id=_int(data.get("wp:author_id")),
    )


def _term(element: Any, kind: str) -> Term:
    data = _children(element)
    if kind == "category":
        return Term(
            kind=kind,
            slug=data.get("wp:category_nicename", "").strip(),
            name=data.get("wp:cat_name", "").strip(),
            parent=data.get("wp:category_parent", "").strip(),
            description=data.get("wp:category_description", "").strip(),
            taxonomy="category",
            wp_id=_int(data.get("wp:term_id")),
        )
    if kind == "tag":
        return Term(
            kind=kind,
            slug=data.get("wp:tag_slug", "").strip(),
            name=data.get("wp:tag_name", "").strip(),
            description=data.get("wp:tag_description", "").strip(),
            taxonomy="post_tag",
            wp_id=_int(data.get("wp:term_id")),
        )
    return Term(
        kind=kind,
        slug=data.get("wp:term_slug", "").strip(),
        name=data.get("wp:term_name", "").strip(),
        parent=data.get("wp:term_parent", "").strip(),
        description=data.get("wp:term_description", "").strip(),
        taxonomy=data.get("wp:term_taxonomy", "").strip(),
        wp_id=_int(data.get("wp:term_id")),
    )


def _comment(element: Any) -> Comment:
    data = _children(element)
    date, was_local = parse_date(
        data.get("wp:comment_date_gmt", ""), data.get("wp:comment_date", "")
    )
    return Comment(
        wp_id=_int(data.get("wp:comment_id")),
        author=data.get("wp:comment_author", "").strip(),
        email=data.get("wp:comment_author_email", "").strip(),
        url=data.get("wp:comment_author_url", "").strip(),
        ip=data.get("wp:comment_author_IP", "").strip(),
        date=date,
        date_was_local=was_local,
        content=data.get("wp:comment_content", ""),
        approved=data.get("wp:comment_approved", "1").strip(),
        type=data.get("wp:comment_type", "").strip(),
        parent=_int(data.get("wp:comment_parent")),
        user_id=_int(data.get("wp:comment_user_id")),
    )


def _item(element: Any) -> Item:
    values: dict[str, str] = {}
    terms: list[tuple[str, str, str]] = []
    meta: dict[str, str] = {}
    comments: list[Comment] = []
    for child in element:
        name = key(child.tag)
        if name == "category":
            terms.append((child.get("domain", ""), child.get("nicename", ""), _text(child)))
        elif name == "wp:postmeta":
            data = _children(child)
            meta[data.get("wp:meta_key", "")] = data.get("wp:meta_value", "")
        elif name == "wp:comment":
            comments.append(_comment(child))
        else:
            values[name] = _text(child)
    date, was_local = parse_date(values.get("wp:post_date_gmt", ""), values.get("wp:post_date", ""))
    modified, _ = parse_date(
        values.get("wp:post_modified_gmt", ""), values.get("wp:post_modified", "")
    )
    return Item(
        wp_id=_int(values.get("wp:post_id")),
        post_type=values.get("wp:post_type", "post").strip(),
        title=values.get("title", "").strip(),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        date=date,
        date_was_local=was_local,
        modified=modified,
        comment_status=values.get("wp:comment_status", "open").strip(),
        slug=values.get("wp:post_name", "").strip(),
        status=values.get("wp:status", "").strip(),
        parent=_int(values.get("wp:post_parent")),
        password=values.get("wp:post_password", ""),
        is_sticky=values.get("wp:is_sticky", "0").strip() == "1",
        attachment_url=values.get("wp:attachment_url", "").strip(),
        terms=terms,
        meta=meta,
        comments=comments,
    )


Record = Site | Author | Term | Item


def read(source: str | Path | IO[bytes]) -> Iterator[Record]:
    """Yield the site header, then each author, category, tag, term and item, in file order."""
    site = Site()
    site_sent = False
    depth = 0
    parser = etree.iterparse(
        source,
        events=("start", "end"),
        huge_tree=True,  # one post's content may exceed libxml2's 10 MB text limit
        resolve_entities=False,  # WordPress never declares entities; refuse expansion tricks
        no_network=True,
    )
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth != 2:  # only whole children of <channel> (rss=0, channel=1)
                continue
            name = key(element.tag)
            record: Record | None = None
            if name == "item":
                record = _item(element)
            elif name == "wp:author":
                record = _author(element)
            elif name == "wp:category":
                record = _term(element, "category")
            elif name == "wp:tag":
                record = _term(element, "tag")
            elif name == "wp:term":
                record = _term(element, "term")
            elif name == "title":
                site.title = _text(element).strip()
            elif name == "link":
                site.link = _text(element).strip()
            elif name == "wp:base_site_url":
                site.base_site_url = _text(element).strip()
            elif name == "wp:base_blog_url":
                site.base_blog_url = _text(element).strip()
            elif name == "wp:wxr_version":
                site.wxr_version = _text(element).strip()
            # Constant memory: drop this element and every sibling already handled.
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
            if record is not None:
                if not site_sent:
                    site_sent = True
                    yield site
                yield record
    except etree.XMLSyntaxError as error:
        raise WXRError(f"Not a readable WordPress export: {error}") from error
    if not site_sent:
        if not site.wxr_version:
            raise WXRError("Not a WordPress export: no wp:wxr_version in the channel.")
        yield site
