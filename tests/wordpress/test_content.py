"""WordPress body HTML → Byline body HTML, one rule at a time."""

from articles import richtext
from byline.wordpress import content


def convert(raw: str) -> content.Converted:
    return content.convert(
        raw,
        gallery_images=lambda attributes: [],
        image_for=lambda src, wp_id: None,
        link_for=lambda href: None,
    )


def test_wpautop_makes_paragraphs_and_line_breaks_but_not_around_blocks():
    text = "One\ntwo\n\nThree\n<ul>\n<li>item</li>\n</ul>\nFour"
    assert content.wpautop(text) == (
        "<p>One<br />\ntwo</p>\n<p>Three</p>\n<ul>\n<li>item</li>\n</ul>\n<p>Four</p>"
    )


def test_wpautop_leaves_pre_alone():
    assert "<pre>a\n\nb</pre>" in content.wpautop("x\n\n<pre>a\n\nb</pre>")


def test_block_comments_are_removed_and_their_content_kept():
    converted = convert('<!-- wp:paragraph {"a":1} -->\n<p>Kept</p>\n<!-- /wp:paragraph -->')
    assert converted.html == "<p>Kept</p>"


def test_a_caption_shortcode_becomes_a_figure_with_its_caption():
    converted = content.convert(
        '[caption id="attachment_1" width="300"]<img src="/a.jpg" alt="A"> Hello[/caption]',
        gallery_images=lambda attributes: [],
        image_for=lambda src, wp_id: ("/media/a.jpg", ""),
        link_for=lambda href: None,
    )
    assert converted.html == (
        '<figure><img src="/media/a.jpg" alt="A"><figcaption>Hello</figcaption></figure>'
    )


def test_the_more_tag_marks_the_teaser():
    converted = convert("<p>Teaser text</p><!--more Read on--><p>Rest</p>")
    assert converted.teaser == "Teaser text"
    assert "more" not in converted.html


def test_html_entities_and_emoji_survive():
    assert convert("Caf&eacute; &amp; 🎉").html == "<p>Café &amp; 🎉</p>"


def test_unknown_shortcodes_are_reported_and_left_as_text():
    converted = convert("[audio src=x.mp3]")
    assert ("shortcode_left", "[audio] is not a shortcode Byline knows: left as text") in (
        converted.notes
    )
    assert "[audio src=x.mp3]" in converted.html


def test_uploads_paths_come_from_wordpress_addresses():
    url = "https://x.example/wp-content/uploads/2024/05/a-300x200.jpg?ver=2"
    assert content.uploads_path(url) == "2024/05/a-300x200.jpg"
    assert content.without_size_suffix("2024/05/a-300x200.jpg") == "2024/05/a.jpg"


def test_a_pull_quote_block_comes_back_from_an_export_unchanged() -> None:
    pull_quote = (
        '<figure class="pull-quote"><blockquote><p>Clean water saves lives.</p></blockquote>'
        "<figcaption><cite>Dr Amina Okafor</cite>, community health lead</figcaption></figure>"
    )
    assert convert(f"<p>Before.</p>{pull_quote}").html == f"<p>Before.</p>{pull_quote}"


def test_quote_and_pull_quote_blocks_with_a_cite_become_attributed_pull_quotes() -> None:
    pull_quote = convert(
        '<!-- wp:pullquote -->\n<figure class="wp-block-pullquote"><blockquote><p>Clean water '
        "saves lives.</p><cite>Dr Amina Okafor, community health lead</cite></blockquote>"
        "</figure>\n<!-- /wp:pullquote -->"
    )
    assert pull_quote.html == (
        '<figure class="pull-quote"><blockquote><p>Clean water saves lives.</p></blockquote>'
        "<figcaption><cite>Dr Amina Okafor</cite>, community health lead</figcaption></figure>"
    )
    quote = convert(
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>One.</p><p>Two.</p>'
        "<cite>Sam <em>Lee</em></cite></blockquote>\n<!-- /wp:quote -->"
    )
    assert quote.html == (
        '<figure class="pull-quote"><blockquote><p>One.</p><p>Two.</p></blockquote>'
        "<figcaption><cite>Sam Lee</cite></figcaption></figure>"
    )


def test_a_quote_with_links_or_emphasis_keeps_them_and_its_attribution() -> None:
    # The pull quote block holds plain text; this quote stays a blockquote, attributed by the
    # "— Name, role" line that pages show as a pull quote too.
    converted = convert(
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Read <a href="https://e.example/">'
        "this report</a>, it is <em>vital</em>.</p><p>Line one<br>line two</p>"
        "<cite>Jane Doe, Editor</cite></blockquote>\n<!-- /wp:quote -->"
    )
    assert converted.html == (
        '<blockquote><p>Read <a href="https://e.example/">this report</a>, it is <em>vital</em>.'
        "</p><p>Line one<br>line two</p><p>— Jane Doe, Editor</p></blockquote>"
    )
    shown = richtext.render(converted.html).html
    assert "<figcaption>" in shown and "Jane Doe" in shown and "<em>vital</em>" in shown


def test_a_quote_with_more_than_paragraphs_keeps_its_cite_words_in_place() -> None:
    converted = convert(
        "<!-- wp:quote -->\n<blockquote><ul><li>A list.</li></ul><cite>Sam Lee</cite>"
        "</blockquote>\n<!-- /wp:quote -->"
    )
    assert converted.html == "<blockquote><ul><li>A list.</li></ul>Sam Lee</blockquote>"
