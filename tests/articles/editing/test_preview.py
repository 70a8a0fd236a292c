import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from byline import roles
from byline.models import SiteSettings
from tests.articles.editing.test_admin import opened
from tests.articles.test_admin import article_form, change_form
from tests.conftest import make_staff
from tests.factories import make_article, make_image, make_related_link, make_tag

pytestmark = pytest.mark.django_db

ADD_PREVIEW_URL = "/admin/articles/article/preview/"


def preview_url(article: Article) -> str:
    return reverse("admin:articles_article_preview", args=[article.pk])


def framed_page(response) -> str:
    """The article page the preview tab shows in its frame (unescaped from ``srcdoc``)."""
    match = re.search(r'srcdoc="([^"]*)"', response.content.decode())
    assert match, response.content.decode()
    return html.unescape(match.group(1))


def database_rows() -> dict[str, list]:
    """Every row of every table, for comparing before and after."""
    SiteSettings.load()  # made on the site's first page view, whatever the page: not a save
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def media_files() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*"))


def test_preview_shows_unsaved_changes_in_the_article_page_and_saves_nothing(
    client, editor
) -> None:
    client.force_login(editor)
    article = make_article(author=editor, title="Payslips", summary="How to read one.")
    new_tag = make_tag(name="money")
    data = change_form(
        client,
        article,
        title="Payslips, explained",
        summary="Line by line.",
        body=(
            "<h2>Deductions</h2><p>Tax comes first.</p><h2>Pension</h2><p>Then this.</p>"
            "<h2>Net pay</h2><p>What is left.</p>"
            '<details class="faq"><summary>Who checks it?</summary>'
            "<p>Your employer's payroll.</p></details>"
        ),
        tags=[new_tag.pk],
        **opened(client, article),
    )
    before, files_before = database_rows(), media_files()

    response = client.post(preview_url(article), data)

    assert response.status_code == 200
    assert database_rows() == before
    assert media_files() == files_before
    page = framed_page(response)
    assert "<h1>Payslips, explained</h1>" in page
    assert "Line by line." in page
    assert '<h2 id="deductions">Deductions</h2>' in page
    assert 'href="#deductions"' in page  # the table of contents, as the save would make it
    assert "<summary>Who checks it?</summary><p>Your employer's payroll.</p></details>" in page
    assert ">money</a>" in page
    assert "Preview of unsaved changes." in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<base target="_blank">' in page
    # The saved article is as it was.
    assert client.get(article.get_absolute_url()).content.decode().count("Payslips, explained") == 0


def test_preview_response_is_never_cached_nor_indexed(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    response = client.post(preview_url(article), change_form(client, article, tags=[]))
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_body_is_sanitised_as_a_save_would_sanitise_it(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    body = (
        '<p onmouseover="steal()">Hi <a href="javascript:steal()">there</a></p><script>x()</script>'
    )
    response = client.post(preview_url(article), change_form(client, article, body=body, tags=[]))
    page = framed_page(response)
    assert "steal" not in page and "<script>x()" not in page
    assert "<p>Hi" in page
    # The frame runs no script and posts no form whatever the page holds.
    frame = re.search(r"<iframe[^>]*>", response.content.decode()).group(0)
    assert 'sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"' in frame


def test_preview_of_a_new_article_saves_nothing(client, editor) -> None:
    client.force_login(editor)
    data = article_form(editor, title="Rain, explained")
    before = database_rows()
    response = client.post(ADD_PREVIEW_URL, data)
    assert response.status_code == 200
    assert database_rows() == before
    page = framed_page(response)
    assert "<h1>Rain, explained</h1>" in page
    assert "Is tap water safe?" in page and "How much should I drink?" in page
    assert not Article.objects.exists()


def test_invalid_form_data_shows_the_errors_instead_of_the_page(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    data = change_form(client, article, title="", tags=[])
    data.update({"related_links-TOTAL_FORMS": 1, "related_links-0-anchor_text": "Why?"})
    response = client.post(preview_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The preview cannot be shown yet" in page
    assert "<strong>Title:</strong> This field is required." in page
    assert "Related link 1 — Placement:</strong> This field is required." in page
    assert "srcdoc" not in page


def test_a_garbled_form_is_answered_with_errors_not_a_crash(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    response = client.post(preview_url(article), {"title": "Only this"})
    assert response.status_code == 200
    assert "The preview cannot be shown yet" in response.content.decode()


def test_a_featured_image_chosen_from_the_library_shows_in_the_preview_unsaved(
    client, editor
) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    image = make_image(alt="A well at dawn")
    data = change_form(client, article, tags=[], featured_image=image.pk, featured_image_alt="")
    page = framed_page(client.post(preview_url(article), data))
    assert 'alt="A well at dawn"' in page  # the library's words, as a save would fill them in
    assert image.renditions["webp"][0][2] in page
    assert not Article.objects.get(pk=article.pk).featured_image


def test_preview_after_someone_else_saved_shows_this_editors_version(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    data = change_form(client, article, title="Mine", tags=[], **opened(client, article))
    Article.objects.get(pk=article.pk).save()  # another save since the form was opened
    response = client.post(preview_url(article), data)
    assert "<h1>Mine</h1>" in framed_page(response)
    assert "since you opened it. This preview shows your version." in response.content.decode()


def test_related_links_and_comments_of_the_saved_article_stay_out_of_the_way(
    client, editor
) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    make_related_link(source=article, target=make_article(title="Budgets"))
    response = client.post(preview_url(article), change_form(client, article, tags=[]))
    page = framed_page(response)
    assert "Budgets" in page  # the saved links still show where they go
    assert 'id="comments"' not in page  # the comment form is the saved article's


def test_only_editors_who_may_change_the_article_may_preview_it(client) -> None:
    article = make_article()
    moderator = make_staff("mo", roles.MODERATORS)
    client.force_login(moderator)
    data = change_form(client, article, tags=[])
    assert client.post(preview_url(article), data).status_code == 403
    assert client.post(ADD_PREVIEW_URL, data).status_code == 403
    client.logout()
    response = client.post(preview_url(article), data)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_changing_is_not_enough_to_preview_a_new_article(client) -> None:
    changer = make_staff("chris", roles.MODERATORS)
    changer.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(changer)
    assert client.post(ADD_PREVIEW_URL, article_form(changer)).status_code == 403


def test_preview_only_answers_a_post(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    assert client.get(preview_url(article)).status_code == 405


def test_the_change_form_offers_preview_in_a_new_tab(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert f'formaction="{preview_url(article)}" formtarget="_blank"' in page.decode()
    add_page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'formaction="{ADD_PREVIEW_URL}" formtarget="_blank"' in add_page


def test_the_preview_lists_the_checks_on_the_text_as_typed(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor, featured_image=make_image())
    body = (
        '<h3>Straight to a subheading</h3><p>Rules are <a href="https://gov.example/">here</a>.</p>'
    )
    response = client.post(preview_url(article), change_form(client, article, body=body))
    page = response.content.decode()
    checks_bar = page.split('class="preview-bar__checks"', 1)[1].split("</details>", 1)[0]
    assert " open>" in checks_bar.split("\n", 1)[0]  # serious problems: opened, not hidden
    assert 'data-rule="accessibility.heading_skipped"' in checks_bar
    assert 'data-rule="accessibility.link_vague"' in checks_bar
    assert "2 serious" in checks_bar
    framed = framed_page(response)
    assert "Straight to a subheading" in framed  # the page is still shown beside them


def test_the_preview_of_a_clean_text_says_nothing_to_fix(client, editor) -> None:
    client.force_login(editor)
    image = make_image()
    article = make_article(author=editor, featured_image=image)
    summary = "What the daily tests check, and when old pipes matter for your tap water."
    response = client.post(
        preview_url(article),
        change_form(client, article, featured_image=str(image.pk), summary=summary),
    )
    assert "Checks before publishing: nothing to fix" in response.content.decode()
    assert image.file.url.rsplit(".", 1)[0].split("/")[-1] in framed_page(response)
