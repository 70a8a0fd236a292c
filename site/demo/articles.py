"""Demo articles for ``manage.py load_demo``: idempotent, keyed on slugs."""

import io
from datetime import timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont

from articles import richtext
from articles.media.models import Image as LibraryImage
from articles.models import Article, Category, Tag
from byline.demo.content import ARTICLES, CATEGORIES

DEMO_EDITOR = "editor"


def load(*, stdout: TextIO) -> None:
    """Create the demo categories, tags and articles that do not exist yet; change nothing else."""
    author = get_user_model().objects.get(username=DEMO_EDITOR)
    categories = {
        slug: Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for name, slug, description in CATEGORIES
    }
    created = 0
    for spec in ARTICLES:
        if Article.objects.filter(slug=spec["slug"]).exists():
            continue  # never overwrite what an editor may have changed since
        create_article(spec, author=author, category=categories[spec["category"]])
        created += 1
    stdout.write(f"Articles: {created} created, {len(ARTICLES) - created} already there.")


def create_article(spec: dict[str, Any], *, author: Any, category: Category) -> Article:
    now = timezone.now()
    if spec.get("draft"):
        status, published_at = Article.Status.DRAFT, None
    elif days := spec.get("scheduled_in_days"):
        status, published_at = Article.Status.SCHEDULED, now + timedelta(days=days)
    else:
        status, published_at = Article.Status.PUBLISHED, now - timedelta(days=spec["days_ago"])
    article = Article(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        body=body_html(spec),
        author=author,
        category=category,
        status=status,
        published_at=published_at,
        is_featured=spec.get("featured", False),
    )
    if image := spec.get("image"):
        start, end, label = image
        alt = f"Illustration: the words “{label}” over a soft colour gradient with circles"
        cover = LibraryImage(
            title=label,
            alt=alt,
            file=ContentFile(cover_image(start, end, label), f"{spec['slug']}.jpg"),
        )
        cover.save()  # into the media library: cleaned, renditions and crops made
        article.featured_image = cover
        article.featured_image_alt = alt
    article.save()
    article.tags.set(
        Tag.objects.get_or_create(slug=name.replace(" ", "-"), defaults={"name": name})[0]
        for name in spec["tags"]
    )
    return article


def body_html(spec: dict[str, Any]) -> str:
    """The body as the editor would have written it in the admin."""
    parts = [f"<p>{escape(p)}</p>" for p in spec["intro"]]
    for heading, paragraphs, quote in spec["sections"]:
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.extend(f"<p>{escape(p)}</p>" for p in paragraphs)
        if quote:
            # As the editor's pull quote block writes it: the quote, then name and role.
            text, attribution = quote
            name, _comma, role = attribution.partition(",")
            caption = f"<cite>{escape(name.strip())}</cite>"
            if role.strip():
                caption += f", {escape(role.strip())}"
            parts.append(
                f'<figure class="pull-quote"><blockquote><p>{escape(text)}</p></blockquote>'
                f"<figcaption>{caption}</figcaption></figure>"
            )
    parts.append("<h2>The short version</h2>")
    parts.extend(f"<p>{escape(p)}</p>" for p in spec["conclusion"])
    if spec["faqs"]:
        # As the editor's FAQ block writes them: a question that opens its answer.
        parts.append(f"<h2>{escape(richtext.FAQ_HEADING)}</h2>")
        parts.extend(
            f'<details class="{richtext.FAQ_CLASS}"><summary>{escape(question)}</summary>'
            f"<p>{escape(answer)}</p></details>"
            for question, answer in spec["faqs"]
        )
    return "".join(parts)


def cover_image(start: str, end: str, label: str, size: tuple[int, int] = (1600, 900)) -> bytes:
    """A calm diagonal gradient with soft circles and a label: a stand-in for a photo."""
    width, height = size
    top = Image.new("RGB", size, start)
    bottom = Image.new("RGB", size, end)
    vertical = Image.linear_gradient("L").resize(size)
    horizontal = Image.linear_gradient("L").rotate(90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = Image.blend(vertical, horizontal.resize(size), 0.5)  # top-left to bottom-right
    image = Image.composite(bottom, top, mask)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for cx, cy, r, alpha in [(0.78, 0.3, 0.28, 60), (0.9, 0.75, 0.18, 45), (0.15, 0.85, 0.22, 35)]:
        x, y, radius = cx * width, cy * height, r * height
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, alpha))
    image = Image.alpha_composite(image.convert("RGBA"), overlay)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=110)
    draw.text((100, height - 260), label, font=font, fill=(255, 255, 255, 235))
    draw.rectangle((100, height - 110, 340, height - 96), fill=(255, 255, 255, 220))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=88)
    return out.getvalue()
