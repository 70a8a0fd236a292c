"""export_wordpress: a WXR 1.2 file that brings the same articles and comments back."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from articles.models import Article, Category, Tag
from byline.wordpress.importer import Options, import_wordpress
from comments.models import Comment
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_image,
    make_tag,
    make_upload,
    make_user,
)

pytestmark = pytest.mark.django_db


def build_site() -> None:
    """A small site with every kind of thing the export carries."""
    ada = make_user(username="ada", first_name="Ada", last_name="Lovelace 🧮")
    bo = make_user(username="bo", first_name="", last_name="")
    news, cafe = make_category(name="News", slug="news"), make_category(name="Café ☕", slug="cafe")
    python, party = make_tag(name="Python", slug="python"), make_tag(name="🎉 party", slug="party")
    featured = make_article(
        title="Featured with a picture 📷",
        slug="featured",
        summary="The one with the pictures.",
        author=ada,
        category=news,
        tags=[python, party],
        is_featured=True,
        featured_image=make_upload("cover.jpg"),
        featured_image_alt="A teal cover",
    )
    inline = make_image(file=make_upload("inline.png", image_format="PNG"), alt="An inline square")
    featured.body = (
        "<p>Intro with <strong>bold</strong> &amp; <em>ünïcode</em>.</p><h2>Part one</h2>"
        f'<figure><img src="{inline.url}" alt="An inline square">'
        "<figcaption>Inline</figcaption></figure><ul><li>one</li><li>two</li></ul>"
        '<p>See <a href="https://example.org/">elsewhere</a>.</p>'
    )
    featured.save()
    make_article(title="Scheduled", slug="scheduled", author=bo, category=cafe,
                 status=Article.Status.SCHEDULED,
                 published_at=timezone.now() + timedelta(days=3))  # fmt: skip
    make_article(title="A draft", slug="a-draft", author=ada, category=cafe,
                 status=Article.Status.DRAFT, published_at=None, comments_open=False)  # fmt: skip
    first = make_comment(article=featured, author_name="Zoë 🦊", text="Top <b>level</b>\n\nTwo")
    second = make_comment(
        parent=first, status=Comment.Status.PENDING, author_url="https://z.example/"
    )
    third = make_comment(parent=second, ip_address="2001:db8::5")
    make_comment(parent=third, status=Comment.Status.SPAM)
    make_comment(article=featured, status=Comment.Status.TRASH, text="a < b & c > d")


def body_of(article: Article) -> str:
    """The body with each image's file name (new on every copy) replaced by its alt text."""
    body = article.body
    for image in article.body_images.all():
        body = body.replace(image.url, f"image:{image.alt}")
    return body


def snapshot() -> dict:
    articles = {
        a.slug: (
            a.title, a.summary, body_of(a), a.status,
            a.published_at.replace(microsecond=0) if a.published_at else None,
            a.is_featured, a.comments_open, a.category.name, a.category.slug,
            sorted(t.name for t in a.tags.all()), a.author.username, a.author_name,
            a.featured_image_alt, bool(a.featured_image),
            sorted(i.alt for i in a.body_images.all()),
            a.feed_id if a.status != Article.Status.DRAFT else "",  # drafts never had one
        )
        for a in Article.objects.select_related("author", "category")
    }  # fmt: skip
    comments = sorted(
        (
            c.article.slug, c.author_name, c.author_email, c.author_url, c.ip_address, c.text,
            c.status, c.created_at.replace(microsecond=0), c.depth,
            c.parent.text if c.parent else None,
        )
        for c in Comment.objects.select_related("article", "parent")
    )  # fmt: skip
    return {"articles": articles, "comments": comments}


def start_afresh() -> None:
    """What a fresh Byline has: none of the site's content or people."""
    Comment.objects.all().delete()
    Article.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    User.objects.filter(username__in=["ada", "bo"]).delete()


def test_the_export_is_wxr_1_2_with_everything(tmp_path: Path):
    build_site()
    path = tmp_path / "site.xml"
    call_command("export_wordpress", str(path), "--base-url", "https://blog.example.com")
    root = etree.parse(str(path)).getroot()
    wp = "{http://wordpress.org/export/1.2/}"
    assert root.findtext(f"channel/{wp}wxr_version") == "1.2"
    types = [item.findtext(f"{wp}post_type") for item in root.iter("item")]
    assert types.count("post") == 3 and types.count("attachment") == 2
    statuses = {c.findtext(f"{wp}comment_approved") for c in root.iter(f"{wp}comment")}
    assert statuses == {"1", "0", "spam", "trash"}
    urls = {i.findtext(f"{wp}attachment_url") for i in root.iter("item")} - {None}
    assert all(url.startswith("https://blog.example.com/media/") for url in urls)
    assert len(list(root.iter(f"{wp}author"))) == 2


def test_byline_to_wxr_to_a_fresh_byline_gives_the_same_articles_and_comments(tmp_path: Path):
    build_site()
    before = snapshot()
    path = tmp_path / "site.xml"
    call_command("export_wordpress", str(path), "--base-url", "http://testserver")
    start_afresh()
    assert snapshot() == {"articles": {}, "comments": []}
    report = import_wordpress(path, options=Options(media_dir=Path(settings.MEDIA_ROOT)))
    assert report.counts["articles created"] == 3
    assert not report.notes.get("failed")
    assert not report.notes.get("image_missing")
    after = snapshot()
    for slug, fields in before["articles"].items():
        assert after["articles"].get(slug) == fields, slug
    assert after == before
