import base64
import hashlib
import re
from datetime import timedelta
from pathlib import Path

import django_prose_editor
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles.editing.models import Revision
from articles.models import Article, ShareLink
from byline.admin_site import EDITOR_BASE_STYLE_HASH
from tests.factories import (
    make_article,
    make_category,
    make_image,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

# Literal paths: reversing at import time would load the URLconf before the test settings.
ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def article_form(author: User, **overrides) -> dict:
    """What the admin's add form posts for a complete article with two FAQ blocks."""
    category, tag = make_category(), make_tag()
    data = {
        "title": "Water, explained",
        "slug": "water-explained",
        "summary": "Why it matters.",
        "body": (
            "<h2>Why</h2><p>Because.</p><blockquote><p>Drink it.</p>"
            "<p>— Dr Amina Okafor, community health lead</p></blockquote>"
            '<details class="faq"><summary>Is tap water safe?</summary>'
            "<p>In most places, yes.</p></details>"
            '<details class="faq"><summary>How much should I drink?</summary>'
            "<p>About two litres.</p></details>"
        ),
        "featured_image_alt": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "author": author.pk,
        "category": category.pk,
        "tags": [tag.pk],
        "seo_title": "",
        "meta_description": "",
        "comments_open": "on",
        **management("images"),
        **management("share_links"),
        **management("related_links"),  # the links helper's inline (issue 4)
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_editor_writes_and_publishes_an_article_through_the_admin(client, editor) -> None:
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        article_form(editor, featured_image=make_image().pk, featured_image_alt="A glass of water"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="water-explained")
    assert article.is_live
    assert article.featured_image_renditions["webp"]

    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<details class="faq"><summary>Is tap water safe?</summary><p>In most places, yes.</p>'
        '</details><details class="faq"><summary>How much should I drink?</summary>'
    ) in page
    assert "says <cite>Dr Amina Okafor</cite>, community health lead" in page
    assert '<h2 id="why">Why</h2>' in page
    assert 'alt="A glass of water"' in page
    assert article.title in client.get("/").content.decode()


def test_admin_form_strips_script_from_the_body(client, editor) -> None:
    client.force_login(editor)
    body = '<p onmouseover="steal()">Hi</p><script>steal()</script>'
    client.post(ADD_URL, article_form(editor, body=body))
    article = Article.objects.get(slug="water-explained")
    assert "steal" not in article.body and "steal" not in article.body_html


def test_a_library_image_chosen_without_alt_text_takes_the_librarys(client, editor) -> None:
    client.force_login(editor)
    image = make_image(alt="A well at dawn")
    assert client.post(ADD_URL, article_form(editor, featured_image=image.pk)).status_code == 302
    article = Article.objects.get(slug="water-explained")
    assert article.featured_image == image
    assert article.featured_image_alt == "A well at dawn"


def test_a_form_with_errors_keeps_the_chosen_featured_image(client, editor) -> None:
    client.force_login(editor)
    image = make_image(title="Well at dawn")
    response = client.post(ADD_URL, article_form(editor, featured_image=image.pk, title=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="featured_image" value="{image.pk}"' in page
    assert "Well at dawn" in page  # shown as a thumbnail with its title, not a file path


def test_scheduled_for_a_time_that_has_passed_says_it_goes_live_now(client, editor) -> None:
    client.force_login(editor)
    past = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        ADD_URL,
        article_form(
            editor,
            status="scheduled",
            published_at_0=past.strftime("%Y-%m-%d"),
            published_at_1=past.strftime("%H:%M:%S"),
        ),
        follow=True,
    )
    assert "Scheduled for a time that has passed: this article goes live now." in (
        response.content.decode()
    )
    assert Article.objects.get(slug="water-explained").is_live


# The status menu set to Scheduled, or the action bar's Publish with a time to come.
@pytest.mark.parametrize("pressed", [{"status": "scheduled"}, {"_continue": "publish"}])
def test_scheduling_through_the_admin_keeps_it_hidden_until_its_time(
    client, editor, pressed
) -> None:
    client.force_login(editor)
    later = timezone.localtime() + timedelta(minutes=2)
    client.post(
        ADD_URL,
        article_form(
            editor,
            **{"status": "draft", **pressed},
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    article = Article.objects.get(slug="water-explained")
    assert article.status == Article.Status.SCHEDULED and not article.is_live
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def change_form(client, article: Article, **overrides) -> dict:
    """The change form's current values, as the browser would post them back."""
    data = article_form(article.author, **overrides)
    data.update(
        title=article.title,
        slug=article.slug,
        category=article.category_id,
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
    )
    data.update(overrides)
    return data


def test_only_a_significant_edit_moves_the_public_updated_date(client, editor) -> None:
    client.force_login(editor)
    article = make_article(author=editor)
    url = reverse("admin:articles_article_change", args=[article.pk])

    client.post(url, change_form(client, article, summary="Typo fixed."))
    article.refresh_from_db()
    assert article.summary == "Typo fixed."
    assert article.significant_update_at is None

    client.post(url, change_form(client, article, summary="New advice.", significant_edit="on"))
    article.refresh_from_db()
    assert article.significant_update_at is not None
    assert "Updated <time" in client.get(article.get_absolute_url()).content.decode()


def run_action(client, action: str, articles: list[Article]):
    return client.post(
        LIST_URL,
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_publish_unpublish_and_feature_actions(client, editor) -> None:
    client.force_login(editor)
    drafts = [make_article(status=Article.Status.DRAFT, published_at=None) for _ in range(2)]
    run_action(client, "publish_now", drafts)
    assert all(a.is_live for a in Article.objects.filter(pk__in=[d.pk for d in drafts]))

    run_action(client, "feature", drafts[:1])
    assert Article.objects.get(pk=drafts[0].pk).is_featured

    response = run_action(client, "unpublish", drafts)
    assert "2 articles are drafts again." in response.content.decode()
    assert not Article.objects.published().exists()


def test_share_link_action_and_revocation(client, editor) -> None:
    client.force_login(editor)
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = run_action(client, "create_share_link", [draft])
    link = ShareLink.objects.get(article=draft)
    assert link.created_by == editor
    assert link.get_absolute_url() in response.content.decode()

    client.post(
        reverse("admin:articles_sharelink_changelist"),
        {"action": "revoke", "_selected_action": [link.pk]},
    )
    link.refresh_from_db()
    assert link.revoked_at is not None
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_article_list_filters_search_and_drill_down_work(client, editor) -> None:
    client.force_login(editor)
    tag = make_tag()
    article = make_article(tags=[tag], title="Findable title")
    make_article(title="Other")
    for query in (
        f"?tags__id__exact={tag.pk}",
        f"?author__id__exact={article.author_id}",
        f"?category__id__exact={article.category_id}",
        "?state=live",
        "?q=Findable",
        f"?published_at__year={article.published_at.year}",
    ):
        html = client.get(LIST_URL + query).content.decode()
        assert "Findable title" in html, query
    assert "Other" not in client.get(LIST_URL + "?q=Findable").content.decode()


def test_article_list_drills_down_by_year_from_the_years_it_spans(client, editor) -> None:
    client.force_login(editor)
    now = timezone.localtime()
    old = make_article(title="From years ago", published_at=now - timedelta(days=3 * 366))
    make_article(title="From this year", published_at=now - timedelta(minutes=5))
    make_article(title="A draft", status=Article.Status.DRAFT, published_at=None)
    page = client.get(LIST_URL).content.decode()
    years = [str(year) for year in range(now.year, old.published_at.year - 1, -1)]
    for year in years:
        assert f"?published_at__year={year}" in page
    old_year = client.get(LIST_URL + f"?published_at__year={years[-1]}").content.decode()
    assert "From years ago" in old_year
    assert "From this year" not in old_year
    assert "A draft" not in old_year


def test_author_autocomplete_works_for_editors(client, editor) -> None:
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "edn", "app_label": "articles", "model_name": "article", "field_name": "author"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["edna"]


def test_staff_outside_the_staff_groups_see_nothing_of_the_articles(client) -> None:
    User.objects.create_user(username="temp", password="password", is_staff=True)
    client.force_login(User.objects.get(username="temp"))
    assert "Articles" not in client.get("/admin/").content.decode()
    assert client.get(LIST_URL).status_code == 403
    assert client.get(ADD_URL).status_code == 403


def test_editors_have_every_permission_on_the_new_models(editor) -> None:
    for model in ("article", "sharelink", "category", "tag", "media.image"):
        app_label, name = model.split(".") if "." in model else ("articles", model)
        for action in ("add", "change", "delete", "view"):
            assert editor.has_perm(f"{app_label}.{action}_{name}"), (action, model)


def test_change_form_loads_the_prose_editor_from_this_site(client, editor) -> None:
    client.force_login(editor)
    html = client.get(ADD_URL).content.decode()
    assert "data-django-prose-editor-configurable" in html
    assert re.search(r'<script type="importmap" nonce="[^"]+">', html)
    for src in re.findall(r'<script[^>]+src="([^"]+)"', html):
        assert src.startswith("/"), src  # no CDN
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)">', html).group(1)
    response = client.get(ADD_URL)
    assert "'nonce-" in response["Content-Security-Policy"]
    assert nonce  # a fresh nonce per response


def test_public_pages_send_no_nonce(client) -> None:
    make_article()
    assert "nonce" not in client.get("/").headers["Content-Security-Policy"]


def test_csp_style_hash_matches_the_installed_editor() -> None:
    """The admin editor injects one fixed stylesheet; the admin's CSP allows it by hash."""
    editor_js = Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
    css = re.search(r"\.ProseMirror \{\n  position: relative;.*?\}`", editor_js.read_text(), re.S)
    digest = base64.b64encode(hashlib.sha256(css.group(0)[:-1].encode()).digest()).decode()
    assert f"'sha256-{digest}'" == EDITOR_BASE_STYLE_HASH


def test_a_scheduled_article_whose_time_has_come_is_live_in_the_list_and_filter(
    client, editor
) -> None:
    client.force_login(editor)
    make_article(
        title="Due now",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=1),
    )
    make_article(
        title="Due later",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    make_article(title="Still a draft", status=Article.Status.DRAFT, published_at=None)

    live = client.get(LIST_URL + "?state=live").content.decode()
    assert "Due now" in live and "Due later" not in live and "Still a draft" not in live
    scheduled = client.get(LIST_URL + "?state=scheduled").content.decode()
    assert "Due later" in scheduled and "Due now" not in scheduled
    assert "Still a draft" in client.get(LIST_URL + "?state=draft").content.decode()
    # The status column: the due article reads "Live", only the future one "Scheduled".
    row = re.search(r"<tr>.*?Due now.*?</tr>", live, re.S).group(0)
    assert 'field-status_label">Live<' in row
    assert 'field-status_label">Scheduled<' in scheduled


def test_published_with_a_future_time_is_saved_as_scheduled_and_says_so(client, editor) -> None:
    client.force_login(editor)
    later = timezone.localtime() + timedelta(days=2)
    response = client.post(
        ADD_URL,
        article_form(
            editor,
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
        follow=True,
    )
    article = Article.objects.get(slug="water-explained")
    assert article.status == Article.Status.SCHEDULED
    assert "the article is Scheduled" in response.content.decode()


def test_republishing_an_unpublished_article_keeps_its_original_date(client, editor) -> None:
    client.force_login(editor)
    original = timezone.now() - timedelta(days=300)
    old = make_article(published_at=original)
    never = make_article(status=Article.Status.DRAFT, published_at=None)
    run_action(client, "unpublish", [old])
    run_action(client, "publish_now", [old, never])
    old.refresh_from_db()
    never.refresh_from_db()
    assert old.is_live and old.published_at == original
    assert never.is_live and never.published_at > timezone.now() - timedelta(minutes=1)


def test_delete_confirmation_lists_what_an_editor_recognises(client, editor) -> None:
    from articles.links import index, suggestions

    client.force_login(editor)
    target = make_article(title="Target")
    article = make_article(
        title="Doomed",
        tags=[make_tag(name="sleep")],
        body=f'<p>See <a href="{target.get_absolute_url()}">this</a>.</p>',
    )
    index.index_links(article)
    suggestions.update_terms(article)
    html = client.get(reverse("admin:articles_article_delete", args=[article.pk])).content.decode()
    assert "Doomed" in html
    assert "object (" not in html  # "Article_tags object (15)"
    assert "→" not in html  # index rows like "6 → target-slug (body)"
    assert "Article term" not in html


def test_the_admin_speaks_of_byline_and_names_authors_by_display_name(client, editor) -> None:
    client.force_login(editor)
    author = make_user(username="ada42", first_name="Ada", last_name="Lovelace")
    make_article(author=author)
    html = client.get(LIST_URL).content.decode()
    assert "Byline administration" in html and "Django administration" not in html
    assert 'field-author_column">Ada Lovelace<' in html


def test_a_taken_slug_is_refused_with_advice_to_change_it(client, editor) -> None:
    client.force_login(editor)
    make_article(slug="water-explained")
    html = client.post(ADD_URL, article_form(editor)).content.decode()
    assert "Another article already uses this slug" in html
    assert "Change the slug" in html


def test_another_articles_old_address_is_refused_naming_it_then_taken_over_on_confirm(
    client, editor
) -> None:
    client.force_login(editor)
    first = make_article(slug="water-explained", title="Reading your payslip")
    first.slug = "reading-payslips"
    first.save()

    response = client.post(ADD_URL, article_form(editor))
    page = response.content.decode()
    assert "This address used to belong to “Reading your payslip”" in page
    assert "Take this address over" in page
    assert not Article.objects.filter(title="Water, explained").exists()

    response = client.post(ADD_URL, article_form(editor, release_old_address="on"))
    assert response.status_code == 302
    assert client.get("/articles/water-explained/").context["article"].title == "Water, explained"
    first_history = client.get(reverse("admin:articles_article_history", args=[first.pk]))
    assert "Released its old address /water-explained/ to “Water, explained”." in (
        first_history.content.decode()
    )


def test_the_takeover_box_is_offered_only_for_an_old_address(client, editor) -> None:
    client.force_login(editor)
    page = client.post(ADD_URL, article_form(editor, summary="")).content.decode()
    assert "Take this address over" not in page


def test_article_list_fits_a_laptop_screen(client, editor) -> None:
    """No nav sidebar, a one-line date and the admin stylesheet that sizes the columns."""
    client.force_login(editor)
    make_article(published_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 9, 30)))
    html = client.get(LIST_URL).content.decode()
    assert 'id="nav-sidebar"' not in html
    assert "/static/articles/admin.css" in html
    assert 'field-published_column">05 Mar 2026 09:30<' in html


def test_the_one_click_related_link_keeps_a_revision_before_and_after(client, editor) -> None:
    source, target = make_article(author=editor), make_article(title="Tax codes")
    client.force_login(editor)
    client.post(reverse("admin:articles_article_add_related", args=[source.pk, target.pk]))

    before, after = Revision.objects.filter(article=source).order_by("created_at", "id")
    assert before.content["related_links"] == []
    assert [link["target_title"] for link in after.content["related_links"]] == ["Tax codes"]
    assert after.summary == "Related links"


# --- The change form laid out for writing: the action bar, the side column, the share panel ---


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_action_bars_publish_and_save_draft_say_what_the_save_does(client, editor) -> None:
    client.force_login(editor)
    # The status menu still says Draft: "Publish" publishes all the same, and stays on the form.
    response = client.post(ADD_URL, article_form(editor, status="draft", _continue="publish"))
    article = Article.objects.get(slug="water-explained")
    assert article.is_live
    assert response["Location"] == change_url(article)

    # "Save draft" of an article not yet live keeps it a draft, whatever the menu says.
    draft = make_article(title="Half written", status="draft", published_at=None, author=editor)
    data = article_form(editor, slug="half-written", status="published", _continue="draft")
    response = client.post(change_url(draft), data)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert response["Location"] == change_url(draft)


def test_a_scheduled_article_keeps_its_time_on_update_and_enter(client, editor) -> None:
    client.force_login(editor)
    when = timezone.now() + timedelta(days=2)
    article = make_article(
        title="Coming soon", status="scheduled", published_at=when, author=editor
    )
    (bar,) = lxml_html.fromstring(client.get(change_url(article)).content).find_class("action-bar")
    # Update comes first, so Enter in a field keeps the schedule ("Save draft" dropped it).
    assert bar_buttons(bar)[:3] == ["Update", "Unschedule", "Preview"]
    data = {
        **article_form(editor, title="Coming soon, fixed", slug=article.slug, status="scheduled"),
        "published_at_0": timezone.localtime(when).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(when).strftime("%H:%M:%S"),
        "_continue": "update",
    }
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert (article.title, article.status) == ("Coming soon, fixed", Article.Status.SCHEDULED)
    client.post(change_url(article), {**data, "_continue": "draft"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def bar_buttons(bar) -> list[str]:
    """The action bar's submit buttons by their labels, in the order Tab and Enter meet them."""
    return [b.text_content().strip() or b.get("value") for b in bar.xpath(".//*[@type='submit']")]


def test_the_change_form_has_one_set_of_save_buttons_and_a_side_column(client, editor) -> None:
    client.force_login(editor)
    draft = make_article(status="draft", published_at=None, author=editor)
    form = lxml_html.fromstring(client.get(change_url(draft)).content).get_element_by_id(
        "article_form"
    )
    (bar,) = form.find_class("action-bar")
    assert bar_buttons(bar)[:3] == ["Save draft", "Publish", "Preview"]  # Enter saves a draft
    # The bar is the form's only row of save buttons (none left at the bottom).
    assert len(form.xpath(".//*[@name='_continue']")) == 2
    assert len(form.find_class("submit-row")) == 1
    (side,) = form.find_class("form-column-side")
    for field in ("status", "published_at_0", "category", "tags", "featured_image"):
        assert side.xpath(f".//*[@name='{field}']"), field
    assert side.find_class("share-create")
    (main,) = form.find_class("form-column-main")
    for field in ("title", "slug", "summary", "body", "seo_title", "related_links-TOTAL_FORMS"):
        assert main.xpath(f".//*[@name='{field}']"), field

    live = make_article(author=editor)
    (bar,) = lxml_html.fromstring(client.get(change_url(live)).content).find_class("action-bar")
    assert bar_buttons(bar)[:3] == ["Save draft", "Update", "Preview"]


def share_create_url(article: Article) -> str:
    return reverse("admin:articles_article_share_create", args=[article.pk])


def test_the_change_forms_share_panel_creates_and_revokes_links_by_itself(client, editor) -> None:
    client.force_login(editor)
    draft = make_article(status="draft", published_at=None, title="Not ready yet")

    # The form's script posts only the token: the answer is the panel, with the new link.
    panel = client.post(share_create_url(draft), {"fragment": "1"}).content.decode()
    link = ShareLink.objects.get(article=draft)
    assert link.created_by == editor
    assert f"http://testserver{link.get_absolute_url()}" in panel
    assert "Share link created" in panel
    client.logout()
    assert "Not ready yet" in client.get(link.get_absolute_url()).content.decode()

    client.force_login(editor)
    revoke = reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk])
    panel = client.post(revoke, {"fragment": "1"}).content.decode()
    assert "Share link revoked" in panel
    assert link.get_absolute_url() not in panel
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_without_javascript_the_share_buttons_come_back_to_the_form_saying_what_happened(
    client, editor
) -> None:
    client.force_login(editor)
    draft = make_article(status="draft", published_at=None)
    response = client.post(share_create_url(draft), {"title": "Typed, not saved"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(draft)
    assert "Share link created" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "Typed, not saved"  # the panel's button never saves the article
    # What the form held is not lost: it is offered back, and restoring it fills the form.
    page = response.content.decode()
    assert "restore it from the notice below" in page
    assert "Restore the unsaved changes from" in page
    restored = client.get(change_url(draft), {"autosave": "restore"}).content.decode()
    assert 'value="Typed, not saved"' in restored


def test_share_links_are_revoked_only_through_their_own_article_and_by_editors(
    client, editor, moderator
) -> None:
    draft, other = make_article(status="draft", published_at=None), make_article()
    link = ShareLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    wrong = reverse("admin:articles_article_share_revoke", args=[other.pk, link.pk])
    assert client.post(wrong, {"fragment": "1"}).status_code == 404
    assert client.get(share_create_url(draft)).status_code == 405
    client.force_login(moderator)
    assert client.post(share_create_url(draft)).status_code == 403
    right = reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk])
    assert client.post(right).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
    assert not ShareLink.objects.filter(article=draft).exclude(pk=link.pk).exists()


def test_a_refused_publish_still_offers_publish_and_says_the_article_is_a_draft(
    client, editor
) -> None:
    client.force_login(editor)
    draft = make_article(title="Half written", status="draft", published_at=None, author=editor)
    data = article_form(editor, title="", _continue="publish")
    response = client.post(change_url(draft), data)
    assert response.status_code == 200  # the form again, with its error
    (bar,) = lxml_html.fromstring(response.content).find_class("action-bar")
    assert bar_buttons(bar)[:2] == ["Save draft", "Publish"]
    assert bar.find_class("action-bar-state")[0].text_content().strip() == "Draft"
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_share_panel_costs_no_more_queries_however_many_links_are_open(
    client, editor, django_assert_max_num_queries
) -> None:
    client.force_login(editor)
    draft = make_article(status="draft", published_at=None)
    client.get(change_url(draft))
    with django_assert_max_num_queries(60) as without_links:
        client.get(change_url(draft))
    baseline = len(without_links.captured_queries)  # read now: the next request clears the log
    for _n in range(4):
        client.post(share_create_url(draft), {"fragment": "1"})
    with django_assert_max_num_queries(baseline):
        page = client.get(change_url(draft)).content.decode()
    assert page.count('class="share-url"') == 4


def test_article_list_filters_by_a_tag_chosen_from_the_tag_list(client, editor) -> None:
    client.force_login(editor)
    tag, unused = make_tag(name="Pensions"), make_tag(name="Unused tag")
    make_article(tags=[tag], title="Tagged article")
    make_article(title="Untagged article")
    tags_page = client.get(reverse("admin:articles_tag_changelist")).content.decode()
    filtered_url = f"{LIST_URL}?tags__id__exact={tag.pk}"
    assert f'href="{filtered_url}"' in tags_page
    # The sidebar names the chosen tag only, never every tag of the site.
    assert unused.name not in client.get(LIST_URL).content.decode()
    filtered = client.get(filtered_url).content.decode()
    assert "Tagged article" in filtered and "Untagged article" not in filtered
    assert "Pensions" in filtered and unused.name not in filtered


def test_an_faq_without_its_answer_or_question_is_refused_naming_it(client, editor) -> None:
    """Saving would make them plain paragraphs: the editor is told instead, nothing changes."""
    client.force_login(editor)
    body = (
        '<p>Intro.</p><details class="faq"><summary>Who answers this?</summary><p></p></details>'
        '<details class="faq"><summary></summary><p>An answer without its question.</p></details>'
    )
    response = client.post(ADD_URL, article_form(editor, body=body, _savedraft="1"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert "“Who answers this?” has no answer yet" in errors[0]
    assert "“An answer without its question.” has no question" in errors[1]
    assert not Article.objects.exists()
    # What was typed comes back in the editor as it was.
    assert response.context["adminform"].form["body"].value() == body
