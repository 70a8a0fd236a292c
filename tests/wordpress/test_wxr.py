"""Reading WXR files: namespaces in both spellings, CDATA, entities, bad files."""

import pytest

from byline.wordpress import wxr


def test_the_wp_namespace_is_read_in_http_and_https_spellings():
    for uri in ("http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.1/"):
        assert wxr.key(f"{{{uri}}}post_id") == "wp:post_id"
        assert wxr.key(f"{{{uri}excerpt/}}encoded") == "excerpt:encoded"


def test_entities_and_cdata_are_decoded(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text(
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>Fish &amp; chips</title><wp:post_id>7</wp:post_id>"
        "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"
        "<wp:post_date>0000-00-00 00:00:00</wp:post_date>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "<![CDATA[<p>a & b</p>]]></content:encoded></item></channel></rss>"
    )
    site, item = list(wxr.read(path))
    assert site.wxr_version == "1.2"
    assert item.title == "Fish & chips"
    assert item.content == "<p>a & b</p>"
    assert item.date is None


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<html><body>nope</body></html>")
    with pytest.raises(wxr.WXRError):
        list(wxr.read(path))
    path.write_text("<rss><channel><item>")
    with pytest.raises(wxr.WXRError):
        list(wxr.read(path))
