"""Related links for the demo site: run after the demo articles exist; idempotent.

Every published demo article gets an inline link, hand-picked with a short hand-written anchor
text (as an editor would write it), and a "Related reading" list chosen by the same suggestions
editors see. No published article links to the draft: the checks before publishing would
rightly flag the hidden link, and the demo articles are meant to pass them clean.
"""

from typing import TextIO

from articles import richtext
from articles.links import index, suggestions
from articles.links.models import RelatedLink
from articles.models import Article

END_LINKS = 1  # leaves the weaker suggestions for editors to try in the admin

#: source slug → (inline target slug, anchor text). The demo has no second food article, so the
#: food label explainer points at the other "read it line by line" explainer.
INLINE_LINKS = {
    "how-to-read-a-food-label": ("reading-your-payslip", "what each line on a payslip means"),
    "what-a-fever-does": ("sleep-debt-weekend-catch-up", "how much sleep debt you can repay"),
    "sleep-debt-weekend-catch-up": ("what-a-fever-does", "what a fever does, and when to worry"),
    "emergency-fund-how-much-is-enough": (
        "compound-interest-for-and-against-you",
        "how interest on interest grows savings",
    ),
    "compound-interest-for-and-against-you": (
        "emergency-fund-how-much-is-enough",
        "how big an emergency fund should be",
    ),
    "reading-your-payslip": (
        "emergency-fund-how-much-is-enough",
        "building an emergency fund from each payday",
    ),
    "why-phone-batteries-wear-out": (
        "cut-home-energy-use-without-being-cold",
        "cutting home energy use without being cold",
    ),
    "cut-home-energy-use-without-being-cold": (
        "why-phone-batteries-wear-out",
        "habits that make a phone battery last",
    ),
}


def inline_choice(article: Article, published: list[Article]) -> tuple[Article, str] | None:
    """The hand-picked inline link of a demo article, if its target is live."""
    slug, text = INLINE_LINKS.get(article.slug, ("", ""))
    target = next((a for a in published if a.slug == slug), None)
    return (target, text) if target else None


def load(*, stdout: TextIO) -> None:
    """Add related links to demo articles that have none; index every article's links."""
    suggestions.rebuild_all_terms()
    published = list(Article.objects.published().order_by("published_at", "id"))
    linked = 0
    for article in published:
        if article.related_links.exists():
            continue  # never overwrite links an editor may have changed
        targets = [s.article for s in suggestions.suggest_links_from(article, limit=1 + END_LINKS)]
        others = [a for a in published if a.pk != article.pk and a not in targets]
        targets = (targets + others)[: max(2, len(targets))]  # at least an inline and an end link
        paragraphs = richtext.count_paragraphs(article.body_html)
        if not targets or not paragraphs:
            continue
        # An article outside the demo's own set gets its best suggestion, titled as it is.
        inline, text = inline_choice(article, published) or (targets[0], "")
        end = [a for a in targets if a != inline][:END_LINKS]
        RelatedLink.objects.create(
            source=article,
            target=inline,
            anchor_text=text,
            placement=RelatedLink.Placement.INLINE,
            after_paragraph=min(2, paragraphs),
        )
        RelatedLink.objects.bulk_create(
            RelatedLink(source=article, target=target, position=n)
            for n, target in enumerate(end, start=1)
        )
        linked += 1
    for article in Article.objects.all():
        index.index_links(article)
    stdout.write(f"Related links: added to {linked} articles; link index rebuilt.")
