"""The issue's scenarios, acted out in Chromium as a reader, a moderator and an editor would."""

import re

import pytest
from playwright.sync_api import expect

from articles.links.models import RelatedLink
from articles.models import Article
from comments.models import Comment, DiscussionSettings
from tests.e2e.admin_actions import choose_autocomplete, log_in, start_article
from tests.e2e.conftest import DESKTOP, axe_violations
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_image_bytes,
    make_related_link,
)


@pytest.fixture
def two_linked_articles(site_settings):
    """An article whose second paragraph is followed by an inline link to another."""
    science = make_category(name="Science", slug="science")
    target = make_article(
        title="How rainbows form",
        slug="how-rainbows-form",
        summary="Raindrops split sunlight into its colours.",
        body="<p>Each raindrop acts as a tiny prism.</p><p>The angle is always 42 degrees.</p>",
        category=science,
    )
    source = make_article(
        title="Why the sky is blue",
        slug="why-the-sky-is-blue",
        summary="Short wavelengths scatter more.",
        body=(
            "<p>Sunlight is a mix of colours.</p>"
            "<p>Air molecules scatter blue light far more than red.</p>"
            "<p>At sunset the light crosses more air.</p>"
        ),
        category=science,
        is_featured=True,
    )
    make_related_link(
        source=source,
        target=target,
        placement=RelatedLink.Placement.INLINE,
        after_paragraph=2,
        anchor_text="Rainbows: the same sunlight, split by raindrops",
    )
    return source, target


def test_reader_follows_an_inline_link_and_comments(page, console, two_linked_articles) -> None:
    _source, target = two_linked_articles
    page.goto("/")
    page.get_by_role("link", name="Why the sky is blue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why the sky is blue")
    expect(page.get_by_text("Air molecules scatter blue light")).to_be_visible()

    related = page.get_by_role("complementary", name="Related article").get_by_role("link")
    expect(related).to_have_text("Rainbows: the same sunlight, split by raindrops")
    related.click()
    expect(page).to_have_url(re.compile(r"/articles/how-rainbows-form/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How rainbows form")

    page.wait_for_timeout(3_100)  # reading: a form sent within seconds of loading is spam
    page.get_by_role("textbox", name="Comment", exact=True).fill(
        "So that is why the angle never changes. Thank you!"
    )
    page.get_by_role("textbox", name="Name", exact=True).fill("Rosalind")
    page.get_by_role("textbox", name="Email", exact=True).fill("rosalind@example.org")
    page.get_by_role("button", name="Post Comment").click()

    comment = Comment.objects.get()
    assert (comment.article, comment.status) == (target, Comment.Status.PENDING)
    expect(page).to_have_url(re.compile(rf"/articles/how-rainbows-form/#comment-{comment.pk}$"))
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine).to_contain_text("So that is why the angle never changes.")
    expect(mine).to_contain_text("Your comment is awaiting moderation.")
    assert console.csp_violations() == []


def test_moderator_approves_and_the_reader_sees_it(page, browser, live_server, moderator) -> None:
    article = make_article(title="How rainbows form", slug="how-rainbows-form")
    comment = make_comment(
        article=article,
        author_name="Rosalind",
        text="So that is why the angle never changes.",
        status=Comment.Status.PENDING,
        reason=Comment.Reason.FIRST_TIME,
    )
    page.goto(article.get_absolute_url())
    expect(page.get_by_text("So that is why the angle never changes.")).to_have_count(0)

    staff = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    admin = staff.new_page()
    log_in(admin, "mo")
    admin.goto("/admin/comments/comment/")
    admin.get_by_role("link", name=re.compile("So that is why")).click()
    admin.get_by_role("button", name="Approve").click()
    expect(admin.locator(".messagelist")).to_be_visible()
    staff.close()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    page.reload()
    published = page.locator(f"#comment-{comment.pk}")
    expect(published).to_contain_text("So that is why the angle never changes.")
    expect(published).not_to_contain_text("awaiting moderation")
    expect(page.get_by_role("heading", name=re.compile("One comment on"))).to_be_visible()


def test_comment_form_with_errors_is_accessible(page, two_linked_articles) -> None:
    source, _target = two_linked_articles
    page.goto(source.get_absolute_url())
    page.locator("#commentform").evaluate("form => form.noValidate = true")  # server-side errors
    page.get_by_role("textbox", name="Email", exact=True).fill("not an address")
    page.get_by_role("button", name="Post Comment").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Please give your name.")).to_be_visible()
    assert axe_violations(page) == []
    # Each error is tied to its field, so a screen reader announces it with the field.
    name = page.get_by_role("textbox", name="Name", exact=True)
    described_by = name.get_attribute("aria-describedby") or ""
    assert any(
        "Please give your name." in page.locator(f"#{ident}").inner_text()
        for ident in described_by.split()
    )


def test_reply_link_is_usable_by_keyboard(page, two_linked_articles) -> None:
    source, _target = two_linked_articles
    parent = make_comment(article=source, author_name="Grace", text="Lovely and clear.")
    page.goto(source.get_absolute_url())
    reply = page.get_by_role("link", name="Reply to Grace")
    reply.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Grace")
    expect(page.locator("input[name=parent]")).to_have_value(str(parent.pk))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#respond') !== null")
    assert focused


def test_editor_writes_an_article_that_reaches_home_feed_and_sitemap(
    page, console, editor, tmp_path
) -> None:
    health = make_category(name="Health", slug="health")
    older = make_article(
        title="How filters clean water", slug="how-filters-clean-water", category=health
    )
    log_in(page, "edna")
    start_article(page, "Water and health", "Why clean water matters more than medicine.", "Health")
    image = tmp_path / "well.jpg"
    image.write_bytes(make_image_bytes(size=(1600, 900)))
    page.set_input_files("#id_featured_image", str(image))
    page.get_by_label("Featured image alt text:").fill("A village well at dawn")
    page.fill("#id_faqs-0-question", "Is boiled water safe?")
    page.fill("#id_faqs-0-answer", "Boiling for one minute kills most germs.")
    page.get_by_text("Add another Related link").click()
    choose_autocomplete(page, "id_related_links-0-target", "How filters clean water")
    page.fill("#id_related_links-0-anchor_text", "How a sand filter works")
    page.select_option("#id_related_links-0-placement", "inline")
    page.fill("#id_related_links-0-after_paragraph", "1")
    page.select_option("#id_status", "published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    article = Article.objects.get(title="Water and health")
    assert article.is_live
    page.goto("/")
    page.get_by_role("link", name="Water and health").click()
    expect(page.locator("h2#why-it-matters")).to_have_text("Why it matters")
    expect(page.locator("figure.pull-quote blockquote")).to_contain_text("saves more lives")
    caption = page.locator("figure.pull-quote figcaption")
    expect(caption).to_have_text("says Dr Amina Okafor, community health lead")
    expect(caption.locator("cite")).to_have_text("Dr Amina Okafor")
    expect(page.locator(".faq")).to_contain_text("Is boiled water safe?")
    hero = page.locator(".article__image img")
    expect(hero).to_have_attribute("alt", "A village well at dawn")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    inline = page.get_by_role("complementary", name="Related article").get_by_role("link")
    expect(inline).to_have_text("How a sand filter works")
    expect(inline).to_have_attribute("href", older.get_absolute_url())
    assert console.csp_violations() == []

    feed = page.request.get("/feed/").text()
    assert "<title>Water and health</title>" in feed
    assert f"<link>{page.url}</link>" in feed
    sitemap = page.request.get("/sitemap.xml").text()
    assert f"<loc>{page.url}</loc>" in sitemap


def test_pages_read_and_comments_post_without_javascript(
    browser, live_server, two_linked_articles
) -> None:
    source, _target = two_linked_articles
    parent = make_comment(article=source, author_name="Grace", text="Lovely and clear.")
    DiscussionSettings.objects.update_or_create(pk=1, defaults={"min_seconds": 0})
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Why the sky is blue").click()
    expect(page.get_by_text("Air molecules scatter blue light")).to_be_visible()
    page.get_by_role("link", name="Reply to Grace").click()  # a plain link: ?replytocom=
    expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Grace")
    page.get_by_role("textbox", name="Comment", exact=True).fill("I agree with Grace.")
    page.get_by_role("textbox", name="Name", exact=True).fill("Alan")
    page.get_by_role("textbox", name="Email", exact=True).fill("alan@example.org")
    page.get_by_role("button", name="Post Comment").click()
    reply = Comment.objects.get(author_name="Alan")
    assert reply.parent == parent
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("awaiting moderation")
    page.goto("/search/?q=rainbows")
    expect(page.get_by_role("link", name="How rainbows form")).to_be_visible()
    context.close()
