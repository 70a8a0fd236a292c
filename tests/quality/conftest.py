"""A small published site and the list of its public pages, shared by the page-quality checks."""

from dataclasses import dataclass

import pytest

from articles.links.models import RelatedLink
from articles.models import Article, Category, Tag
from comments.models import Comment
from tests.factories import (
    faq_block,
    make_article,
    make_category,
    make_comment,
    make_related_link,
    make_tag,
    make_upload,
    make_user,
)


@dataclass
class SampleSite:
    article: Article
    category: Category
    tag: Tag
    draft: Article
    comment: Comment

    def public_urls(self) -> dict[str, str]:
        """Every kind of public HTML page, by name; each must answer 200 (the 404 page aside)."""
        return {
            "home": "/",
            "home-page-2": "/?page=2",
            "article": self.article.get_absolute_url(),
            "article-replying": f"{self.article.get_absolute_url()}?replytocom={self.comment.pk}",
            "category": self.category.get_absolute_url(),
            "tag": self.tag.get_absolute_url(),
            "author": f"/author/{self.article.author.get_username()}/",
            "search": "/search/?q=sky",
            "search-empty": "/search/",
            "search-no-results": "/search/?q=glacier",
            "not-found": "/no/such/page/",
        }

    def comment_form_with_errors(self, client) -> bytes:
        """The article page the refused comment form leads back to: every field in error."""
        response = client.post(
            f"/comments/post/{self.article.pk}/", {"author_email": "nope"}, follow=True
        )
        assert response.redirect_chain == [(f"{self.article.get_absolute_url()}#respond", 303)]
        return response.content


@pytest.fixture
def sample_site(site_settings) -> SampleSite:
    author = make_user(username="ada", first_name="Ada", last_name="Lovelace")
    category = make_category(name="Science", slug="science", description="How things work.")
    tag = make_tag(name="light", slug="light")
    article = make_article(
        title="Why the sky is blue",
        slug="why-the-sky-is-blue",
        summary="Short wavelengths scatter more: the sky is blue & sunsets are red.",
        body=(
            "<h2>Scattering</h2><p>Sunlight is a <em>mix</em> of colours.</p>"
            "<blockquote><p>The sky is blue because the air is.</p>"
            "<p>— Dr Ada Lovelace, physicist</p></blockquote>"
            "<h2>Sunsets</h2><p>At dusk light crosses more air.</p>"
            "<h3>Why red</h3><p>Red light scatters least.</p>"
            + faq_block("Is it blue on Mars?", "No, pink.")
        ),
        featured_image=make_upload("sky.jpg", size=(1600, 900)),
        featured_image_alt="A clear blue sky",
        author=author,
        category=category,
        tags=[tag],
        is_featured=True,
    )
    other = make_article(title="How rainbows form", author=author, category=category)
    make_related_link(
        source=article, target=other, placement=RelatedLink.Placement.INLINE, after_paragraph=1
    )
    make_related_link(
        source=article,
        target=make_article(title="Why clouds are white", author=author, category=category),
        anchor_text="More on clouds",
    )
    for n in range(11):  # enough for a second page on the home page
        make_article(title=f"Older article {n}", author=author, category=category)
    approved = make_comment(article=article, author_name="Grace", text="Lovely & clear <3")
    make_comment(article=article, parent=approved, author_name="Alan", text="Agreed.")
    make_comment(article=article, author_name="Spam", status=Comment.Status.PENDING)
    draft = make_article(
        title="Unfinished draft", slug="unfinished", status=Article.Status.DRAFT, published_at=None
    )
    # Comments: a short thread with a link, as the article page shows them.
    comment = make_comment(article=article, author_url="https://reader.example", text="Why red?")
    make_comment(parent=comment, text="See https://example.org/sunsets\n\nIt is the angle.")
    return SampleSite(article=article, category=category, tag=tag, draft=draft, comment=comment)
