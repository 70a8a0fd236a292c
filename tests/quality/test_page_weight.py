"""Fast first paint: small pages, one small stylesheet, nothing blocking the first render."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024  # HTML and CSS of one page, before images


def stylesheets(tree) -> list[str]:
    return tree.xpath('//link[@rel="stylesheet"]/@href')


@pytest.mark.parametrize("name", ["home", "article", "search"])
def test_page_html_and_css_weigh_under_60_kb(client, sample_site, name) -> None:
    response = client.get(sample_site.public_urls()[name])
    tree = lxml_html.fromstring(response.content)
    [stylesheet] = stylesheets(tree)  # one stylesheet
    css_bytes = Path(finders.find(stylesheet.removeprefix("/static/"))).stat().st_size
    assert len(response.content) + css_bytes < BUDGET


def test_nothing_blocks_the_first_render(client, sample_site) -> None:
    for url in sample_site.public_urls().values():
        tree = lxml_html.fromstring(client.get(url).content)
        for script in tree.xpath("//script[@src]"):
            assert script.get("defer") is not None or script.get("async") is not None, url
        # No web fonts: no font files or font services are loaded.
        assert not tree.xpath('//link[@rel="preload"][@as="font"]'), url
        assert not any("fonts." in href for href in tree.xpath("//link/@href")), url
    css = Path(finders.find("css/site.css")).read_text()
    assert "@font-face" not in css and "@import" not in css


def test_images_declare_their_size(client, sample_site) -> None:
    for url in sample_site.public_urls().values():
        tree = lxml_html.fromstring(client.get(url).content)
        for image in tree.xpath("//img"):
            assert image.get("width") and image.get("height"), (url, lxml_html.tostring(image))


def test_stylesheet_is_small() -> None:
    css = Path(finders.find("css/site.css")).read_bytes()
    assert len(css) < 20 * 1024
    assert not re.search(rb"url\(\s*['\"]?https?:", css)  # nothing fetched from elsewhere
