"""Write Byline's content as a WordPress export (WXR 1.2) that WordPress's importer accepts.

Articles, their categories, tags and authors, comments with their threads and statuses, and
the images (featured and in the body) as attachments whose addresses point at this site, so
WordPress's importer can fetch them. Written as a stream with ``lxml.etree.xmlfile``: one
article and its comments in memory at a time.
"""

import html
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch
from django.utils import timezone
from lxml import etree

from articles.media.models import Image
from articles.models import Article, Category, Tag
from byline.models import SiteSettings
from comments.models import Comment

WP = "http://wordpress.org/export/1.2/"
EXCERPT = "http://wordpress.org/export/1.2/excerpt/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
WFW = "http://wellformedweb.org/CommentAPI/"
NSMAP = {"excerpt": EXCERPT, "content": CONTENT, "wfw": WFW, "dc": DC, "wp": WP}
ZERO_DATE = "0000-00-00 00:00:00"
STATUSES = {
    Article.Status.PUBLISHED: "publish",
    Article.Status.SCHEDULED: "future",
    Article.Status.DRAFT: "draft",
}
COMMENT_STATUSES = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.TRASH: "trash",
}


def _gmt(value: datetime | None) -> str:
    return value.astimezone(timezone.UTC).strftime("%Y-%m-%d %H:%M:%S") if value else ZERO_DATE


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ZERO_DATE


def _element(tag: str, text: Any = "", *, cdata: bool = False, **attributes: str) -> Any:
    prefix, _, local = tag.rpartition(":")
    element = etree.Element(f"{{{NSMAP[prefix]}}}{local}" if prefix else local, attributes)
    value = "" if text is None else str(text)
    element.text = etree.CDATA(value) if cdata and value else value
    return element


class Exporter:
    """One export of the whole site to one file."""

    def __init__(self, *, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.counts: Counter = Counter()
        # Attachment ids must not collide with post ids: they are numbered after the articles.
        self.image_base = (Article.objects.aggregate(n=Max("pk"))["n"] or 0) + 1
        self.featured_base = self.image_base + (Image.objects.aggregate(n=Max("pk"))["n"] or 0) + 1

    def absolute(self, url: str) -> str:
        return url if url.startswith(("http://", "https://")) else f"{self.base_url}{url}"

    def write(self, out: str | Path | IO[bytes]) -> Counter:
        with etree.xmlfile(out, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element("rss", {"version": "2.0"}, nsmap=NSMAP), xf.element("channel"):
                for element in self.header():
                    xf.write(element, pretty_print=True)
                for element in self.people_and_terms():
                    xf.write(element, pretty_print=True)
                for element in self.items():
                    xf.write(element, pretty_print=True)
        return self.counts

    def header(self) -> list[Any]:
        site = SiteSettings.load()
        return [
            _element("title", site.site_name),
            _element("link", self.base_url),
            _element("description", site.tagline),
            _element("language", "en"),
            _element("wp:wxr_version", "1.2"),
            _element("wp:base_site_url", self.base_url),
            _element("wp:base_blog_url", self.base_url),
        ]

    def people_and_terms(self) -> list[Any]:
        elements = []
        users = get_user_model().objects.filter(articles__isnull=False).distinct().order_by("pk")
        for user in users:
            author = _element("wp:author")
            for tag, value in (
                ("wp:author_id", user.pk),
                ("wp:author_login", user.get_username()),
                ("wp:author_email", user.email),
                ("wp:author_display_name", user.get_full_name() or user.get_username()),
                ("wp:author_first_name", user.first_name),
                ("wp:author_last_name", user.last_name),
            ):
                author.append(_element(tag, value, cdata=tag != "wp:author_id"))
            elements.append(author)
            self.counts["authors"] += 1
        for category in Category.objects.order_by("pk"):
            term = _element("wp:category")
            term.append(_element("wp:term_id", category.pk))
            term.append(_element("wp:category_nicename", category.slug, cdata=True))
            term.append(_element("wp:category_parent", "", cdata=True))
            term.append(_element("wp:cat_name", category.name, cdata=True))
            term.append(_element("wp:category_description", category.description, cdata=True))
            elements.append(term)
            self.counts["categories"] += 1
        for tag in Tag.objects.order_by("pk"):
            term = _element("wp:tag")
            term.append(_element("wp:term_id", tag.pk))
            term.append(_element("wp:tag_slug", tag.slug, cdata=True))
            term.append(_element("wp:tag_name", tag.name, cdata=True))
            elements.append(term)
            self.counts["tags"] += 1
        return elements

    def items(self) -> Any:
        articles = (
            Article.objects.select_related("author", "category")
            .prefetch_related(
                "tags",
                "body_images",
                Prefetch(
                    "comments",
                    queryset=Comment.objects.select_related("wordpress").order_by(
                        "created_at", "pk"
                    ),
                ),
            )
            .order_by("pk")
        )
        for article in articles.iterator(chunk_size=200):
            if article.featured_image:
                yield self.attachment(
                    wp_id=self.featured_base + article.pk,
                    article=article,
                    name=article.featured_image.name,
                    url=article.featured_image.url,
                    alt=article.featured_image_alt,
                )
            for image in article.body_images.all():
                yield self.attachment(
                    wp_id=self.image_base + image.pk,
                    article=article,
                    name=image.name,
                    url=image.url,
                    alt=image.alt,
                )
            yield self.post(article)

    def attachment(self, *, wp_id: int, article: Article, name: str, url: str, alt: str) -> Any:
        address = self.absolute(url)
        item = _element("item")
        for tag, value, cdata in (
            ("title", Path(name).stem, False),
            ("link", address, False),
            ("dc:creator", article.author.get_username(), True),
            ("guid", address, False),
            ("content:encoded", "", True),
            ("excerpt:encoded", "", True),
            ("wp:post_id", wp_id, False),
            ("wp:post_date", _local(article.created_at), True),
            ("wp:post_date_gmt", _gmt(article.created_at), True),
            ("wp:comment_status", "closed", True),
            ("wp:ping_status", "closed", True),
            ("wp:post_name", Path(name).stem, True),
            ("wp:status", "inherit", True),
            ("wp:post_parent", article.pk, False),
            ("wp:menu_order", 0, False),
            ("wp:post_type", "attachment", True),
            ("wp:post_password", "", True),
            ("wp:is_sticky", 0, False),
            ("wp:attachment_url", address, True),
        ):
            item.append(_element(tag, value, cdata=cdata))
        item.find("guid").set("isPermaLink", "false")
        item.append(self.meta("_wp_attached_file", name))
        if alt:
            item.append(self.meta("_wp_attachment_image_alt", alt))
        self.counts["images"] += 1
        return item

    @staticmethod
    def meta(key: str, value: Any) -> Any:
        meta = _element("wp:postmeta")
        meta.append(_element("wp:meta_key", key, cdata=True))
        meta.append(_element("wp:meta_value", value, cdata=True))
        return meta

    def post(self, article: Article) -> Any:
        # Body images point at this site, so WordPress's importer can fetch them.
        body = article.body
        for image in article.body_images.all():
            body = body.replace(f'"{image.url}"', f'"{self.absolute(image.url)}"')
        published = article.published_at if article.status != Article.Status.DRAFT else None
        item = _element("item")
        for tag, value, cdata in (
            ("title", article.title, False),
            ("link", self.absolute(article.get_absolute_url()), False),
            ("dc:creator", article.author.get_username(), True),
            # The id Byline's feeds gave it: readers of the feed see no new entry after a move.
            ("guid", article.feed_id or f"{self.base_url}/?p={article.pk}", False),
            ("description", "", False),
            ("content:encoded", body, True),
            ("excerpt:encoded", article.summary, True),
            ("wp:post_id", article.pk, False),
            ("wp:post_date", _local(published or article.created_at), True),
            ("wp:post_date_gmt", _gmt(published), True),
            ("wp:post_modified", _local(article.updated_at), True),
            ("wp:post_modified_gmt", _gmt(article.updated_at), True),
            ("wp:comment_status", "open" if article.comments_open else "closed", True),
            ("wp:ping_status", "closed", True),
            ("wp:post_name", article.slug, True),
            ("wp:status", STATUSES[article.status], True),
            ("wp:post_parent", 0, False),
            ("wp:menu_order", 0, False),
            ("wp:post_type", "post", True),
            ("wp:post_password", "", True),
            ("wp:is_sticky", int(article.is_featured), False),
        ):
            item.append(_element(tag, value, cdata=cdata))
        item.find("guid").set("isPermaLink", "false")
        category = _element("category", article.category.name, cdata=True, domain="category")
        category.set("nicename", article.category.slug)
        item.append(category)
        for tag in article.tags.all():
            element = _element("category", tag.name, cdata=True, domain="post_tag")
            element.set("nicename", tag.slug)
            item.append(element)
        if article.featured_image:
            item.append(self.meta("_thumbnail_id", self.featured_base + article.pk))
        for comment in article.comments.all():
            item.append(self.comment(comment))
        self.counts["articles"] += 1
        return item

    def comment(self, comment: Comment) -> Any:
        wordpress = getattr(comment, "wordpress", None)
        element = _element("wp:comment")
        for tag, value, cdata in (
            ("wp:comment_id", comment.pk, False),
            ("wp:comment_author", comment.author_name, True),
            ("wp:comment_author_email", comment.author_email, True),
            ("wp:comment_author_url", comment.author_url, False),
            ("wp:comment_author_IP", comment.ip_address or "", True),
            ("wp:comment_date", _local(comment.created_at), True),
            ("wp:comment_date_gmt", _gmt(comment.created_at), True),
            # WordPress stores comments as HTML; Byline's are plain text, so they are escaped.
            ("wp:comment_content", html.escape(comment.text, quote=False), True),
            ("wp:comment_approved", COMMENT_STATUSES[comment.status], True),
            ("wp:comment_type", wordpress.comment_type if wordpress else "comment", True),
            ("wp:comment_parent", comment.parent_id or 0, False),
            ("wp:comment_user_id", comment.user_id or 0, False),
        ):
            element.append(_element(tag, value, cdata=cdata))
        self.counts["comments"] += 1
        return element


def export_wordpress(out: str | Path | IO[bytes], *, base_url: str) -> Counter:
    """Write the whole site to ``out`` as WXR 1.2; returns what was written, counted."""
    return Exporter(base_url=base_url).write(out)
