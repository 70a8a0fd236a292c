"""An administrator picks an author's picture from the media library on the author's user page,
and readers see it beside the author's name."""

from playwright.sync_api import expect

from articles.models import AuthorProfile
from tests.e2e.admin_actions import log_in
from tests.factories import make_article, make_image, make_upload, make_user


def test_admin_chooses_an_author_picture_from_the_library(page, console, admin_user) -> None:
    author = make_user(username="nell", first_name="Eleanor", last_name="Smith")
    AuthorProfile.objects.create(user=author, bio="Writes about water.")
    make_article(author=author, title="Tap water")
    make_image(
        title="Nell at the desk",
        alt="Eleanor at her desk",
        file=make_upload("nell.jpg", size=(900, 1200)),
    )
    log_in(page, admin_user.username)
    page.goto(f"/admin/auth/user/{author.pk}/change/")
    page.get_by_role("button", name="Choose an image").click()
    dialog = page.get_by_role("dialog", name="Choose the author's picture")
    dialog.get_by_label("Search the library").fill("desk")
    expect(dialog.get_by_role("option")).to_have_count(1)
    dialog.get_by_role("option").click()
    expect(dialog).to_have_count(0)
    expect(page.locator("#author_profile-0 .image-chooser__title")).to_have_text("Nell at the desk")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto("/author/nell/")
    picture = page.locator(".author-intro img.author-picture, .author-intro .author-picture img")
    expect(picture.first).to_be_visible()
    assert picture.first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "/media/renditions/" in picture.first.evaluate("img => img.currentSrc")
    assert not [line for line in console if line.startswith("pageerror")]
