"""Checks before publishing: each rule flags a crafted article; the demo articles pass clean."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import checks, richtext, trash
from articles.models import Article
from tests.factories import make_article, make_image, make_related_link

pytestmark = pytest.mark.django_db

#: A plain, clean body of about 130 words of everyday English (LIX in the 30s).
CLEAN_TEXT = (
    "<p>Tap water in most towns is safe to drink. It is tested every day, and the results are "
    "public. If the water looks cloudy, let it run for a minute. The cloud is often just air.</p>"
    "<h2>When to take care</h2>"
    "<p>Old pipes can add lead. If your home was built before 1970, ask the water company for a "
    "test. It is free in many places. Until you know, run the tap before you fill a glass.</p>"
    "<h3>Filters</h3>"
    "<p>A jug filter makes water taste better. It does not make bad water safe. Change the "
    "filter as often as the box says, or it can grow mould. Boil water only when you are told "
    "to. The notice will say how long it lasts. Most last a day or two, and then the water is "
    "fine again.</p>"
)
CLEAN = {
    "title": "Is tap water safe to drink?",
    "summary": "What the daily tests check, when old pipes matter, and what a jug filter can "
    "and cannot do for you.",
    "body": CLEAN_TEXT,
}


def rules(**fields: object) -> set[str]:
    return {problem.rule for problem in checks.check(**{**CLEAN, **fields}).problems}


def test_a_clean_article_has_nothing_to_fix() -> None:
    report = checks.check(**CLEAN)
    assert report.problems == []
    assert report.readability.score is not None
    assert report.readability.score < 45
    assert report.words > 100


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ('<p>Look.</p><p><img src="/media/a.jpg" alt=""></p>', "accessibility.alt_missing"),
        ('<p><img src="/media/a.jpg" alt="IMG_2041.JPG"></p>', "accessibility.alt_file_name"),
        ('<p><img src="/media/a.jpg" alt="DSC01234"></p>', "accessibility.alt_file_name"),
        ("<h3>Straight to a subheading</h3><p>Text.</p>", "accessibility.heading_skipped"),
        ("<h2></h2><p>Text.</p>", "accessibility.heading_empty"),
        (
            '<p>For the rules <a href="https://gov.example/rules">click here</a>.</p>',
            "accessibility.link_vague",
        ),
        (
            '<p>See <a href="https://gov.example/rules">Read more…</a></p>',
            "accessibility.link_vague",
        ),
        ('<p>See <a href="https://gov.example/rules"> </a> too.</p>', "accessibility.link_empty"),
        ("<p><strong>What it costs</strong></p><p>Ten pounds.</p>", "accessibility.bold_heading"),
    ],
)
def test_each_accessibility_rule_flags_its_mistake(body: str, rule: str) -> None:
    assert rule in rules(body=body + CLEAN_TEXT)


def test_an_image_link_is_named_by_its_alt_text() -> None:
    body = (
        CLEAN_TEXT
        + '<p><a href="https://gov.example"><img src="/media/a.jpg" alt="The water report"></a></p>'
    )
    assert not {r for r in rules(body=body) if r.startswith("accessibility")}


def test_a_bold_sentence_is_emphasis_not_a_heading() -> None:
    body = CLEAN_TEXT + "<p><strong>Never mix bleach with other cleaners.</strong></p>"
    assert "accessibility.bold_heading" not in rules(body=body)


def test_hard_text_gets_a_readability_warning_with_a_verdict() -> None:
    sentence = (
        "Notwithstanding considerable jurisdictional heterogeneity, municipal infrastructural "
        "administrations systematically implement comprehensive microbiological surveillance "
        "methodologies, contemporaneously documenting physicochemical characteristics "
    )
    report = checks.check(**{**CLEAN, "body": f"<p>{sentence * 8}.</p>"})
    (problem,) = [p for p in report.problems if p.rule == "readability.hard"]
    assert report.readability.score > checks.LIX_HARD
    assert "very hard" in problem.message


def test_lix_reads_other_languages_too() -> None:
    swedish = "Vattnet i kranen är bra. Det testas varje dag. " * 12
    assert checks.lix(swedish).score < 25
    # Accents typed apart (as some systems paste them) split no word: the same score.
    apart = swedish.replace("ä", "a\u0308")
    assert checks.lix(apart) == checks.lix(swedish)


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        (
            {"title": "A very long title that goes on and on about tap water and its many tests"},
            "seo.title_long",
        ),
        ({"seo_title": "x" * 61}, "seo.title_long"),
        ({"meta_description": "y" * 161}, "seo.description_long"),
        ({"summary": "Too short."}, "seo.description_short"),
        ({"summary": "", "meta_description": ""}, "seo.description_missing"),
        ({"summary": "", "meta_description": "y" * 80}, "seo.summary_missing"),
        ({"has_featured_image": False}, "seo.image_missing"),
    ],
)
def test_search_result_rules(fields: dict, rule: str) -> None:
    assert rule in rules(**fields)


def test_a_short_seo_title_fixes_a_long_title() -> None:
    long = "A very long title that goes on and on about tap water and its many tests"
    assert "seo.title_long" not in rules(title=long, seo_title="Is tap water safe?")


def test_links_to_articles_readers_cannot_open_are_serious() -> None:
    draft = make_article(title="Lead pipes", slug="lead-pipes", status="draft", published_at=None)
    binned = make_article(title="Old filters", slug="old-filters")
    trash.move_to_trash(binned)
    make_article(slug="boiling-water")
    body = CLEAN_TEXT + (
        '<p>Read about <a href="/articles/lead-pipes/">lead pipes</a>, '
        '<a href="/articles/old-filters/">old filters</a>, '
        '<a href="/articles/boiling-water/">boiling water</a> and '
        '<a href="/articles/no-such-thing/">this guide</a>.</p>'
    )
    problems = [
        p for p in checks.check(**{**CLEAN, "body": body}).problems if p.rule == "links.unpublished"
    ]
    messages = " ".join(p.message for p in problems)
    assert len(problems) == 3 and all(p.serious for p in problems)
    assert "“Lead pipes”, which is not published" in messages
    assert "“Old filters”, which is in the trash" in messages
    assert "no-such-thing" in messages
    assert "boiling" not in messages
    assert draft.pk


def test_a_link_chosen_by_title_is_judged_by_the_article_it_names() -> None:
    # The address is stale or someone else's; data-article names the article itself.
    draft = make_article(title="Lead pipes", slug="lead-pipes", status="draft", published_at=None)
    live = make_article(title="Boiling water", slug="boiling-water")
    make_article(title="Old address holder", slug="old-name")
    body = CLEAN_TEXT + (
        f'<p>See <a href="/articles/boiling-water/" data-article="{draft.pk}">the pipes guide</a>'
        f' and <a href="/articles/old-name/" data-article="{live.pk}">boiling water</a>.</p>'
    )
    problems = checks.check(**{**CLEAN, "body": body}).problems
    assert [p.rule for p in problems] == ["links.unpublished"]
    assert "“Lead pipes”, which is not published" in problems[0].message


def test_related_links_to_articles_readers_cannot_open() -> None:
    article = make_article(**CLEAN, featured_image=make_image())
    draft = make_article(title="Lead pipes", status="draft", published_at=None)
    binned = make_article(title="Old filters")
    live = make_article(title="Boiling water")
    for target in (draft, binned, live):
        make_related_link(source=article, target=target)
    trash.move_to_trash(binned)
    found = {
        p.message: p.severity
        for p in checks.check_article(article).problems
        if p.rule == "links.related_unpublished"
    }
    assert found == {
        "The related link to “Lead pipes” goes to an article that is not published: readers "
        "will not see the link until it is.": checks.Severity.WARNING,
        "The related link to “Old filters” goes to an article in the trash.": (
            checks.Severity.SERIOUS
        ),
    }


def test_the_panel_reads_the_related_links_and_image_as_typed(admin_client) -> None:
    binned = make_article(title="Old filters")
    trash.move_to_trash(binned)
    draft = make_article(title="Lead pipes", status="draft", published_at=None)
    posted = {
        **CLEAN,
        "featured_image": str(make_image().pk),
        "related_links-0-target": str(binned.pk),
        "related_links-1-target": str(draft.pk),
        "related_links-1-DELETE": "on",  # marked for deletion: no longer the article's
    }
    html = admin_client.post(reverse("admin:articles_article_checks"), posted).content.decode()
    assert "“Old filters” goes to an article in the trash" in html
    assert "Lead pipes" not in html
    assert 'data-rule="seo.image_missing"' not in html
    assert 'href="#related_links-group"' in html
    without_image = {**posted, "featured_image": ""}
    html = admin_client.post(
        reverse("admin:articles_article_checks"), without_image
    ).content.decode()
    assert 'data-rule="seo.image_missing"' in html


def test_no_demo_article_is_flagged() -> None:
    call_command("load_demo", stdout=StringIO())
    articles = list(Article.objects.all())
    assert len(articles) >= 10
    flagged = {
        article.slug: [p.message for p in checks.check_article(article).problems]
        for article in articles
    }
    assert {slug: found for slug, found in flagged.items() if found} == {}


# --- In the admin: the panel, and publishing asks for confirmation ---


def article_form(article: Article, **changes: str) -> dict:
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "author": article.author_id,
        "category": article.category_id,
        "comments_open": "on",
        "opened_version": article.version,
        "opened_snapshot": "",
    }
    for prefix in ("images", "share_links", "related_links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_the_change_form_shows_the_checks_panel(admin_client) -> None:
    article = make_article(**CLEAN, status="draft", published_at=None, featured_image=make_image())
    html = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "Checks before publishing" in html
    assert "Nothing to fix" in html


def test_publishing_with_a_serious_problem_asks_then_goes_ahead_when_confirmed(
    admin_client,
) -> None:
    article = make_article(**CLEAN, status="draft", published_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    vague = CLEAN_TEXT + '<p><a href="https://gov.example/rules">click here</a></p>'
    response = admin_client.post(url, article_form(article, body=vague, status="published"))
    assert response.status_code == 200  # shown again, with everything typed
    html = response.content.decode()
    assert "The checks found 1 serious problem" in html
    assert "click here" in html
    assert 'name="publish_despite_checks"' in html
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    response = admin_client.post(
        url, article_form(article, body=vague, status="published", publish_despite_checks="on")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_live and "click here" in article.body


def test_a_draft_saves_with_problems_without_asking(admin_client) -> None:
    article = make_article(**CLEAN, status="draft", published_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = CLEAN_TEXT + "<h3>Skipped</h3>"
    response = admin_client.post(url, article_form(article, body="<h3>Skipped</h3>" + body))
    assert response.status_code == 302


def test_a_live_articles_old_problem_does_not_ask_on_every_save(admin_client) -> None:
    vague = CLEAN_TEXT + '<p><a href="https://gov.example/rules">click here</a></p>'
    article = make_article(**{**CLEAN, "body": vague})
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.post(url, article_form(article, title="Is tap water safe?"))
    assert response.status_code == 302


def test_the_panel_rechecks_what_is_typed(admin_client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(6):
        response = admin_client.post(
            reverse("admin:articles_article_checks"),
            {**CLEAN, "body": "<h3>Deep</h3>" + CLEAN_TEXT},
        )
    assert response.status_code == 200
    assert 'data-rule="accessibility.heading_skipped"' in response.content.decode()


def test_the_recheck_is_for_staff_who_edit(client, moderator) -> None:
    client.force_login(moderator)
    response = client.post(reverse("admin:articles_article_checks"), CLEAN)
    assert response.status_code == 403


def test_saving_a_draft_of_a_live_article_does_not_ask(admin_client) -> None:
    article = make_article(**CLEAN)
    url = reverse("admin:articles_article_change", args=[article.pk])
    vague = CLEAN_TEXT + '<p><a href="https://gov.example/rules">click here</a></p>'
    response = admin_client.post(url, article_form(article, body=vague, _savedraft="Save draft"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert "click here" not in article.body  # kept in the draft, not published


def test_a_pull_quote_block_flags_nothing_and_its_words_count_once() -> None:
    quote = (
        '<figure class="pull-quote"><blockquote><p>Clean water saves more lives than any '
        "drug.</p></blockquote><figcaption><cite>Dr Amina Okafor</cite>, community health "
        "lead</figcaption></figure>"
    )
    report = checks.check(**{**CLEAN, "body": CLEAN_TEXT + quote})
    assert report.problems == []
    # Eight words quoted, three of the name, three of the role: read once each.
    assert report.readability.words == checks.check(**CLEAN).readability.words + 14


def test_faq_blocks_flag_nothing_and_their_words_count_once() -> None:
    faqs = (
        '<h2>Questions</h2><details class="faq"><summary><strong>Can I drink from the garden '
        "tap?</strong></summary><p><strong>No.</strong></p><p>It is often not connected to "
        'the mains.</p></details><details class="faq"><summary>Does a filter remove lead'
        "</summary><ul><li>Some do.</li><li>Check the box.</li></ul></details>"
    )
    report = checks.check(**{**CLEAN, "body": CLEAN_TEXT + faqs})
    # A bold answer is no paragraph used as a heading, a question is no heading level.
    assert report.problems == []
    assert report.readability.words == checks.check(**CLEAN).readability.words + 1 + 7 + 9 + 5 + 5


def test_publishing_with_a_related_link_into_the_trash_asks(admin_client) -> None:
    article = make_article(**CLEAN, status="draft", published_at=None)
    binned = make_article(title="Old filters")
    trash.move_to_trash(binned)
    url = reverse("admin:articles_article_change", args=[article.pk])
    row = {
        "related_links-TOTAL_FORMS": 1,
        "related_links-0-target": binned.pk,
        "related_links-0-placement": "end",
        "related_links-0-position": 1,
    }
    response = admin_client.post(url, article_form(article, status="published", **row))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The checks found 1 serious problem" in html
    assert "“Old filters” goes to an article in the trash" in html
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_the_word_count_is_the_pages_own() -> None:
    body = (
        "<h2>Costs</h2><p>one</p><p>two</p><figure class='pull-quote'><blockquote><p>Clean "
        "water saves lives.</p></blockquote><figcaption><cite>Dr Amina Okafor</cite>, nurse"
        "</figcaption></figure>"
    )
    assert checks.check(**{**CLEAN, "body": body}).words == richtext.render(body).word_count == 11


def test_the_word_count_reads_the_body_as_it_will_be_saved() -> None:
    # What sanitizing drops (a script's text, a stylesheet) is no words on the page either.
    body = "<p>one two</p><script>var three = 4</script><style>p { color: red }</style>"
    assert checks.check(**{**CLEAN, "body": body}).words == richtext.render(body).word_count == 2
