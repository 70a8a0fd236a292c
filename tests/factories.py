"""Small factory helpers: published, valid defaults, overridable by keyword.

Articles and related links come back as committed data does: the search index, link index and
suggestion terms their saves schedule for after the commit are already refreshed (a test's
transaction never commits, so the factories run those callbacks themselves).
"""

import io
import itertools
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from articles.links.models import RelatedLink
from articles.media.models import Image as LibraryImage
from articles.models import Article, Category, Tag
from comments.models import Comment, StatusChange

_sequence = itertools.count(1)


def make_user(**overrides: Any) -> User:
    n = next(_sequence)
    fields = {"username": f"author{n}", "first_name": "Ada", "last_name": f"Writer{n}"}
    fields.update(overrides)
    return User.objects.create_user(**fields)


def make_category(**overrides: Any) -> Category:
    n = next(_sequence)
    fields = {"name": f"Category {n}", "slug": f"category-{n}"}
    fields.update(overrides)
    return Category.objects.create(**fields)


def make_tag(**overrides: Any) -> Tag:
    n = next(_sequence)
    fields = {"name": f"tag {n}", "slug": f"tag-{n}"}
    fields.update(overrides)
    return Tag.objects.create(**fields)


def make_article(*, tags: list[Tag] | None = None, **overrides: Any) -> Article:
    """A published article (an hour old) unless ``status``/``published_at`` say otherwise."""
    n = next(_sequence)
    fields = {
        "title": f"Article number {n}",
        "slug": f"article-number-{n}",
        "summary": f"Summary of article {n}.",
        "body": f"<p>First paragraph of article {n}.</p><p>Second paragraph.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    fields.setdefault("author", fields.get("author") or make_user())
    fields.setdefault("category", fields.get("category") or make_category())
    featured = fields.get("featured_image")
    if featured is not None and not isinstance(featured, LibraryImage):
        # An upload given as the featured image goes into the library first, as the chooser does.
        fields["featured_image"] = make_image(
            file=featured, alt=fields.get("featured_image_alt") or "An image"
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        article = Article.objects.create(**fields)
    if tags:
        article.tags.set(tags)
    return article


def make_related_link(*, source: Article, target: Article, **overrides: Any) -> RelatedLink:
    """A curated link at the end of ``source`` unless ``placement``/``after_paragraph`` say so."""
    fields = {"placement": RelatedLink.Placement.END, "after_paragraph": None}
    fields.update(overrides)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return RelatedLink.objects.create(source=source, target=target, **fields)


def make_comment(*, article: Article | None = None, **overrides: Any) -> Comment:
    """An approved top-level comment (or a reply, with ``parent=``) on a published article."""
    n = next(_sequence)
    parent = overrides.get("parent")
    fields = {
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.org",
        "text": f"Comment number {n}.",
        "status": Comment.Status.APPROVED,
        "reason": Comment.Reason.KNOWN_COMMENTER,
        "ip_address": "198.51.100.7",
    }
    fields.update(overrides)
    if parent is not None:
        fields.setdefault("depth", parent.depth + 1)
        article = article or parent.article
    fields["article"] = article or make_article()
    comment = Comment.objects.create(**fields)
    StatusChange.objects.create(comment=comment, from_status="", to_status=comment.status)
    return comment


def make_image_bytes(
    *, size: tuple[int, int] = (1200, 800), image_format: str = "JPEG", color: str = "teal"
) -> bytes:
    """A real image file, made by Pillow in memory."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=image_format)
    return out.getvalue()


def make_upload(
    name: str = "photo.jpg", *, size: tuple[int, int] = (1200, 800), image_format: str = "JPEG"
) -> SimpleUploadedFile:
    """An uploaded image file, as a browser would send it."""
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(
        name, make_image_bytes(size=size, image_format=image_format), content_type=content_type
    )


def make_image(**overrides: Any) -> LibraryImage:
    """A library image from a real (Pillow-made) upload, cleaned and rendered like any other."""
    n = next(_sequence)
    fields: dict[str, Any] = {"alt": f"Picture number {n}", "title": f"Picture {n}"}
    fields.update(overrides)
    fields.setdefault("file", make_upload(f"picture-{n}.jpg"))
    image = LibraryImage(**fields)
    image.save()
    return image


def faq_block(question: str = "", answer: str = "") -> str:
    """An FAQ block of a body, as the editor's FAQ block writes it (the words escaped)."""
    n = next(_sequence)
    question, answer = question or f"Question {n}?", answer or f"Answer {n}."
    return (
        f'<details class="faq"><summary>{escape(question)}</summary><p>{escape(answer)}</p>'
        "</details>"
    )
