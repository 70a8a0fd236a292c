"""Import a WordPress export (WXR) into Byline: articles, comments, people, images, addresses.

Two streaming passes over the file. The first reads only what every post may point at (the
attachments, the other posts' addresses, the authors and terms) so a post early in the file
can link to one late in it; the second imports each post and its comments in a transaction
of its own, so a failure leaves no half post and a second run continues where one stopped.
Each imported post and comment keeps a fingerprint of its source: a second run of the same
file changes nothing, a newer export updates what changed, matched on WordPress ids.

A dry run does all the same work inside one transaction that is rolled back, and copies no
files, so it prints exactly the report the real run will print.
"""

import hashlib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib.auth.models import Group, User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator, validate_email, validate_ipv46_address
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles import after_commit, images
from articles.media.models import Image
from articles.models import Article, Category, Tag
from byline import pagecache, roles
from byline.wordpress import content, wxr
from byline.wordpress.models import (
    ImportedAuthor,
    ImportedComment,
    ImportedImage,
    ImportedPost,
    ImportedTerm,
)
from byline.wordpress.report import Report
from comments.models import NAME_MAX_LENGTH, URL_MAX_LENGTH, Comment, StatusChange
from comments.text import render_text

IMPORTED_STATUSES = {"publish", "future", "draft", "pending", "private"}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
COMMENT_TYPES = {"", "comment", "pingback", "trackback"}
SUMMARY_LENGTH = 300
PAGES_CATEGORY = ("Pages", "pages")
UNCATEGORIZED = ("Uncategorized", "uncategorized")
PENDING_SRC = "/media/wordpress-pending/"
PROGRESS_EVERY = 25


@dataclass
class Attachment:
    """What a post may need of an attachment: its file, its alt text and its caption."""

    url: str
    file: str
    alt: str
    title: str
    caption: str
    parent: int


@dataclass
class PostRef:
    """What other posts need to know of a post: where it lived and where it goes."""

    wp_id: int
    post_type: str
    title: str
    wp_slug: str
    path: str
    slug: str = ""  # Byline's slug, decided before any post is written
    slug_note: str = ""


@dataclass(kw_only=True)
class Options:
    """How to import: the uploads folder, which login becomes which user, what to do with pages."""

    media_dir: Path | None = None
    author_map: dict[str, str] = field(default_factory=dict)
    pages: str = "category"  # or "skip"
    dry_run: bool = False

    def fingerprint(self) -> str:
        # Giving a media folder on a later run imports the images the first run had to skip.
        return f"{self.pages}|{bool(self.media_dir)}"


def site_key(site: wxr.Site) -> str:
    """Which WordPress site an export comes from: its address without scheme or end slash.

    WordPress ids are unique within one site only; two blogs imported into one Byline keep
    their posts and comments apart by this key.
    """
    address = site.base_blog_url or site.base_site_url or site.link
    return address.split("://", 1)[-1].rstrip("/").lower()[:200]


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def clean_slug(value: str, *, max_length: int = 200) -> str:
    """A valid Byline slug (ASCII letters, digits, hyphens) from a WordPress one."""
    return slugify(unquote(value))[:max_length].strip("-")


def import_wordpress(
    source: str | Path | IO[bytes],
    *,
    options: Options,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Import ``source`` (a path to a WXR file); return the report. Writes nothing on a dry run."""
    return Importer(source, options=options, progress=progress).run()


class Importer:
    """One run over one export; see the module docstring."""

    def __init__(
        self,
        source: str | Path | IO[bytes],
        *,
        options: Options,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.source = source
        self.options = options
        self.progress = progress
        self.report = Report(dry_run=options.dry_run)
        self.site = wxr.Site()
        self.authors: dict[str, wxr.Author] = {}
        self.terms: list[wxr.Term] = []
        self.attachments: dict[int, Attachment] = {}
        self.attachment_by_file: dict[str, int] = {}
        self.refs: dict[int, PostRef] = {}
        self.ref_by_path: dict[str, int] = {}
        self.ref_by_slug: dict[str, int] = {}
        self.used_attachments: set[int] = set()
        self.users: dict[str, User] = {}
        self.user_by_wp_id: dict[int, User] = {}
        self.categories: dict[str, Category] = {}  # WordPress category slug → category
        self.category_term_ids: dict[int, str] = {}
        self.tags: dict[str, Tag] = {}
        self.total = 0
        self.done = 0
        self.article_ids: list[int] = []
        self.hosts: set[str] = set()
        self.site_key = ""

    # --- the run ---------------------------------------------------------------------------

    def run(self) -> Report:
        self.scan()
        # The search index, link index and suggestion terms of every saved article are gathered
        # and brought up to date once at the end, in batches: refreshed after each post's
        # commit, they cost more than the import itself. Slug history is a record, written
        # with each post.
        if self.options.dry_run:
            with after_commit.deferred() as derived, transaction.atomic():
                self.write()
                transaction.set_rollback(True)
                derived.discard()
        else:
            with after_commit.deferred() as derived:
                self.write()
                # Every article of the export, changed or not: a run stopped before this point
                # left its posts committed but not indexed, and the next run mends them.
                derived.add_all(self.article_ids)
            # Posts, dates and comments arrive partly in bulk (no signals): every cached page
            # renders again rather than a few staying stale.
            pagecache.purge_everything()
        self.done = self.total
        self._tick(force=True)
        return self.report

    def _read(self) -> Iterable[wxr.Record]:
        if hasattr(self.source, "seek"):
            self.source.seek(0)  # type: ignore[union-attr]
        return wxr.read(self.source)

    def scan(self) -> None:
        """First pass: attachments, post addresses, authors and terms; nothing is written."""
        for record in self._read():
            if isinstance(record, wxr.Site):
                self.site = record
                self.site_key = site_key(record)
                for url in (record.link, record.base_site_url, record.base_blog_url):
                    if host := urlsplit(url).hostname:
                        self.hosts.add(host.lower())
            elif isinstance(record, wxr.Author):
                if record.login:
                    self.authors[record.login] = record
            elif isinstance(record, wxr.Term):
                self.terms.append(record)
            elif isinstance(record, wxr.Item):
                self._scan_item(record)

    def _scan_item(self, item: wxr.Item) -> None:
        if item.post_type == "attachment":
            path = item.meta.get("_wp_attached_file", "") or content.uploads_path(
                item.attachment_url
            )
            self.attachments[item.wp_id] = Attachment(
                url=item.attachment_url,
                file=path,
                alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
                title=html.unescape(item.title),
                caption=content.plain_text(item.excerpt),
                parent=item.parent,
            )
            for url in (item.attachment_url, item.guid):
                if url:
                    self.attachment_by_file.setdefault(_url_key(url), item.wp_id)
            return
        if not self._importable(item):
            return
        self.total += 1
        path = _link_path(item.link)
        ref = PostRef(
            wp_id=item.wp_id,
            post_type=item.post_type,
            title=item.title,
            wp_slug=unquote(item.slug),
            path=path,
        )
        self.refs[item.wp_id] = ref
        if path:
            self.ref_by_path[path] = item.wp_id
        if ref.wp_slug:
            self.ref_by_slug.setdefault(ref.wp_slug, item.wp_id)

    def _importable(self, item: wxr.Item) -> bool:
        if item.post_type == "page" and self.options.pages == "skip":
            return False
        return item.post_type in {"post", "page"} and item.status in IMPORTED_STATUSES

    def write(self) -> None:
        """Second pass: people and terms first, then each post in its own transaction."""
        self.prepare_authors()
        self.prepare_terms()
        self.plan_slugs()
        self._tick()
        for record in self._read():
            if isinstance(record, wxr.Item) and record.post_type != "attachment":
                self.import_item(record)
        unused = sorted(set(self.attachments) - self.used_attachments)
        for wp_id in unused:
            self.report.note("attachments_unused", self.attachments[wp_id].file or str(wp_id))

    def _tick(self, *, force: bool = False) -> None:
        if self.progress and (force or self.done % PROGRESS_EVERY == 0):
            self.progress(self.done, self.total)

    # --- people and terms ------------------------------------------------------------------

    def prepare_authors(self) -> None:
        for login in self.authors:
            self.user_for(login)

    def user_for(self, login: str) -> User:
        """The user a WordPress login becomes: mapped, matched, or created as an editor."""
        if login in self.users:
            return self.users[login]
        author = self.authors.get(login) or wxr.Author(login=login or "wordpress")
        mapped = (
            ImportedAuthor.objects.select_related("user")
            .filter(site=self.site_key, login=author.login)
            .first()
        )
        if mapped:
            user = mapped.user
        elif author.login in self.options.author_map:
            user = User.objects.get(username=self.options.author_map[author.login])
            ImportedAuthor.objects.create(site=self.site_key, login=author.login, user=user)
        else:
            user = self._match_or_create_user(author)
            ImportedAuthor.objects.create(site=self.site_key, login=author.login, user=user)
        self.users[login] = user
        if author.wp_id:
            self.user_by_wp_id[author.wp_id] = user
        return user

    def _match_or_create_user(self, author: wxr.Author) -> User:
        if author.login not in self.authors:
            self.report.note("author_missing", author.login or "(no login)")
        username = author.login
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            username = re.sub(r"[^\w.@+-]", "-", username).strip("-") or "wordpress"
        existing = User.objects.filter(username=username).first()
        if existing:
            self.report.note("author_matched", author.login, f"the existing user “{username}”")
            return existing
        display = author.display_name or f"{author.first_name} {author.last_name}".strip()
        user = User(username=username[:150], email=author.email, is_staff=True)
        # Byline's byline shows the full name: the WordPress display name goes there whole.
        user.first_name = display[:150]
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=roles.EDITORS)[0])
        self.report.counts["users created"] += 1
        name = f"“{display}”" if display else "no display name"
        self.report.note("author_created", author.login, f"user “{user.username}”, {name}")
        return user

    def prepare_terms(self) -> None:
        by_slug = {t.slug: t for t in self.terms if t.kind == "category"}
        for term in self.terms:
            if term.kind == "category":
                self.category_term_ids[term.wp_id] = term.slug
                self.category_for(term.slug, term.name, by_slug=by_slug)
            elif term.kind == "tag":
                self.tag_for(term.slug, term.name, wp_id=term.wp_id)

    def category_for(
        self, wp_slug: str, name: str, *, by_slug: dict[str, wxr.Term] | None = None
    ) -> Category:
        """The flat Byline category for a WordPress category (its parents are reported)."""
        if wp_slug in self.categories:
            return self.categories[wp_slug]
        by_slug = by_slug or {}
        chain, seen = [wp_slug], {wp_slug}
        while (parent := by_slug.get(chain[0], wxr.Term("category", "")).parent) and (
            parent not in seen
        ):
            chain.insert(0, parent)
            seen.add(parent)
        path = "/".join(unquote(slug) for slug in chain)  # as request.path reads it
        mapped = ImportedTerm.objects.select_related("category").filter(
            site=self.site_key, kind=ImportedTerm.Kind.CATEGORY, wp_path=path
        )
        wp_id = by_slug[wp_slug].wp_id if wp_slug in by_slug else 0
        if (found := mapped.first()) and found.category:
            if wp_id and found.wp_id != wp_id:  # mapped by a run that did not keep term ids
                found.wp_id = wp_id
                found.save(update_fields=["wp_id"])
            self.categories[wp_slug] = found.category
            return found.category
        name = html.unescape(name or wp_slug).strip()[:100] or wp_slug
        slug = clean_slug(wp_slug, max_length=100) or clean_slug(name, max_length=100)
        slug = slug or "category"
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            unique_name = name
            if Category.objects.filter(name=unique_name).exists():
                parent_name = by_slug[chain[-2]].name if len(chain) > 1 else slug
                unique_name = f"{name} ({html.unescape(parent_name)})"[:100]
                self.report.note("category_renamed", name, f"now “{unique_name}”")
            category = Category.objects.create(
                name=unique_name,
                slug=self._free(Category, slug, 100),
                description=content.plain_text(by_slug.get(wp_slug, wxr.Term("", "")).description),
            )
            self.report.counts["categories created"] += 1
            if len(chain) > 1:
                self.report.note(
                    "category_flattened",
                    category.name,
                    f"was under “{' › '.join(chain[:-1])}”; its old address "
                    f"/category/{path}/ leads to /category/{category.slug}/",
                )
        ImportedTerm.objects.update_or_create(
            site=self.site_key,
            kind=ImportedTerm.Kind.CATEGORY,
            wp_path=path,
            defaults={"wp_slug": unquote(wp_slug), "category": category, "wp_id": wp_id or None},
        )
        self.categories[wp_slug] = category
        return category

    def tag_for(self, wp_slug: str, name: str, *, wp_id: int = 0) -> Tag:
        """The Byline tag for a WordPress tag (names and slugs of at most 60 characters)."""
        if wp_slug in self.tags:
            return self.tags[wp_slug]
        mapped = ImportedTerm.objects.select_related("tag").filter(
            site=self.site_key, kind=ImportedTerm.Kind.TAG, wp_path=unquote(wp_slug)
        )
        if (found := mapped.first()) and found.tag:
            if wp_id and found.wp_id != wp_id:  # mapped by a run that did not keep term ids
                found.wp_id = wp_id
                found.save(update_fields=["wp_id"])
            self.tags[wp_slug] = found.tag
            return found.tag
        full_name = html.unescape(name or wp_slug).strip() or wp_slug
        slug = clean_slug(wp_slug, max_length=60) or clean_slug(full_name, max_length=60) or "tag"
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=full_name).first()
        if tag is None:
            tag_name = full_name[:60]
            if Tag.objects.filter(name=tag_name).exists():
                tag_name = f"{tag_name[:50]} ({slug[:7]})"
            if tag_name != full_name:
                self.report.note("tag_renamed", full_name, f"now “{tag_name}”")
            tag = Tag.objects.create(name=tag_name, slug=self._free(Tag, slug, 60))
            self.report.counts["tags created"] += 1
        ImportedTerm.objects.update_or_create(
            site=self.site_key,
            kind=ImportedTerm.Kind.TAG,
            wp_path=unquote(wp_slug),
            defaults={"wp_slug": unquote(wp_slug), "tag": tag, "wp_id": wp_id or None},
        )
        self.tags[wp_slug] = tag
        return tag

    @staticmethod
    def _free(model: type, slug: str, max_length: int) -> str:
        candidate, n = slug, 2
        while model.objects.filter(slug=candidate).exists():
            suffix = f"-{n}"
            candidate, n = f"{slug[: max_length - len(suffix)]}{suffix}", n + 1
        return candidate

    # --- slugs -----------------------------------------------------------------------------

    def plan_slugs(self) -> None:
        """Decide every new article's slug before writing, so links between posts can point
        at them and the dry run decides the same slugs as the real run."""
        existing: dict[int, str] = {}
        ids = list(self.refs)
        for start in range(0, len(ids), 500):
            existing.update(
                ImportedPost.objects.filter(
                    site=self.site_key, wp_id__in=ids[start : start + 500]
                ).values_list("wp_id", "article__slug")
            )
        taken = set(Article.objects.values_list("slug", flat=True))
        for ref in self.refs.values():
            if ref.wp_id in existing:
                ref.slug = existing[ref.wp_id]
                continue
            wanted = clean_slug(ref.wp_slug)
            base = wanted or clean_slug(html.unescape(ref.title)) or f"post-{ref.wp_id}"
            slug, n = base, 2
            while slug in taken:
                suffix = f"-{n}"
                slug, n = f"{base[: 200 - len(suffix)]}{suffix}", n + 1
            taken.add(slug)
            ref.slug = slug
            if slug != ref.wp_slug:
                was = f"“{ref.wp_slug}”" if ref.wp_slug else "blank"
                ref.slug_note = f"was {was}, now “{slug}”"

    # --- posts -----------------------------------------------------------------------------

    def import_item(self, item: wxr.Item) -> None:
        subject = _subject(item)
        if item.post_type not in {"post", "page"}:
            if item.post_type not in {
                "revision",
                "nav_menu_item",
                "custom_css",
                "wp_global_styles",
            }:
                self.report.note("skipped_type", subject)
            else:
                self.report.counts[f"{item.post_type} items skipped"] += 1
            return
        if item.post_type == "page" and self.options.pages == "skip":
            self.report.note("page_skipped", subject)
            self._comments_of_skipped(item, subject)
            return
        if item.status not in IMPORTED_STATUSES:
            self.report.note("skipped_status", subject, f"status “{item.status or 'none'}”")
            self._comments_of_skipped(item, subject)
            return
        ref = self.refs[item.wp_id]
        self.copied_files: list[str] = []
        try:
            with transaction.atomic():
                article = self.import_post(item, ref, subject)
                self.import_comments(item, article, subject)
            self.article_ids.append(article.pk)
        except Exception as error:  # one broken post must not stop the others
            # The rollback took the rows; the image files copied for them go too.
            for name in self.copied_files:
                default_storage.delete(name)
            self.report.note("failed", subject, f"{type(error).__name__}: {error}")
            self.report.counts["posts failed"] += 1
        self.done += 1
        self._tick()

    def _comments_of_skipped(self, item: wxr.Item, subject: str) -> None:
        if item.comments:
            self.report.note("comments_of_skipped", subject, f"{len(item.comments)} comments")

    def import_post(self, item: wxr.Item, ref: PostRef, subject: str) -> Article:
        print_fp = fingerprint(
            item.fields(), self.options.fingerprint(), self._attachment_fields(item)
        )
        mapping = (
            ImportedPost.objects.select_related("article")
            .filter(site=self.site_key, wp_id=item.wp_id)
            .first()
        )
        if mapping and mapping.fingerprint == print_fp:
            self.report.counts["articles unchanged"] += 1
            self._mark_attachments_used(item)
            return mapping.article
        article = mapping.article if mapping else Article(slug=ref.slug)
        if not article.feed_id and item.guid:
            # WordPress's feeds gave the post its guid as id: kept, feed readers that saw the
            # post there do not show it again as new.
            article.feed_id = item.guid[:255]
        if ref.slug_note and not mapping:
            self.report.note("slug_changed", subject, ref.slug_note)
        self._fill_article(article, item, subject)
        pending: list[tuple[str, str]] = []
        known = self._known_images(article)
        converted = content.convert(
            item.content,
            gallery_images=lambda attrs: self._gallery(item, attrs, subject),
            image_for=lambda src, wp_id: self._body_image(src, wp_id, subject, pending, known),
            link_for=self._link_for,
        )
        for code, message in converted.notes:
            self.report.note(code, subject, message)
        self.report.counts["internal links rewritten"] += converted.links_rewritten
        article.body = converted.html
        article.summary = self._summary(item, converted, subject)
        featured = self._featured(item, article, subject)
        article.save()
        if pending and not self.options.dry_run:
            self._attach_body_images(article, pending, known)
        self._apply_dates(article, item)
        categories = [t for t in item.terms if t[0] == "category"]
        tags = [self.tag_for(nicename, name) for domain, nicename, name in item.terms
                if domain == "post_tag" and nicename]  # fmt: skip
        for _domain, nicename, name in categories:
            if self.categories.get(nicename) != article.category:
                tags.append(self.tag_for(nicename, name))
        article.tags.set(tags)
        # The mapping read above (none for a new post): saved without reading it again.
        mapping = mapping or ImportedPost(site=self.site_key, wp_id=item.wp_id)
        mapping.article = article
        mapping.wp_type = item.post_type
        mapping.wp_slug = ref.wp_slug[:200]
        mapping.wp_path = ref.path[:500]
        mapping.featured_source = featured
        was_new, mapping.fingerprint = mapping.pk is None, print_fp
        mapping.save()
        self.report.counts["articles created" if was_new else "articles updated"] += 1
        return article

    def _fill_article(self, article: Article, item: wxr.Item, subject: str) -> None:
        title = content.plain_text(item.title)
        if not title:
            title = Truncator(content.plain_text(item.content)).words(8) or f"Post {item.wp_id}"
            self.report.note("title_missing", subject, f"titled “{title}”")
        article.title = title[:200]
        article.author = self.user_for(item.creator)
        article.is_featured = item.is_sticky
        article.comments_open = item.comment_status == "open"
        self._map_status(article, item, subject)
        article.category = self._primary_category(item, subject)

    def _map_status(self, article: Article, item: wxr.Item, subject: str) -> None:
        date = item.date
        if item.date_was_local and item.status in {"publish", "future"}:
            self.report.note("date_local", subject, "read in the site's time zone")
        if item.status in {"publish", "future"} and date is None:
            date = item.modified or timezone.now()
            self.report.note(
                "date_missing", subject, "0000-00-00 in the export: dated by its last change"
            )
        if item.password:
            article.status, article.published_at = Article.Status.DRAFT, None
            self.report.note("status_mapped", subject, "password-protected → draft")
        elif item.status == "publish":
            article.status, article.published_at = Article.Status.PUBLISHED, date
        elif item.status == "future":
            article.status, article.published_at = Article.Status.SCHEDULED, date
            self.report.note("scheduled", subject, f"goes live {date:%Y-%m-%d %H:%M} UTC")
        else:
            article.status, article.published_at = Article.Status.DRAFT, None
            if item.status != "draft":
                why = {"pending": "waiting for review", "private": "private"}[item.status]
                self.report.note("status_mapped", subject, f"{why} ({item.status}) → draft")
        if item.post_type == "page":
            self.report.note("page_imported", subject)

    def _apply_dates(self, article: Article, item: wxr.Item) -> None:
        """Keep WordPress's dates: created, last modified, and an update long after publishing."""
        dates: dict[str, datetime | None] = {}
        if item.date:
            dates["created_at"] = item.date
        if item.modified:
            dates["updated_at"] = item.modified
            published = article.published_at
            # A later day's edit shows as "updated"; same-day saves right after publishing don't.
            if published and item.modified.date() > published.date():
                dates["significant_update_at"] = item.modified
        if dates:
            Article.objects.filter(pk=article.pk).update(**dates)
            for name, value in dates.items():
                setattr(article, name, value)

    def _primary_category(self, item: wxr.Item, subject: str) -> Category:
        if item.post_type == "page":
            return Category.objects.get_or_create(
                slug=PAGES_CATEGORY[1], defaults={"name": PAGES_CATEGORY[0]}
            )[0]
        listed = [(n, name) for domain, n, name in item.terms if domain == "category" and n]
        if not listed:
            self.report.note("category_missing", subject)
            return self.category_for(UNCATEGORIZED[1], UNCATEGORIZED[0])
        primary = self.category_term_ids.get(
            int(item.meta.get("_yoast_wpseo_primary_category") or 0)
        )
        if primary not in {n for n, _name in listed}:
            primary = listed[0][0]
        name = next(name for n, name in listed if n == primary)
        if len(listed) > 1:
            others = ", ".join(f"“{html.unescape(nm)}”" for n, nm in listed if n != primary)
            self.report.note(
                "extra_categories", subject, f"kept “{html.unescape(name)}”; {others} → tags"
            )
        return self.category_for(primary, name)

    def _summary(self, item: wxr.Item, converted: content.Converted, subject: str) -> str:
        if summary := content.plain_text(item.excerpt):
            return summary
        summary = converted.teaser or content.plain_text(converted.html)
        summary = Truncator(summary).chars(SUMMARY_LENGTH) or content.plain_text(item.title)
        self.report.note("summary_from_body", subject)
        return summary or "—"

    # --- images ----------------------------------------------------------------------------

    def _attachment_fields(self, item: wxr.Item) -> tuple:
        thumb = self.attachments.get(int(item.meta.get("_thumbnail_id") or 0))
        return (thumb.file, thumb.alt) if thumb else ()

    def _mark_attachments_used(self, item: wxr.Item) -> None:
        if thumb := int(item.meta.get("_thumbnail_id") or 0):
            self.used_attachments.add(thumb)
        for match in content.WP_IMAGE_CLASS.finditer(item.content):
            self.used_attachments.add(int(match.group(1)))
        for src in re.findall(r"<img[^>]+src=[\"']([^\"']+)", item.content, flags=re.I):
            self._source_file(src, None)
        if "[gallery" in item.content:
            self._gallery(item, {}, "", report=False)

    def _source_file(self, src: str, wp_id: int | None) -> tuple[str, Attachment | None]:
        """The uploads path of an image, and its attachment if the export has one."""
        attachment_id = wp_id if wp_id in self.attachments else None
        if attachment_id is None:
            attachment_id = self.attachment_by_file.get(_url_key(src))
        if attachment_id is None:
            attachment_id = self.attachment_by_file.get(_url_key(content.without_size_suffix(src)))
        if attachment_id is not None:
            self.used_attachments.add(attachment_id)
            attachment = self.attachments[attachment_id]
            return attachment.file, attachment
        return content.uploads_path(src), None

    def _check_file(self, relative: str, subject: str, what: str) -> Path | None:
        """The file in the media folder if it is there and a valid image; else say why not."""
        if self.options.media_dir is None:
            self.report.note("image_missing", subject, f"{what} {relative} (no --media-dir given)")
            return None
        base = self.options.media_dir.resolve()
        candidates = [relative, content.without_size_suffix(relative)]
        path = next(
            (
                p
                for p in ((base / c).resolve() for c in candidates)
                if p.is_relative_to(base) and p.is_file()
            ),
            None,
        )
        if path is None:
            self.report.note("image_missing", subject, f"{what} {relative} not in the media folder")
            return None
        with path.open("rb") as file:
            try:
                images.validate_upload(File(file, name=path.name))
            except ValidationError as error:
                self.report.note("image_invalid", subject, f"{relative}: {error.messages[0]}")
                return None
        return path

    def _known_images(self, article: Article) -> dict[str, Image]:
        """Body images an earlier run already copied for this article, by uploads path."""
        if article.pk is None:
            return {}
        return {
            found.source: found.image
            for found in ImportedImage.objects.select_related("image").filter(
                image__in_bodies=article
            )
        }

    def _body_image(
        self,
        src: str,
        wp_id: int | None,
        subject: str,
        pending: list[tuple[str, str]],
        known: dict[str, Image],
    ) -> tuple[str, str] | None:
        relative, attachment = self._source_file(src, wp_id)
        if not relative:
            self.report.note("image_external", subject, src)
            return None
        if self._check_file(relative, subject, "image") is None:
            return None
        alt = attachment.alt if attachment else ""
        if relative not in known and relative not in {r for r, _a in pending}:
            self.report.counts["images created"] += 1
        pending.append((relative, alt))
        if self.options.dry_run:
            return src, alt
        return f"{PENDING_SRC}{len(pending) - 1}", alt

    def _attach_body_images(
        self, article: Article, pending: list[tuple[str, str]], known: dict[str, Image]
    ) -> None:
        base = self.options.media_dir.resolve()  # type: ignore[union-attr]
        body = article.body
        for n, (relative, alt) in enumerate(pending):
            image = known.get(relative)
            if image is None:
                path = next(
                    p
                    for p in (base / relative, base / content.without_size_suffix(relative))
                    if p.is_file()
                )
                image = Image(alt=(alt or article.title)[:250])
                # Uncommitted, so the model's own save cleans it (EXIF out) and makes renditions.
                image.file = ContentFile(path.read_bytes(), name=path.name)
                image.save()
                self.copied_files += sorted(image.stored_names())
                ImportedImage.objects.create(image=image, source=relative)
                known[relative] = image
            body = body.replace(f'"{PENDING_SRC}{n}"', f'"{image.url}"')
        article.body = body
        article.save()

    def _gallery(
        self, item: wxr.Item, attributes: dict[str, str], subject: str, *, report: bool = True
    ) -> list[tuple[str, str, str]]:
        ids = [int(i) for i in re.findall(r"\d+", attributes.get("ids", "") or "")]
        if not ids:
            ids = sorted(k for k, a in self.attachments.items() if a.parent == item.wp_id)
        found = []
        for wp_id in ids:
            if attachment := self.attachments.get(wp_id):
                self.used_attachments.add(wp_id)
                found.append((attachment.url, attachment.alt, attachment.caption))
            elif report:
                self.report.note("image_missing", subject, f"gallery attachment {wp_id}")
        return found

    def _featured(self, item: wxr.Item, article: Article, subject: str) -> str:
        """Set the featured image from ``_thumbnail_id``; returns its uploads path."""
        thumb_id = int(item.meta.get("_thumbnail_id") or 0)
        if not thumb_id:
            return ""
        attachment = self.attachments.get(thumb_id)
        if attachment is None:
            self.report.note("featured_missing", subject, f"attachment {thumb_id} not in export")
            return ""
        self.used_attachments.add(thumb_id)
        path = self._check_file(attachment.file, subject, "featured image")
        if path is None:
            return ""
        alt = attachment.alt
        if not alt:
            alt = article.title
            self.report.note("image_no_alt", subject, "featured image: the title is its alt text")
        previous = (
            ImportedPost.objects.filter(article=article).values_list("featured_source", flat=True)
            if article.pk
            else []
        )
        previous = next(iter(previous), "")
        if article.featured_image and previous == attachment.file:
            return attachment.file  # copied by an earlier run
        self.report.counts["images created"] += 1
        if not self.options.dry_run:
            image = Image(alt=alt[:250], file=ContentFile(path.read_bytes(), name=path.name))
            image.save()  # into the library: cleaned, renditions made
            self.copied_files += sorted(image.stored_names())
            article.featured_image = image
            article.featured_image_alt = alt[:250]
        return attachment.file

    # --- links -----------------------------------------------------------------------------

    def _link_for(self, href: str) -> str | None:
        """Byline's address for a link to another imported post, else None (left alone)."""
        parts = urlsplit(href.strip())
        if parts.scheme not in {"", "http", "https"}:
            return None
        if parts.netloc and (parts.hostname or "").lower() not in self.hosts:
            return None
        query = parse_qs(parts.query)
        wp_id = None
        for name in ("p", "page_id"):
            if query.get(name, [""])[0].isdigit():
                wp_id = int(query[name][0])
        if wp_id is None and parts.path:
            path = unquote(parts.path)
            wp_id = self.ref_by_path.get(path if path.endswith("/") else f"{path}/")
            if wp_id is None and (slug := _last_segment(path)):
                wp_id = self.ref_by_slug.get(slug)
        ref = self.refs.get(wp_id) if wp_id is not None else None
        if ref is None:
            return None
        url = reverse("articles:detail", args=[ref.slug])
        return f"{url}#{parts.fragment}" if parts.fragment else url

    # --- comments --------------------------------------------------------------------------

    def import_comments(self, item: wxr.Item, article: Article, subject: str) -> None:
        """Each comment as it was decided on WordPress: no moderation pipeline, no emails."""
        if not item.comments:
            return
        known = {
            found.wp_id: found
            for found in ImportedComment.objects.select_related("comment").filter(
                site=self.site_key, wp_id__in=[c.wp_id for c in item.comments]
            )
        }
        by_id = {c.wp_id: c for c in item.comments}
        done: dict[int, Comment] = {k: v.comment for k, v in known.items()}
        created: list[tuple[wxr.Comment, Comment]] = []
        for level in _levels(item.comments):
            new: list[tuple[wxr.Comment, Comment]] = []
            for source in level:
                print_fp = fingerprint(source.fields())
                mapping = known.get(source.wp_id)
                if mapping and mapping.fingerprint == print_fp:
                    self.report.counts["comments unchanged"] += 1
                    continue
                comment = mapping.comment if mapping else Comment(article=article)
                if not self._fill_comment(comment, source, by_id, done, subject):
                    continue
                if mapping:
                    before = Comment.objects.get(pk=comment.pk).status
                    comment.save()
                    if before != comment.status:
                        StatusChange.objects.create(
                            comment=comment,
                            from_status=before,
                            to_status=comment.status,
                            note="WordPress import",
                        )
                    mapping.fingerprint = print_fp
                    mapping.save(update_fields=["fingerprint"])
                    self.report.counts["comments updated"] += 1
                else:
                    new.append((source, comment))
            if new:
                # A level at a time: each reply needs its parent's id.
                Comment.objects.bulk_create([c for _s, c in new])
                for source, comment in new:
                    done[source.wp_id] = comment
                created += new
        if created:
            ImportedComment.objects.bulk_create(
                ImportedComment(
                    site=self.site_key,
                    wp_id=s.wp_id,
                    comment=c,
                    comment_type=s.type,
                    fingerprint=fingerprint(s.fields()),
                )
                for s, c in created
            )
            StatusChange.objects.bulk_create(
                StatusChange(
                    comment=c,
                    from_status="",
                    to_status=c.status,
                    changed_at=c.created_at,
                    note="Imported from WordPress",
                )
                for _s, c in created
            )
            self.report.counts["comments created"] += len(created)

    def _fill_comment(
        self,
        comment: Comment,
        source: wxr.Comment,
        by_id: dict[int, wxr.Comment],
        done: dict[int, Comment],
        subject: str,
    ) -> bool:
        who = f"{subject}, comment {source.wp_id}"
        kind = source.type.lower()
        if kind not in COMMENT_TYPES:
            self.report.note("comment_skipped", who, f"type “{source.type}”")
            return False
        text = _comment_text(source.content)
        if not text:
            self.report.note("comment_skipped", who, "no text")
            return False
        status = COMMENT_STATUSES.get(source.approved.lower())
        if status is None or source.approved == "post-trashed":
            status = status or Comment.Status.PENDING
            self.report.note(
                "comment_status_mapped", who, f"status “{source.approved}” → {status.label}"
            )
        if kind in {"pingback", "trackback"}:
            self.report.note("comment_pingback", who, f"{kind} from {source.url or source.author}")
        comment.text = text
        comment.text_html = render_text(text)
        comment.status = status
        comment.reason = ""
        name = html.unescape(source.author).strip()
        if not name:
            name = "Anonymous"
            self.report.note("comment_changed", who, "no name: “Anonymous”")
        if len(name) > NAME_MAX_LENGTH:
            self.report.note("comment_changed", who, "name shortened")
        comment.author_name = name[:NAME_MAX_LENGTH]
        comment.author_email = _valid(source.email, validate_email, max_length=254)
        if source.email and not comment.author_email:
            self.report.note(
                "comment_changed", who, f"email “{source.email}” is not valid: dropped"
            )
        comment.author_url = _valid(source.url, URLValidator(), max_length=URL_MAX_LENGTH)
        if source.url and not comment.author_url:
            self.report.note("comment_changed", who, f"website “{source.url}” dropped")
        comment.ip_address = _valid(source.ip, validate_ipv46_address) or None
        if source.ip and not comment.ip_address:
            self.report.note("comment_changed", who, f"IP address “{source.ip}” dropped")
        comment.created_at = source.date or comment.article.published_at or timezone.now()
        if source.date is None:
            self.report.note("comment_changed", who, "no date: dated with its article")
        comment.user = self.user_by_wp_id.get(source.user_id) if source.user_id else None
        if comment.user is not None:
            comment.reason = Comment.Reason.STAFF
        parent = None
        if source.parent:
            parent = done.get(source.parent)
            if parent is None:
                why = "not in the export" if source.parent not in by_id else "not imported"
                self.report.note(
                    "comment_parent_missing", who, f"parent {source.parent} {why}: top level"
                )
        comment.parent = parent
        comment.depth = parent.depth + 1 if parent else 0
        return True


def _levels(comments: list[wxr.Comment]) -> list[list[wxr.Comment]]:
    """Comments by thread depth (parents before replies); a reply to a missing or circular
    parent goes in the first level, where it is reported."""
    by_id = {c.wp_id: c for c in comments}
    depth: dict[int, int] = {}

    def depth_of(comment: wxr.Comment, seen: frozenset[int] = frozenset()) -> int:
        if comment.wp_id in depth:
            return depth[comment.wp_id]
        parent = by_id.get(comment.parent)
        if parent is None or comment.wp_id in seen or parent.wp_id in seen:
            result = 0
        else:
            result = depth_of(parent, seen | {comment.wp_id}) + 1
        depth[comment.wp_id] = result
        return result

    levels: dict[int, list[wxr.Comment]] = {}
    for comment in sorted(comments, key=lambda c: (c.date or timezone.now(), c.wp_id)):
        levels.setdefault(depth_of(comment), []).append(comment)
    return [levels[n] for n in sorted(levels)]


def _comment_text(markup: str) -> str:
    """WordPress comment HTML → Byline's plain text: links keep their address, paragraphs stay."""
    text = re.sub(r"\r\n?", "\n", markup or "")
    text = re.sub(
        r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>",
        lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} ({m.group(1)})",
        text,
        flags=re.S | re.I,
    )
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p>\s*", "\n\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def _valid(value: str, validator: Callable[[str], None], *, max_length: int = 0) -> str:
    value = (value or "").strip()
    if not value or (max_length and len(value) > max_length):
        return ""
    try:
        validator(value)
    except ValidationError:
        return ""
    return value


def _subject(item: wxr.Item) -> str:
    title = content.plain_text(item.title) or "(no title)"
    return f"{item.post_type} {item.wp_id} “{Truncator(title).chars(60)}”"


def _url_key(url: str) -> str:
    """An image address without scheme, host or query: the same file under http and https."""
    return unquote(urlsplit(url.strip()).path)


def _link_path(link: str) -> str:
    """The path of a pretty permalink (``/2024/05/hello/``); "" for ``?p=123`` addresses."""
    parts = urlsplit(link)
    if not parts.path or parts.path == "/" or parts.query:
        return ""
    path = unquote(parts.path)
    return path if path.endswith("/") else f"{path}/"


def _last_segment(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    return segments[-1] if segments else ""
