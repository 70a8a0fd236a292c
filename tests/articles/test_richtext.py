import pytest
from django.core.exceptions import ValidationError

from articles import richtext
from tests.articles.live_markup import live_markup, live_rendered_markup
from tests.factories import faq_block, make_article

PULL_QUOTE = (
    "<blockquote><p>Clean water saves more lives than any drug.</p>"
    "<p>— Dr Amina Okafor, community health lead</p></blockquote>"
)


@pytest.mark.parametrize(
    "hostile",
    [
        "<p>Hi<script>alert(1)</script></p>",
        '<p onclick="alert(1)">Hi</p>',
        '<img src="/media/x.jpg" alt="x" onerror="alert(1)">',
        '<p><a href="javascript:alert(1)">Hi</a></p>',
        '<p><a href="JaVaScRiPt:alert(1)">Hi</a></p>',
        '<p style="background:url(javascript:alert(1))">Hi</p>',
        "<style>body{display:none}</style><p>Hi</p>",
        '<iframe src="https://evil.example"></iframe><p>Hi</p>',
        "<svg><script>alert(1)</script></svg>",
        '<p><a href="data:text/html,<script>alert(1)</script>">Hi</a></p>',
    ],
)
def test_sanitize_strips_script_handlers_and_dangerous_urls(hostile: str) -> None:
    cleaned = richtext.sanitize(hostile).lower()
    for needle in ("<script", "onclick", "onerror", "javascript:", "style", "<iframe", "data:"):
        assert needle not in cleaned


@pytest.mark.parametrize(
    "hostile",
    [
        "&lt;img src=x onerror=alert(1)&gt;<p>x</p>",
        '&lt;meta http-equiv="refresh" content="0;url=https://evil.example"&gt;<p>x</p>',
        "&lt;form action=https://evil.example&gt;&lt;input name=q&gt;&lt;/form&gt;<p>x</p>",
        '&lt;a href="javascript:alert(1)"&gt;click&lt;/a&gt;<p>x</p>',
        "&amp;lt;img src=x onerror=alert(1)&amp;gt;<p>x</p>",
        "<p>x</p>&lt;img src=x onerror=alert(1)&gt;",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    ],
)
def test_entity_encoded_markup_stays_text_for_readers(hostile: str) -> None:
    cleaned = richtext.sanitize(hostile)
    rendered = richtext.render(hostile).html
    assert live_markup(cleaned) == []
    assert live_rendered_markup(rendered) == []
    assert "lt;" in cleaned and "lt;" in rendered  # readers see the text as it was typed


@pytest.mark.parametrize(
    "opener",
    [
        "iframe",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "textarea",
        "title",
        "style",
        "script",
        "template",
        "plaintext",
    ],
)
def test_raw_text_elements_go_with_their_content(opener: str) -> None:
    hostile = (
        f"<p>kept</p><{opener}><p>a</p><img src=x onerror=alert(1)>"
        '<meta http-equiv="refresh" content="0;url=https://evil.example">'
        '<a href="javascript:alert(1)">x</a><form><button>go</button></form>'
    )
    cleaned = richtext.sanitize(hostile)
    rendered = richtext.render(hostile).html
    assert live_markup(cleaned) == []
    assert live_rendered_markup(rendered) == []
    assert cleaned.startswith("<p>kept</p>")
    assert "onerror" not in cleaned and "refresh" not in cleaned


def test_render_steps_cannot_add_markup_outside_the_allowlist() -> None:
    def hostile_picture(src: str, alt: str) -> str:
        return (
            '<picture onload="alert(1)"><source srcset="javascript:alert(1) 1w">'
            f'<img src="{src}" alt="{alt}" onerror="alert(1)"><script>alert(1)</script></picture>'
        )

    html = richtext.render(
        '<p><img src="/media/a.jpg" alt="A cat"></p>', picture_for=hostile_picture
    ).html
    assert live_rendered_markup(html) == []
    assert html == '<p><picture><source><img src="/media/a.jpg" alt="A cat"></picture></p>'


def test_sanitize_writes_a_tree_a_browser_reads_back_the_same() -> None:
    # Unwrapping the <div> would put the <h3> inside the <h2>; a browser would close the
    # <h2> there, so the next save would change the body again.
    assert richtext.sanitize("<h2><div><h3>x</h3></div></h2>") == "<h2>x</h2>"
    nested_links = '<a href="/a">a<table><tr><td><a href="/b">b</a></td></tr></table></a>'
    assert richtext.sanitize(nested_links) == '<a href="/a">a</a><a href="/b">b</a>'


def test_sanitize_keeps_the_text_of_absurdly_deep_markup() -> None:
    assert richtext.sanitize("<b>" * 5000 + "deep words") == "<p>deep words</p>"


def test_sanitize_drops_characters_no_document_may_hold() -> None:
    assert richtext.sanitize("<p>a&#13;b&#1;c\x00d\ud800e</p>") == "<p>a\nbcd\ufffde</p>"


def test_sanitize_keeps_the_markup_editors_can_write() -> None:
    html = (
        "<h2>Heading</h2><h3>Sub</h3><p><strong>b</strong> <em>i</em> "
        '<a href="https://example.com/x" title="t">link</a> <a href="/local/">local</a> '
        '<a href="mailto:a@example.com">mail</a></p>'
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol>'
        "<blockquote><p>quote</p></blockquote>"
        '<figure><img src="/media/a.jpg" alt="A cat" width="10" height="5">'
        "<figcaption>A cat</figcaption></figure>"
    )
    assert richtext.sanitize(html) == html


def test_sanitize_drops_tags_outside_the_allowlist_but_keeps_their_text() -> None:
    assert richtext.sanitize("<h1>Big</h1><div><span>text</span></div>") == "Bigtext"


def test_empty_editor_is_an_empty_body() -> None:
    assert richtext.sanitize("<p></p>") == ""
    assert richtext.render("<p></p>").html == ""


def test_empty_paragraphs_at_the_end_are_dropped_and_those_between_kept() -> None:
    # The editor leaves an empty line after a block inserted last; readers see nothing there.
    quote = (
        '<figure class="pull-quote"><blockquote><p>Boil it.</p></blockquote>'
        "<figcaption><cite>Ann</cite></figcaption></figure>"
    )
    assert richtext.sanitize(f"<p>One</p>{quote}<p></p><p><br></p>") == f"<p>One</p>{quote}"
    assert richtext.sanitize("<p>One</p><p></p><p>Two</p>") == "<p>One</p><p></p><p>Two</p>"


def test_attributed_blockquote_becomes_a_pull_quote_figure() -> None:
    html = richtext.render(PULL_QUOTE).html
    assert html == (
        '<figure class="pull-quote"><blockquote><p>Clean water saves more lives than any '
        "drug.</p></blockquote><figcaption>says <cite>Dr Amina Okafor</cite>, community "
        "health lead</figcaption></figure>"
    )


def test_pull_quote_without_a_role_names_the_person_only() -> None:
    html = richtext.render("<blockquote><p>Q.</p><p>— Sam Lee</p></blockquote>").html
    assert "<figcaption>says <cite>Sam Lee</cite></figcaption>" in html


PULL_QUOTE_BLOCK = (
    '<figure class="pull-quote"><blockquote><p>Clean water saves more lives than any '
    "drug.</p></blockquote><figcaption><cite>Dr Amina Okafor</cite>, community health lead"
    "</figcaption></figure>"
)


def test_the_pull_quote_block_is_stored_as_the_editor_wrote_it() -> None:
    assert richtext.sanitize(PULL_QUOTE_BLOCK) == PULL_QUOTE_BLOCK
    without_role = PULL_QUOTE_BLOCK.replace(", community health lead", "")
    assert richtext.sanitize(without_role) == without_role
    unattributed = '<figure class="pull-quote"><blockquote><p>Q.</p><p>R.</p></blockquote></figure>'
    assert richtext.sanitize(unattributed) == unattributed


def test_the_pull_quote_block_reads_exactly_like_an_em_dash_pull_quote() -> None:
    assert richtext.render(PULL_QUOTE_BLOCK).html == richtext.render(PULL_QUOTE).html
    without_role = PULL_QUOTE_BLOCK.replace(", community health lead", "")
    assert (
        richtext.render(without_role).html
        == richtext.render(PULL_QUOTE.replace(", community health lead", "")).html
    )


def test_an_unattributed_pull_quote_block_has_no_caption() -> None:
    html = richtext.render(
        '<figure class="pull-quote"><blockquote><p>Q.</p></blockquote></figure>'
    ).html
    assert html == '<figure class="pull-quote"><blockquote><p>Q.</p></blockquote></figure>'


def test_an_em_dash_line_inside_a_pull_quote_block_stays_part_of_the_quote() -> None:
    body = PULL_QUOTE_BLOCK.replace("drug.</p>", "drug.</p><p>— not a caption</p>")
    html = richtext.render(body).html
    assert html.count("<figure") == 1
    assert "<p>— not a caption</p></blockquote><figcaption>says <cite>Dr Amina" in html


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        # Any other class, on any figure, goes; the figure and its words stay.
        (
            '<figure class="pull-quote evil"><blockquote><p>Q</p></blockquote></figure>',
            "<figure><blockquote><p>Q</p></blockquote></figure>",
        ),
        (
            '<figure class="figure"><img src="/media/a.jpg" alt="A"><figcaption>A</figcaption>'
            "</figure>",
            '<figure><img src="/media/a.jpg" alt="A"><figcaption>A</figcaption></figure>',
        ),
        # The class on a figure not shaped like a pull quote (an image, stray text, a list).
        (
            '<figure class="pull-quote"><img src="/media/a.jpg" alt="A"><figcaption><cite>A'
            "</cite></figcaption></figure>",
            '<figure><img src="/media/a.jpg" alt="A"><figcaption>A</figcaption></figure>',
        ),
        (
            '<figure class="pull-quote">x<blockquote><p>Q</p></blockquote></figure>',
            "<figure>x<blockquote><p>Q</p></blockquote></figure>",
        ),
        (
            '<figure class="pull-quote"><blockquote><ul><li>Q</li></ul></blockquote></figure>',
            "<figure><blockquote><ul><li>Q</li></ul></blockquote></figure>",
        ),
        # A caption holding more than the name and ", role".
        (
            '<figure class="pull-quote"><blockquote><p>Q</p></blockquote><figcaption>says '
            "<cite>A</cite></figcaption></figure>",
            "<figure><blockquote><p>Q</p></blockquote><figcaption>says A</figcaption></figure>",
        ),
        (
            '<figure class="pull-quote"><blockquote><p>Q</p></blockquote><figcaption><cite>A '
            '<a href="/x">x</a></cite></figcaption></figure>',
            '<figure><blockquote><p>Q</p></blockquote><figcaption>A <a href="/x">x</a>'
            "</figcaption></figure>",
        ),
        (
            '<figure class="pull-quote"><blockquote><p>Q</p></blockquote><figcaption><cite>A'
            "</cite> and B</figcaption></figure>",
            "<figure><blockquote><p>Q</p></blockquote><figcaption>A and B</figcaption></figure>",
        ),
        # <cite> anywhere else is unwrapped, its attributes never kept.
        ('<p><cite class="x" onclick="alert(1)">Book</cite> title</p>', "<p>Book title</p>"),
        (
            '<figure class="pull-quote"><blockquote><p><cite>Q</cite></p></blockquote>'
            '<figcaption><cite title="x">A</cite>, r</figcaption></figure>',
            '<figure class="pull-quote"><blockquote><p>Q</p></blockquote><figcaption><cite>A'
            "</cite>, r</figcaption></figure>",
        ),
    ],
)
def test_only_a_pull_quote_keeps_its_class_and_cite(hostile: str, expected: str) -> None:
    cleaned = richtext.sanitize(hostile)
    assert cleaned == expected
    assert richtext.sanitize(cleaned) == cleaned
    assert live_markup(cleaned) == []


def test_pull_quote_attribution_reaches_plain_text_and_feeds_once() -> None:
    text = richtext.plain_text(PULL_QUOTE_BLOCK)
    assert text.count("Dr Amina Okafor") == 1
    assert text.startswith("Clean water saves more lives than any drug. Dr Amina Okafor")
    assert text.count("community health lead") == 1
    rendered = richtext.render(PULL_QUOTE_BLOCK).html
    feed = richtext.for_feed(rendered, "https://example.com/")
    assert feed.count("Dr Amina Okafor") == 1
    assert "says <cite>Dr Amina Okafor</cite>, community health lead" in feed


def test_blockquote_without_attribution_stays_a_blockquote() -> None:
    html = richtext.render("<blockquote><p>Just a quote.</p><p>More.</p></blockquote>").html
    assert html == "<blockquote><p>Just a quote.</p><p>More.</p></blockquote>"


def test_headings_get_stable_unique_ids() -> None:
    html = richtext.render("<h2>Why it matters</h2><h2>Why it matters</h2><h3>Main</h3>").html
    assert '<h2 id="why-it-matters">' in html
    assert '<h2 id="why-it-matters-2">' in html
    assert '<h3 id="main-2">' in html  # "main" is the page's own landmark id


def test_heading_ids_do_not_change_when_text_elsewhere_changes() -> None:
    before = richtext.render("<p>a</p><h2>Costs</h2>").html
    after = richtext.render("<p>a different intro</p><h2>Costs</h2>").html
    assert '<h2 id="costs">' in before and '<h2 id="costs">' in after


def test_long_articles_get_a_nested_table_of_contents() -> None:
    toc = richtext.render("<h2>One</h2><h3>One a</h3><h2>Two</h2><h2>Three</h2>").toc
    assert [entry["id"] for entry in toc] == ["one", "two", "three"]
    assert toc[0]["children"][0]["text"] == "One a"


def test_short_articles_get_no_table_of_contents() -> None:
    assert richtext.render("<h2>One</h2><h2>Two</h2>").toc == []


def test_images_from_other_sites_are_dropped() -> None:
    html = richtext.render('<p>a<img src="https://tracker.example/p.gif" alt="">b</p>').html
    assert html == "<p>ab</p>"


def test_reading_time_grows_with_the_text() -> None:
    short = richtext.render("<p>word</p>")
    long = richtext.render("<p>" + "word " * 2200 + "</p>")
    assert short.reading_minutes == 1
    assert long.reading_minutes == 10


@pytest.mark.django_db
def test_saving_an_article_sanitizes_its_body_and_renders_it() -> None:
    article = make_article(body='<h2 onclick="x()">Hi</h2><script>bad()</script>' + PULL_QUOTE)
    article.refresh_from_db()
    assert "onclick" not in article.body and "script" not in article.body
    assert article.body_html.startswith('<h2 id="hi">Hi</h2><figure class="pull-quote">')


@pytest.mark.django_db
def test_body_images_need_alt_text() -> None:
    article = make_article(body='<p><img src="/media/a.jpg"></p>')
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Every image in the body needs alt text" in str(error.value)


@pytest.mark.django_db
def test_article_page_shows_the_rendered_body_toc_and_faq(client) -> None:
    article = make_article(
        body="<h2>One</h2><p>a</p><h2>Two</h2>"
        + PULL_QUOTE
        + "<h2>Three</h2>"
        + faq_block("Is it cheap?", "Mostly.")
        + "<p>Between.</p>"
        + faq_block("Is it safe?", "Yes.")
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<nav class="toc" aria-labelledby="contents">' in html
    assert '<a href="#two">Two</a>' in html
    assert "says <cite>Dr Amina Okafor</cite>" in html
    # The questions in place, in the body's order; readers open them.
    assert (
        '<h2 id="three">Three</h2><details class="faq"><summary>Is it cheap?</summary>'
        "<p>Mostly.</p></details><p>Between.</p>"
        '<details class="faq"><summary>Is it safe?</summary><p>Yes.</p></details>'
    ) in html


@pytest.mark.django_db
def test_saving_only_the_body_re_renders_it() -> None:
    article = make_article(body="<h2>Old</h2>")
    article.body = "<h2>New</h2>"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == '<h2 id="new">New</h2>'


# --- Reading stored HTML ------------------------------------------------------------------------

QUOTES_LISTS_AND_TABLES = (
    "<p>a</p>\n<figure><blockquote><p>q</p></blockquote></figure>"
    "<ul><li><p>l</p></li></ul><table><tr><td><p>t</p></td></tr></table><p>b</p>"
)


def test_paragraphs_of_the_text_skip_quotes_lists_and_tables() -> None:
    assert richtext.count_paragraphs(QUOTES_LISTS_AND_TABLES) == 2
    placed = richtext.insert_after_paragraphs(
        QUOTES_LISTS_AND_TABLES, [(2, "<aside>2</aside>"), (1, "<aside>1</aside>")]
    )
    assert placed.index("<p>a</p><aside>1</aside>") < placed.index("<figure>")
    assert placed.endswith("<p>b</p><aside>2</aside>")


def test_links_past_the_last_paragraph_follow_it_in_order_and_zero_goes_first() -> None:
    placed = richtext.insert_after_paragraphs(
        "<p>one</p><p>two</p>",
        [(9, "<aside>9</aside>"), (0, "<aside>0</aside>"), (2, "<aside>2</aside>")],
    )
    assert placed == "<aside>0</aside><p>one</p><p>two</p><aside>9</aside><aside>2</aside>"


def test_plain_text_sets_headings_apart_and_keeps_words_whole() -> None:
    body = "<h2>Costs</h2><p>Water &amp; soap</p><ul><li>one</li><li>two</li></ul>"
    assert richtext.plain_text(body) == "Costs — Water & soap one two"
    assert richtext.plain_text("") == ""
    # Markup inside a run of text adds no space: no stray "Name , role" or "un done".
    assert richtext.plain_text(PULL_QUOTE_BLOCK).endswith("Dr Amina Okafor, community health lead")
    assert richtext.plain_text("<p><em>un</em>done, <a href='/a/'>here</a>.</p>") == "undone, here."
    # Unsanitized markup (a row written around save()): the text after a comment is kept.
    assert richtext.plain_text("<p>before<!-- note --> after</p><p>next</p>") == "before after next"
    assert richtext.plain_text("<p>one<br>two</p><p>three</p>") == "one two three"
    # A document's empty shell (an import, a paste of raw HTML) has no words, and no error.
    assert richtext.plain_text("<!DOCTYPE html><HTML>") == ""


def test_links_unlink_and_rewrite_hrefs_see_every_link() -> None:
    body = '<p><a href="/a/">the <strong>A</strong></a> and <a href="/b/">B</a></p>'
    assert richtext.links(body) == [("/a/", "the A"), ("/b/", "B")]
    assert richtext.unlink(body, {"/a/"}) == (
        '<p>the <strong>A</strong> and <a href="/b/">B</a></p>'
    )
    rewritten, count = richtext.rewrite_hrefs(body, lambda href: "/c/" if href == "/b/" else None)
    assert count == 1
    assert richtext.links(rewritten) == [("/a/", "the A"), ("/c/", "B")]


def test_inline_markup_leaves_a_responsive_picture_as_rendered() -> None:
    # lxml's own writer would close <source> around the <img> after it (invalid HTML).
    body = (
        '<p>a</p><figure><picture><source type="image/webp" srcset="/media/a.webp 640w">'
        '<img src="/media/a.jpg" alt="x &amp; y" loading="lazy"></picture>'
        "<figcaption>cap &lt;b&gt;</figcaption></figure><p>b</p>"
    )
    placed = richtext.insert_after_paragraphs(body, [(1, "<aside>R</aside>")])
    assert placed == body.replace("<p>a</p>", "<p>a</p><aside>R</aside>")
    assert richtext.unlink(body, {"/nowhere/"}) == body


def test_a_link_keeps_the_article_it_was_chosen_for_and_nothing_else_of_data() -> None:
    chosen = richtext.sanitize('<p><a href="/articles/x/" data-article="42" data-x="1">x</a></p>')
    assert chosen == '<p><a href="/articles/x/" data-article="42">x</a></p>'
    # Only digits: an id, never a place to hide markup or script.
    for value in ("42&quot;&gt;&lt;script&gt;", "javascript:alert(1)", "4 2", "", "-1"):
        cleaned = richtext.sanitize(f'<p><a href="/a/" data-article="{value}">x</a></p>')
        assert cleaned == '<p><a href="/a/">x</a></p>', value
    assert richtext.sanitize('<p data-article="1">x</p>') == "<p>x</p>"  # on links only


def test_runs_of_empty_paragraphs_keep_those_between_and_lose_those_at_the_end() -> None:
    body = "<p></p>" * 3_000 + "<p>x</p>" + "<p><br></p><p></p>" * 3_000
    assert richtext.sanitize(body) == "<p></p>" * 3_000 + "<p>x</p>"


def test_words_are_counted_the_same_everywhere_and_dashes_are_no_words() -> None:
    assert richtext.count_words("Costs — water, soap , 3.5 litres; don't well-being 1,000") == 8
    # Paragraphs end words ("one</p><p>two" was counted as one), and a pull quote's "says" is
    # the page's, not the writer's.
    body = f"<h2>Costs</h2><p>one</p><p>two</p>{PULL_QUOTE_BLOCK}"
    rendered = richtext.render(body)
    assert rendered.word_count == 1 + 2 + 8 + 3 + 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("नमस्ते दुनिया", 2),  # Devanagari vowel signs and virama are marks
        ("مَرْحَبًا بِكُمْ", 2),  # Arabic vowel points
        ("שָׁלוֹם עֲלֵיכֶם", 2),  # Hebrew points
        ("Re\u0301sume\u0301 of a cafe\u0301", 4),  # accents typed apart (as macOS pastes them)
        ("می\u200cخواهم بروم", 2),  # Persian: a zero-width non-joiner inside a word
        ("co\u00adoperation", 1),  # a soft hyphen
        ("\u0301", 0),  # marks alone: no word, and no error
    ],
)
def test_a_letters_marks_and_joiners_stay_inside_its_word(text: str, words: int) -> None:
    # split() counted these right; a word is still whole when its letters carry marks.
    assert richtext.count_words(text) == words


# --- FAQ blocks ----------------------------------------------------------------------------------

FAQ_BLOCK = (
    '<details class="faq"><summary>Is tap water <em>safe</em> to drink?</summary>'
    '<p>Yes: it is <a href="/articles/tests/">tested</a> every day.</p>'
    "<ul><li>Let it run if it looks cloudy.</li></ul></details>"
)


def test_the_faq_block_is_stored_and_rendered_in_place_as_the_editor_wrote_it() -> None:
    body = f"<h2>Safety</h2><p>Before.</p>{FAQ_BLOCK}<p>After.</p>"
    assert richtext.sanitize(body) == body
    html = richtext.render(body).html
    assert html == body.replace("<h2>", '<h2 id="safety">')
    assert live_rendered_markup(html) == []
    assert richtext.faqs(html) == [
        (
            "Is tap water safe to drink?",
            "Yes: it is tested every day. Let it run if it looks cloudy.",
        )
    ]


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        # What a browser would make live goes; the FAQ stays.
        (
            '<details class="faq" open ontoggle="alert(1)" id="x"><summary onclick="alert(1)" '
            'class="faq">Q</summary><p style="x">A</p></details>',
            '<details class="faq"><summary>Q</summary><p>A</p></details>',
        ),
        # Another class, or none: no FAQ. The question becomes a paragraph, the answer stays.
        ("<details><summary>Q</summary><p>A</p></details>", "<p>Q</p><p>A</p>"),
        ('<details class="faq x"><summary>Q</summary><p>A</p></details>', "<p>Q</p><p>A</p>"),
        # A link, an image or a line break in the question (clicking would toggle it).
        (
            '<details class="faq"><summary>Q <a href="/x">x</a></summary><p>A</p></details>',
            '<p>Q <a href="/x">x</a></p><p>A</p>',
        ),
        (
            '<details class="faq"><summary>Q<br>R</summary><p>A</p></details>',
            "<p>Q<br>R</p><p>A</p>",
        ),
        # No question, no answer, or an answer of no words.
        ('<details class="faq"><summary> </summary><p>A</p></details>', "<p> </p><p>A</p>"),
        ('<details class="faq"><summary>Q</summary></details>', "<p>Q</p>"),
        (
            '<details class="faq"><summary>Q</summary><p>\u00a0</p></details>',
            "<p>Q</p><p>\u00a0</p>",
        ),
        # Other children, stray text, the question not first.
        ('<details class="faq"><summary>Q</summary><h2>A</h2></details>', "<p>Q</p><h2>A</h2>"),
        ('<details class="faq">x<summary>Q</summary><p>A</p></details>', "x<p>Q</p><p>A</p>"),
        ('<details class="faq"><p>A</p><summary>Q</summary></details>', "<p>A</p><p>Q</p>"),
        # Nested, or not at the top level of the body.
        (
            '<details class="faq"><summary>Q</summary><p>A</p><details class="faq">'
            "<summary>R</summary><p>B</p></details></details>",
            "<p>Q</p><p>A</p><p>R</p><p>B</p>",
        ),
        (
            '<ul><li><details class="faq"><summary>Q</summary><p>A</p></details></li></ul>',
            "<ul><li><p>Q</p><p>A</p></li></ul>",
        ),
        (
            '<blockquote><details class="faq"><summary>Q</summary><p>A</p></details></blockquote>',
            "<blockquote><p>Q</p><p>A</p></blockquote>",
        ),
        (
            '<details class="faq"><summary>Q</summary><ul><li><details class="faq"><summary>R'
            "</summary><p>B</p></details></li></ul></details>",
            '<details class="faq"><summary>Q</summary><ul><li><p>R</p><p>B</p></li></ul></details>',
        ),
        # A summary anywhere else is a paragraph.
        ('<summary class="faq">Q</summary><p>A</p>', "<p>Q</p><p>A</p>"),
    ],
)
def test_only_an_faq_shaped_details_stays_and_nothing_in_another_is_lost(
    hostile: str, expected: str
) -> None:
    cleaned = richtext.sanitize(hostile)
    assert cleaned == expected
    assert richtext.sanitize(cleaned) == cleaned
    assert live_markup(cleaned) == []
    assert live_rendered_markup(richtext.render(hostile).html) == []


def test_an_faq_reads_as_a_question_set_apart_from_its_answer() -> None:
    body = f"<p>Before.</p>{FAQ_BLOCK}"
    assert richtext.plain_text(body) == (
        "Before. Is tap water safe to drink? — Yes: it is tested every day. "
        "Let it run if it looks cloudy."
    )
    assert richtext.render(body).word_count == 1 + 6 + 6 + 7
    # A question without a mark of its own still ends before its answer (search, LIX).
    assert richtext.plain_text(FAQ_BLOCK.replace("drink?", "drink")).startswith(
        "Is tap water safe to drink — Yes"
    )


def test_an_faqs_answer_is_no_paragraph_of_the_text() -> None:
    assert "details" in richtext.NOT_TEXT_PARAGRAPH_INSIDE
    body = f"<p>one</p>{FAQ_BLOCK}<p>two</p>"
    assert richtext.count_paragraphs(body) == 2
    placed = richtext.insert_after_paragraphs(body, [(1, "<aside>1</aside>")])
    # A related link goes after the paragraph before the FAQ, never inside it.
    assert placed == body.replace("<p>one</p>", "<p>one</p><aside>1</aside>")


def test_faq_blocks_reach_feeds_and_leave_headings_and_their_ids_alone() -> None:
    body = f"<h2>One</h2>{FAQ_BLOCK}<h2>Two</h2><h3>Three</h3>"
    rendered = richtext.render(body)
    assert [heading["id"] for heading in rendered.toc] == ["one", "two"]
    assert richtext.outline(body).headings == [(2, "One"), (2, "Two"), (3, "Three")]
    feed = richtext.for_feed(rendered.html, "https://example.com/")
    assert '<details class="faq"><summary>Is tap water <em>safe</em> to drink?</summary>' in feed
    assert '<a href="https://example.com/articles/tests/">tested</a>' in feed


def test_only_the_bodys_own_faq_blocks_are_its_questions() -> None:
    assert richtext.faqs("") == []
    assert richtext.faqs("<p>No questions.</p>") == []
    second = FAQ_BLOCK.replace("Is tap water", "Is bottled water").replace("<em>safe</em>", "safe")
    assert [question for question, _answer in richtext.faqs(FAQ_BLOCK + "<p>x</p>" + second)] == [
        "Is tap water safe to drink?",
        "Is bottled water safe to drink?",
    ]


def test_an_faq_block_without_its_question_or_its_answer_is_named_as_unfinished() -> None:
    body = (
        '<details class="faq"><summary>Is it <em>done</em>?</summary><p>Yes.</p></details>'
        '<details class="faq"><summary>Who answers this?</summary><p></p></details>'
        '<details class="faq"><summary>\u00a0</summary><p>An answer alone.</p></details>'
        '<details class="faq"><summary></summary><p></p></details>'  # nothing typed: no loss
    )
    assert richtext.unfinished_faqs(body) == [
        ("Who answers this?", ""),
        ("", "An answer alone."),
    ]
    assert richtext.unfinished_faqs("<p>No questions.</p>") == []
    assert richtext.unfinished_faqs(richtext.sanitize(body)) == []
