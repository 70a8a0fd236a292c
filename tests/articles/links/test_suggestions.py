import heapq
import math
import re
import threading
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from articles import publishing, richtext
from articles.links import index, suggestions
from articles.links.models import ArticleTerm, RelatedLink, TermFrequency
from articles.models import Article
from tests.factories import make_article, make_category, make_related_link, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus() -> dict[str, Article]:
    """Six articles where the right answer is plain to a human reader."""
    health, money = make_category(name="Health"), make_category(name="Money")
    workers, rural = make_tag(name="health workers"), make_tag(name="rural")
    articles = {
        "source": make_article(
            title="What does a community health worker do?",
            summary="Community health workers bring care to villages far from clinics.",
            body="<p>A community health worker visits homes, checks vaccinations and refers "
            "patients to clinics. Community health workers are trained volunteers.</p>",
            category=health,
            tags=[workers, rural],
        ),
        "training": make_article(
            title="How community health workers are trained",
            summary="Training for community health workers takes six weeks.",
            body="<p>Volunteers learn vaccinations, referrals and home visits before they "
            "start work as community health workers.</p>",
            category=health,
            tags=[workers],
        ),
        "clinics": make_article(
            title="Vaccination clinics in rural areas",
            summary="Mobile clinics bring vaccinations to villages.",
            body="<p>Rural clinics and villages depend on mobile vaccination teams.</p>",
            category=money,
            tags=[rural],
        ),
        "budget": make_article(
            title="Budgeting for a household",
            summary="Savings, bills and a simple monthly budget.",
            body="<p>Write down income, bills and savings every month.</p>",
            category=money,
        ),
        "draft": make_article(
            title="Community health worker pay",
            summary="What community health workers earn.",
            body="<p>Community health workers and their stipends.</p>",
            category=health,
            tags=[workers],
            status=Article.Status.DRAFT,
            published_at=None,
        ),
        "linked": make_article(
            title="Community health workers in cities",
            summary="Community health workers in urban clinics.",
            body="<p>Community health workers visit homes in cities too.</p>",
            category=health,
            tags=[workers],
        ),
    }
    for n in range(3):  # so that the health workers tag is not on most articles
        make_article(title=f"Pay day {n}", summary="Bills.", body="<p>Rent.</p>", category=money)
    make_related_link(source=articles["source"], target=articles["linked"])
    index.index_links(articles["source"])
    suggestions.rebuild_all_terms()
    return articles


def test_suggestions_rank_the_closest_article_first_and_skip_the_unrelated(corpus) -> None:
    ranked = [s.article for s in suggestions.suggest_links_from(corpus["source"])]
    assert ranked == [corpus["training"], corpus["clinics"]]


def test_suggestions_explain_their_score(corpus) -> None:
    best, second = suggestions.suggest_links_from(corpus["source"])
    assert best.reason.startswith("same category (Health); shares tag health workers; ")
    assert "similar wording (community, health, workers)" in best.reason
    assert second.reason.startswith("shares tag rural; similar wording (")
    assert "clinics" in second.common_terms
    assert best.score == pytest.approx(1 + 1 + 4 * best.similarity)
    assert 0 < second.similarity < best.similarity <= 1


def test_suggestions_leave_out_drafts_and_articles_already_linked(corpus) -> None:
    suggested = {s.article for s in suggestions.suggest_links_from(corpus["source"], limit=10)}
    assert corpus["draft"] not in suggested
    assert corpus["linked"] not in suggested
    assert corpus["source"] not in suggested


def test_an_article_about_to_be_published_gets_older_articles_to_link_to_it(corpus) -> None:
    draft = corpus["draft"]
    from_articles = [s.article for s in suggestions.suggest_links_to(draft)]
    health_workers = {corpus["source"], corpus["training"], corpus["linked"]}
    assert set(from_articles[:3]) == health_workers
    assert corpus["budget"] not in from_articles
    make_related_link(source=corpus["training"], target=draft)
    index.index_links(corpus["training"])
    assert corpus["training"] not in [s.article for s in suggestions.suggest_links_to(draft)]


def test_a_tag_on_most_articles_earns_no_point(corpus) -> None:
    everywhere = make_tag(name="explainer")
    for article in Article.objects.all():
        article.tags.add(everywhere)
    best = suggestions.suggest_links_from(corpus["source"])[0]
    assert [tag.name for tag in best.shared_tags] == ["health workers"]


def test_term_vectors_keep_distinctive_words_and_weigh_the_title(corpus) -> None:
    weights = suggestions.article_term_weights(corpus["source"])
    assert "the" not in weights and "are" not in weights
    assert weights["community"] > weights["vaccinations"]


def test_change_page_offers_suggestions_and_one_click_adds_one(
    admin_client, corpus, django_capture_on_commit_callbacks
) -> None:
    source, training = corpus["source"], corpus["training"]
    page = admin_client.get(reverse("admin:articles_article_change", args=[source.pk]))
    add_url = reverse("admin:articles_article_add_related", args=[source.pk, training.pk])
    assert add_url in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(add_url)
    assert response["Location"] == reverse("admin:articles_article_change", args=[source.pk])
    link = RelatedLink.objects.get(source=source, target=training)
    assert link.placement == RelatedLink.Placement.END
    assert link.position > RelatedLink.objects.get(target=corpus["linked"]).position
    assert training not in [s.article for s in suggestions.suggest_links_from(source)]


def test_draft_change_page_offers_links_from_older_articles(admin_client, corpus) -> None:
    draft, source = corpus["draft"], corpus["source"]
    page = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "Older articles that should link to this one" in page.content.decode()
    admin_client.post(reverse("admin:articles_article_add_backlink", args=[draft.pk, source.pk]))
    assert RelatedLink.objects.filter(source=source, target=draft).exists()


def test_an_overlap_of_everyday_words_alone_suggests_nothing(db) -> None:
    sleep = make_article(
        title="Sleep debt: can you catch up at the weekend?",
        summary="Hours of lost sleep add up; a lie-in repays only part of the account later.",
        body="<p>Losing two hours a night builds a debt you pay back later, roughly.</p>"
        "<p>A short nap helps a little; better habits help more.</p>",
        category=make_category(name="Health"),
    )
    payslip = make_article(
        title="How to read your payslip",
        summary="Gross pay, deductions and hours worked, line by line, for your account.",
        body="<p>Your employer pays hours into your account; tax comes off later.</p>"
        "<p>A short check each month is a little better than roughly trusting it.</p>",
        category=make_category(name="Money"),
    )
    for article in (sleep, payslip):
        suggestions.update_terms(article)
    assert suggestions.suggest_links_from(sleep) == []
    assert suggestions.suggest_links_to(payslip) == []


def test_creating_publishing_renaming_and_deleting_through_the_orm_keeps_terms_fresh(
    db, django_capture_on_commit_callbacks
) -> None:
    def terms(article: Article) -> dict[str, float]:
        return dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))

    def assert_terms_as_rebuilt() -> dict[int, dict[str, float]]:
        stored = {a.pk: terms(a) for a in Article.objects.all()}
        assert stored_frequencies() == counted_frequencies()
        suggestions.rebuild_all_terms()
        assert {a.pk: terms(a) for a in Article.objects.all()} == stored
        return stored

    neighbour = make_article(title="Glaciers retreat", body="<p>Glaciers melt in summer.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(
            title="Volcanoes erupt",
            slug="volcanoes",
            summary="Magma rises.",
            body="<p>Volcanoes erupt when magma rises through the crust.</p>",
            author=neighbour.author,
            category=neighbour.category,
        )
    assert "volcanoes" in assert_terms_as_rebuilt()[article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(article)
    assert_terms_as_rebuilt()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Geysers spout"
        article.slug = "geysers"
        article.save()
    stored = assert_terms_as_rebuilt()[article.pk]
    assert "geysers" in stored
    assert "volcanoes" in stored  # still in the body, no longer weighed as a title word
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not ArticleTerm.objects.filter(article_id=article.pk).exists()
    assert assert_terms_as_rebuilt()[neighbour.pk] == terms(neighbour) != {}


def counted_frequencies() -> Counter[str]:
    """How many articles have each term (and any), counted from the terms themselves."""
    counted = Counter(ArticleTerm.objects.values_list("term", flat=True))
    counted[suggestions.DOCUMENTS] = len(set(ArticleTerm.objects.values_list("article", flat=True)))
    return counted


def stored_frequencies() -> Counter[str]:
    """The document frequencies suggestions rank with (a term at 0 is no article's)."""
    return Counter(
        dict(TermFrequency.objects.filter(articles__gt=0).values_list("term", "articles"))
    )


def test_the_stored_term_frequencies_follow_edits_and_deletions(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        glaciers = make_article(title="Glaciers retreat", body="<p>Glaciers melt in summer.</p>")
        melt = make_article(title="Snow melt", body="<p>Snow melt feeds rivers in summer.</p>")
    assert stored_frequencies()["summer"] == stored_frequencies()[suggestions.DOCUMENTS] == 2
    assert stored_frequencies() == counted_frequencies()
    with django_capture_on_commit_callbacks(execute=True):
        glaciers.body = "<p>Glaciers grow in winter.</p>"
        glaciers.save()
    assert (stored_frequencies()["summer"], stored_frequencies()["winter"]) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=melt.pk).delete()  # the queryset's delete, as the trash empties
    assert stored_frequencies()["summer"] == 0
    assert stored_frequencies()[suggestions.DOCUMENTS] == 1
    assert stored_frequencies() == counted_frequencies() != Counter()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_articles_saved_at_once_both_count_in_the_terms_they_share(monkeypatch) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("threads need a database file or server (run on PostgreSQL)")
    first, second = make_article(title="Cliffs"), make_article(title="Dunes")
    both_deleted = threading.Barrier(2, timeout=5)
    delete_terms = suggestions._delete_terms

    def delete_then_wait(article_ids: list[int]) -> Counter[str]:
        removed = delete_terms(article_ids)
        both_deleted.wait()  # both transactions are open, each about to count the same terms
        return removed

    monkeypatch.setattr(suggestions, "_delete_terms", delete_then_wait)
    errors: list[Exception] = []

    def save(article: Article, words: str) -> None:
        try:
            article.body = f"<p>{words}</p>"
            suggestions.update_terms(article)
        except Exception as error:  # reported by the assertion below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(first, "Harbour tides, harbour walls, gulls.")),
        threading.Thread(target=save, args=(second, "Gulls over walls; tides at the harbour.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored_frequencies()["harbour"] == stored_frequencies()["gulls"] == 2
    assert stored_frequencies() == counted_frequencies()


def test_before_any_term_vector_is_stored_shared_tags_still_suggest() -> None:
    tides = make_tag(name="Tides")
    source, sibling = make_article(title="Spring", tags=[tides]), make_article(tags=[tides])
    for _n in range(3):  # the tag is on fewer than half of the articles: it tells something
        make_article()
    ArticleTerm.objects.all().delete()  # as a bulk load leaves a site: no vector, no count
    TermFrequency.objects.all().delete()
    (found,) = suggestions.suggest_links_from(source)
    assert (found.article, found.shared_tags) == (sibling, [tides])


def test_rebuilding_the_link_index_recounts_term_frequencies_changed_without_signals() -> None:
    for n in range(3):
        suggestions.update_terms(make_article(title=f"Harbour walls {n}", body="<p>Tides.</p>"))
    ArticleTerm.objects.filter(term="harbour").delete()
    TermFrequency.objects.filter(term="tides").update(articles=7)
    suggestions.rebuild_all_terms()
    assert stored_frequencies()["harbour"] == stored_frequencies()["tides"] == 3
    assert stored_frequencies() == counted_frequencies()


@pytest.mark.parametrize("button", ["add_related", "add_backlink"])
def test_without_javascript_a_suggestions_button_keeps_what_the_form_held(
    admin_client, corpus, button
) -> None:
    # Without the script the button posts the whole change form to its own address: what was
    # typed and not saved is kept as the editor's autosave, as the share panel's buttons do.
    draft, source = corpus["draft"], corpus["source"]
    other = source if button == "add_backlink" else corpus["training"]
    url = reverse(f"admin:articles_article_{button}", args=[draft.pk, other.pk])
    page = admin_client.post(url, {"title": "Typed, not saved"}, follow=True).content.decode()
    assert "Restore the unsaved changes from" in page
    draft.refresh_from_db()
    assert draft.title != "Typed, not saved"
    change = reverse("admin:articles_article_change", args=[draft.pk])
    restored = admin_client.get(change, {"autosave": "restore"}).content.decode()
    assert 'value="Typed, not saved"' in restored


# --- The term vector, held to its plain definition ---------------------------------------------

_PLAIN_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*")


def plain_counts(text: str) -> Counter[str]:
    """The definition the stored terms were made with: every match of the word pattern in the
    lowercased text, 3 to 40 characters, no stopword (the rebuild's tokenizer must agree)."""
    counts = Counter(_PLAIN_TOKEN.findall(text.lower().replace("’", "'")))
    return Counter(
        {w: n for w, n in counts.items() if 2 < len(w) <= 40 and w not in suggestions.STOPWORDS}
    )


def plain_term_weights(*, title: str, summary: str, body_text: str) -> dict[str, float]:
    counts = plain_counts(body_text)
    for word, n in plain_counts(title).items():
        counts[word] += suggestions.TITLE_REPEAT * n
    for word, n in plain_counts(summary).items():
        counts[word] += suggestions.SUMMARY_REPEAT * n
    bar = min(heapq.nlargest(suggestions.TERMS_PER_ARTICLE, counts.values()), default=0)
    candidates = [(term, count) for term, count in counts.items() if count >= bar]
    top = sorted(candidates, key=lambda item: (-item[1], item[0]))[: suggestions.TERMS_PER_ARTICLE]
    return {term: 1.0 + math.log(count) for term, count in top}


#: Words and what sits between them: apostrophes of both kinds, hyphens, digits, stopwords,
#: letters from other alphabets and those that lowercase into ASCII ("K" is the Kelvin sign,
#: "İ" becomes "i" and a combining dot), punctuation and every kind of whitespace.
WORD_PIECES = st.sampled_from(
    [
        *["river", "rivers", "harbour", "the", "and", "it's", "don’t", "well-known", "x-ray"],
        *["covid-19", "9lives", "a1b2", "mp3", "ab", "abc", "Über", "ÉCOLE", "naïve", "café"],
        *["\u212a", "KELVIN", "İstanbul", "ǅ", "straße", "a" * 40, "b" * 41, "'", "’", "-"],
        *["--", "'s", "-x", ".", ",", "(", ")", "—", "…", " ", "  ", "\t", "\n", "\xa0"],
        *["\u2003", "\x1c", "\x85", "_", "0", "42", "\u0301"],
    ]
)
TEXTS = st.lists(st.one_of(WORD_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@given(title=TEXTS, summary=TEXTS, body_text=TEXTS)
@example(title="", summary="", body_text="")
@example(title="Rivers", summary="river's rivers", body_text="river " * 50 + "harbour " * 39)
def test_term_weights_follow_the_plain_definition_for_any_text(
    title: str, summary: str, body_text: str
) -> None:
    expected = plain_term_weights(title=title, summary=summary, body_text=body_text)
    found = suggestions.term_weights(title=title, summary=summary, body_text=body_text)
    assert found == expected
    assert list(found) == list(expected)  # stored in the same order


def test_term_weights_keep_the_forty_most_frequent_with_ties_by_word() -> None:
    body = " ".join(f"word{chr(97 + n // 26)}{chr(97 + n % 26)} " * (1 + n % 7) for n in range(60))
    expected = plain_term_weights(title="", summary="", body_text=body)
    assert suggestions.term_weights(title="", summary="", body_text=body) == expected
    assert len(expected) == suggestions.TERMS_PER_ARTICLE


MARKUP_PIECES = st.sampled_from(
    [
        *["<p>", "</p>", "<h2>", "</h2>", "<em>", "</em>", "<li>", "<!-- x -->", "<br>", "<a>"],
        *["</a>", "<figcaption>", "&amp;", "&nbsp;", "&#8217;", "river", "it's", "x-ray"],
        *[" ", "\n", "—", "Über", "\u212a"],
    ]
)


@given(markup=st.lists(st.one_of(MARKUP_PIECES, st.text(max_size=4)), max_size=30).map("".join))
@example(
    markup="<h2>Harbour</h2><p>river<em>side</em> harbour—rivers</p><figcaption>x</figcaption>"
)
def test_a_body_gives_the_terms_of_its_plain_text(markup: str) -> None:
    # The terms read the body's text untidied (its words are split again anyway).
    article = Article(title="Harbour", summary="Rivers.", body=markup)
    expected = plain_term_weights(
        title="Harbour", summary="Rivers.", body_text=richtext.plain_text(markup)
    )
    assert suggestions.article_term_weights(article) == expected
