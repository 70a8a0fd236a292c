from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from articles import publishing
from articles.links import health, index
from articles.links.admin import RelatedLinkForm
from articles.links.models import ArticleLink, RelatedLink
from articles.models import Article
from tests.factories import make_article, make_related_link

pytestmark = pytest.mark.django_db

BODY = "<p>One.</p><h2>Part</h2><p>Two.</p><blockquote><p>Quoted.</p></blockquote><p>Three.</p>"


def form_for(source: Article, **data: object) -> RelatedLinkForm:
    fields = {"anchor_text": "", "placement": "end", "after_paragraph": "", "position": 0}
    fields.update(data)
    return RelatedLinkForm(data=fields, source=source)


def test_form_counts_only_paragraphs_of_the_text_and_names_the_count() -> None:
    source, target = make_article(body=BODY), make_article()
    form = form_for(source, target=target.pk, placement="inline", after_paragraph=4)
    assert not form.is_valid()
    assert form.errors.as_data()["after_paragraph"][0].code == "no_such_paragraph"
    assert "the body has 3 paragraphs" in form.errors["after_paragraph"][0]
    assert form_for(source, target=target.pk, placement="inline", after_paragraph=3).is_valid()


def test_form_checks_paragraphs_against_the_body_being_edited() -> None:
    source, target = make_article(body=BODY), make_article()
    source.body = "<p>Only one now.</p>"  # submitted, not saved yet
    form = form_for(source, target=target.pk, placement="inline", after_paragraph=2)
    assert not form.is_valid()
    assert "the body has 1 paragraph." in form.errors["after_paragraph"][0]


def test_form_explains_self_links_and_paragraph_rules() -> None:
    source = make_article()
    assert form_for(source, target=source.pk).errors.as_data()["target"][0].code == "self_link"
    other = make_article()
    missing = form_for(source, target=other.pk, placement="inline")
    assert missing.errors.as_data()["after_paragraph"][0].code == "paragraph_required"
    stray = form_for(source, target=other.pk, placement="end", after_paragraph=1)
    assert stray.errors.as_data()["after_paragraph"][0].code == "paragraph_not_inline"


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def change_form_data(client, article: Article) -> dict[str, list[str]]:
    """What the browser would submit from the article's change page, untouched."""
    page = lxml_html.fromstring(client.get(change_url(article)).content)
    form = next(f for f in page.forms if f.get("id") == "article_form")
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def inline_link(data: dict, index: int, **fields: object) -> None:
    prefix = "related_links"
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = [str(value)]
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]


def test_editor_adds_an_inline_link_and_the_index_follows(
    editor_client, django_capture_on_commit_callbacks
) -> None:
    source = make_article(body="<p>One.</p><p>Two.</p>")
    target = make_article(title="Target")
    data = change_form_data(editor_client, source)
    inline_link(data, 0, target=target.pk, anchor_text="go", placement="inline", after_paragraph=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(source), data)
    assert response.status_code == 302, response.context["errors"]
    link = RelatedLink.objects.get(source=source)
    assert (link.target, link.after_paragraph) == (target, 2)
    assert source.outgoing_links.get().target == target


def test_form_error_for_a_missing_paragraph_is_shown_in_the_inline(admin_client) -> None:
    source = make_article(body="<p>Only one.</p>")
    data = change_form_data(admin_client, source)
    inline_link(data, 0, target=make_article().pk, placement="inline", after_paragraph=5)
    response = admin_client.post(change_url(source), data)
    assert response.status_code == 200
    assert "There is no paragraph 5: the body has 1 paragraph." in response.content.decode()
    assert not RelatedLink.objects.exists()


def test_saving_warns_about_links_to_unpublished_articles(admin_client) -> None:
    draft = make_article(title="Still a draft", status=Article.Status.DRAFT, published_at=None)
    source = make_article(body=f'<p><a href="{draft.get_absolute_url()}">soon</a></p>')
    make_related_link(source=source, target=make_article(title="Also hidden", status="draft"))
    response = admin_client.post(change_url(source), change_form_data(admin_client, source))
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert warnings[0].startswith("2 links point to unpublished articles:")
    assert "Still a draft (draft)" in warnings[0] and "Also hidden (draft)" in warnings[0]


def test_change_page_shows_backlinks_with_anchor_texts(admin_client) -> None:
    target = make_article(title="Target")
    source = make_article(title="Linking article")
    make_related_link(source=source, target=target, anchor_text="see the target")
    index.index_links(source)
    page = admin_client.get(change_url(target)).content.decode()
    assert "Linked from" in page
    assert "Linking article" in page and "“see the target”" in page


def test_link_health_lists_each_kind_of_problem(admin_client) -> None:
    hidden = make_article(title="Hidden target", status=Article.Status.DRAFT, published_at=None)
    renamed = make_article(slug="before")
    renamed.slug = "after"
    renamed.save()
    doomed = make_article(title="Doomed", slug="doomed")
    source = make_article(
        title="Source",
        body='<p><a href="/articles/before/">old address</a> <a href="/articles/doomed/">d</a></p>',
    )
    make_related_link(source=source, target=hidden, anchor_text="hidden words")
    index.index_links(source)
    doomed.delete()
    orphan = make_article(title="Nobody links here")
    page = admin_client.get(reverse("admin:articles_article_link_health"))
    assert page.status_code == 200
    sections = health_sections(page)
    assert [row.target for row in sections["unpublished"].rows] == [hidden]
    assert [row.target_slug for row in sections["deleted"].rows] == ["doomed"]
    assert [row.href for row in sections["redirects"].rows] == ["/articles/before/"]
    assert orphan in sections["orphans"].rows and source in sections["orphans"].rows
    assert renamed not in sections["orphans"].rows
    anchors = {entry["title"]: entry["anchors"] for entry in sections["anchors"].rows}
    assert anchors[renamed.title] == [("old address", 1)]
    html = page.content.decode()
    assert "Links to unpublished articles (1)" in html and "Published orphans (" in html


def health_sections(page: HttpResponse) -> dict[str, health.Section]:
    return {section.key: section for section in page.context["sections"]}


def test_link_health_pages_through_a_long_section_in_fixed_queries(
    admin_client, django_assert_max_num_queries, monkeypatch
) -> None:
    monkeypatch.setattr(health, "PAGE_ROWS", 3)
    monkeypatch.setattr(health, "OVERVIEW_ROWS", 2)
    target = make_article(title="Linked a lot")
    sources = [make_article() for _ in range(8)]
    for source in sources:
        make_related_link(source=source, target=target)
        index.index_links(source)
    publishing.unpublish(target)
    newest_first = list(ArticleLink.objects.order_by("-id"))
    url = reverse("admin:articles_article_link_health")
    with django_assert_max_num_queries(16):
        overview = admin_client.get(url)
    unpublished = health_sections(overview)["unpublished"]
    assert unpublished.rows == newest_first[:2] and unpublished.count_label == "8"
    assert 'href="?section=unpublished"' in overview.content.decode()
    seen, next_url = [], f"{url}?section=unpublished"
    while next_url:
        with django_assert_max_num_queries(6):
            page = admin_client.get(next_url)
        (section,) = page.context["sections"]
        seen += section.rows
        next_url = section.older and f"{url}?section=unpublished&before={section.older}"
        assert bool(section.older) == (f"before={section.older}" in page.content.decode())
    assert seen == newest_first  # every link once, in order, over three pages


def test_link_health_looks_for_orphans_a_window_at_a_time(admin_client, monkeypatch) -> None:
    monkeypatch.setattr(health, "ORPHAN_WINDOW", 3)
    now = timezone.now()
    articles = [make_article(published_at=now - timedelta(hours=n)) for n in range(5)]
    linked = articles[1]
    make_related_link(source=articles[4], target=linked)
    index.index_links(articles[4])
    url = reverse("admin:articles_article_link_health")
    first = health_sections(admin_client.get(url))["orphans"]
    assert first.rows == [articles[0], articles[2]]
    assert first.count_label == "2 among the newest 3 published articles"
    page = admin_client.get(f"{url}?section=orphans&before={first.older}")
    (second,) = page.context["sections"]
    assert second.rows == [articles[3], articles[4]] and second.older is None
    assert second.count_label == "2 among the next 2 published articles"


def test_orphans_past_the_overviews_rows_are_a_click_away_on_a_small_site(
    admin_client, monkeypatch
) -> None:
    monkeypatch.setattr(health, "OVERVIEW_ROWS", 2)
    monkeypatch.setattr(health, "PAGE_ROWS", 3)
    now = timezone.now()
    articles = [make_article(published_at=now - timedelta(hours=n)) for n in range(5)]
    url = reverse("admin:articles_article_link_health")
    overview = admin_client.get(url)
    assert health_sections(overview)["orphans"].rows == articles[:2]
    assert 'href="?section=orphans"' in overview.content.decode()  # no window to page through
    (own_page,) = admin_client.get(f"{url}?section=orphans").context["sections"]
    assert own_page.rows == articles  # the whole window, not its first PAGE_ROWS
    assert own_page.older is None


def test_link_health_counts_stop_at_their_cap(admin_client, monkeypatch) -> None:
    monkeypatch.setattr(health, "COUNT_CAP", 2)
    source = make_article(
        body="".join(f'<p><a href="/articles/missing-{n}/">x</a></p>' for n in range(3))
    )
    index.index_links(source)
    page = admin_client.get(reverse("admin:articles_article_link_health"))
    assert health_sections(page)["deleted"].count_label == "2+"


def test_one_click_fix_rewrites_the_body_link(
    admin_client, django_capture_on_commit_callbacks
) -> None:
    target = make_article(slug="before")
    target.slug = "after"
    target.save()
    source = make_article(body='<p><a href="/articles/before/">old address</a></p>')
    index.index_links(source)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_article_fix_links", args=[source.pk]), follow=True
        )
    assert response.redirect_chain[0][1] == 302
    assert "Rewrote 1 link in" in response.content.decode()
    source.refresh_from_db()
    assert 'href="/articles/after/"' in source.body
    assert not health.links_through_redirects().exists()


def test_fix_and_add_refuse_get_requests(admin_client) -> None:
    source, target = make_article(), make_article()
    assert (
        admin_client.get(reverse("admin:articles_article_fix_links", args=[source.pk])).status_code
        == 405
    )
    url = reverse("admin:articles_article_add_related", args=[source.pk, target.pk])
    assert admin_client.get(url).status_code == 405


def test_dismissing_a_deleted_curated_link_removes_it(admin_client) -> None:
    source, target = make_article(), make_article()
    make_related_link(source=source, target=target)
    index.index_links(source)
    target.delete()
    row = ArticleLink.objects.get(source=source)
    admin_client.post(reverse("admin:articles_article_dismiss_link", args=[row.pk]))
    assert not ArticleLink.objects.exists()


def test_delete_confirmation_names_the_articles_that_link_here(admin_client) -> None:
    target = make_article(title="Popular")
    source = make_article(title="Links to popular")
    make_related_link(source=source, target=target)
    index.index_links(source)
    url = reverse("admin:articles_article_delete", args=[target.pk])
    page = admin_client.get(url).content.decode()
    assert "Other articles link to “Popular”" in page
    assert "Links to popular" in page
    admin_client.post(url, {"post": "yes"})
    assert source.outgoing_links.get().target_slug == target.slug


def test_delete_confirmation_is_plain_when_nothing_links_here(admin_client) -> None:
    lonely = make_article()
    page = admin_client.get(reverse("admin:articles_article_delete", args=[lonely.pk]))
    assert "Other articles link to" not in page.content.decode()


def test_link_health_is_for_staff_with_article_rights(editor: User) -> None:
    url = reverse("admin:articles_article_link_health")
    client = Client()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_bulk_delete_confirmation_names_the_articles_that_link_there(admin_client) -> None:
    first, second = make_article(title="First"), make_article(title="Second")
    source = make_article(title="Links to both")
    make_related_link(source=source, target=first)
    make_related_link(source=second, target=first)  # a selected article linking: not listed
    index.index_links(source)
    index.index_links(second)
    page = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk]},
    )
    html = lxml_html.fromstring(page.content)
    assert "Other articles link to the selected ones." in html.text_content()
    assert html.xpath("//ul[@class='linking-articles']/li/a/text()") == ["Links to both"]


def test_renaming_a_published_article_tells_the_editor_the_old_address_redirects(
    admin_client,
) -> None:
    article = make_article(slug="old-address")
    data = change_form_data(admin_client, article)
    data["slug"] = ["new-address"]
    response = admin_client.post(change_url(article), data)
    notes = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "info"]
    assert notes == [
        "The old address /articles/old-address/ now leads here with a permanent redirect."
    ]
    assert admin_client.get("/articles/old-address/")["Location"] == "/articles/new-address/"


@pytest.mark.parametrize("links", [1, 12])
def test_change_page_query_count_does_not_grow_with_related_links(
    admin_client, django_assert_max_num_queries, links
) -> None:
    source = make_article()
    targets = [make_article(title=f"Target number {n}") for n in range(links)]
    for target in targets:
        make_related_link(source=source, target=target)
    # The article's own rows, inlines, link panels and admin chrome; a link adds none (each
    # loaded its source and its target for its name and picker before).
    with django_assert_max_num_queries(33):
        response = admin_client.get(reverse("admin:articles_article_change", args=[source.pk]))
    page = lxml_html.fromstring(response.content)
    chosen = page.xpath('//select[contains(@name, "target")]/option[@selected]/text()')
    assert chosen == [target.title for target in targets]


# --- The body editor's link chooser ----------------------------------------------------------


def test_the_link_chooser_finds_articles_by_title_drafts_marked_in_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
) -> None:
    live = make_article(title="Compound interest for and against you")
    draft = make_article(
        title="Compound interest, explained again", status="draft", published_at=None
    )
    make_article(title="Something else")
    for n in range(25):
        make_article(title=f"Interest rates, part {n}")
    client.force_login(editor)
    url = reverse("admin:articles_article_link_search")
    client.get(url)
    with django_assert_num_queries(5):  # session, user, their two permission sets, articles
        found = client.get(url, {"q": "compound interest"}).json()["results"]
    by_title = {article["title"]: article for article in found}
    assert set(by_title) == {live.title, draft.title}
    assert by_title[live.title]["state"] == "live"
    assert by_title[live.title]["url"] == live.get_absolute_url()
    assert by_title[draft.title]["state"] == "draft"
    assert by_title[draft.title]["state_label"] == "Draft"
    assert by_title[draft.title]["id"] == draft.pk
    with django_assert_num_queries(5):
        assert len(client.get(url, {"q": "interest"}).json()["results"]) == 20


def test_the_link_chooser_leaves_out_articles_in_the_trash(client, editor) -> None:
    make_article(title="Gone for now", deleted_at=timezone.now())
    client.force_login(editor)
    url = reverse("admin:articles_article_link_search")
    assert client.get(url, {"q": "gone"}).json()["results"] == []


def test_each_field_of_a_related_link_row_is_named_for_screen_readers(admin_client) -> None:
    # A table row shows only its column's heading; every control must carry a name of its own.
    source = make_article()
    make_related_link(source=source, target=make_article())
    page = admin_client.get(reverse("admin:articles_article_change", args=[source.pk]))
    tree = lxml_html.fromstring(page.content)
    row = tree.get_element_by_id("related_links-0")
    names = {
        control.get("name").removeprefix("related_links-0-"): control.get("aria-label")
        for control in row.xpath(".//input[not(@type='hidden')] | .//select")
    }
    assert names == {
        "target": "Linked article",
        "anchor_text": "Anchor text",
        "placement": "Placement",
        "after_paragraph": "After paragraph",
        "position": "Position",
        "DELETE": "Delete this link",
    }
