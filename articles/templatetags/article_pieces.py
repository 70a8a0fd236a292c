"""``{% kept_piece article %}…{% endkept_piece %}``: a part of a live article's page, kept.

What every reader of a published article sees the same (its text, picture, author box, tags,
neighbours) costs a fifth of rendering its page; each worker keeps it rendered while the page
cache's tags say it holds (see ``byline.pagecache.fragment``).
"""

import hashlib

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString

from articles.models import Article
from byline import pagecache

register = template.Library()


class KeptPieceNode(template.Node):
    def __init__(self, article: FilterExpression, nodelist: NodeList) -> None:
        self.article = article
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        article: Article = self.article.resolve(context)
        if context.get("is_preview") or not article.is_live:
            return self.nodelist.render(context)  # perhaps unsaved, and its edits purge nothing
        # The version and the body's digest name the row it shows; the tags are the article
        # page's own: its fields, images and tags; its links, comments and neighbours; what
        # its category shows ("more in this category"); and "all" (names, settings).
        digest = hashlib.blake2b(article.body_html.encode(), digest_size=16).hexdigest()
        return pagecache.fragment(
            f"piece:{article.pk}:{article.version}:{digest}:{self.origin_key()}",
            [f"article:{article.pk}", f"page:{article.pk}", f"list:category:{article.category_id}"],
            lambda: self.nodelist.render(context),
        )

    def origin_key(self) -> str:
        """Which ``kept_piece`` of which template this is (a page may have several)."""
        return f"{self.origin.name}:{self.token.lineno}"


@register.tag
def kept_piece(parser: Parser, token: Token) -> KeptPieceNode:
    """``{% kept_piece article %}`` … ``{% endkept_piece %}``"""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("kept_piece takes one argument: the article")
    nodelist = parser.parse(("endkept_piece",))
    parser.delete_first_token()
    return KeptPieceNode(parser.compile_filter(bits[1]), nodelist)
