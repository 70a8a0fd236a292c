"""Related links for the demo site: run after the demo articles exist; idempotent.

Every published demo article gets an inline link and a "Related reading" list, chosen by the
same suggestions editors see. The scheduled and draft demo articles get a link from their
closest published article, stored but hidden from readers until they go live (link health
lists them).
"""

from typing import TextIO

from articles import links, suggestions
from articles.models import Article, RelatedLink

END_LINKS = 1  # leaves the weaker suggestions for editors to try in the admin


def anchor_text(article: Article) -> str:
    """A short keyword-style anchor from a title: "What does X do?" → "what does X do"."""
    title = article.title.rstrip("?.!")
    return title[:1].lower() + title[1:]


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
        paragraphs = links.count_paragraphs(article.body_html)
        if not targets or not paragraphs:
            continue
        inline, *end = targets
        RelatedLink.objects.create(
            source=article,
            target=inline,
            anchor_text=anchor_text(inline),
            placement=RelatedLink.Placement.INLINE,
            after_paragraph=min(2, paragraphs),
        )
        RelatedLink.objects.bulk_create(
            RelatedLink(source=article, target=target, position=n)
            for n, target in enumerate(end, start=1)
        )
        linked += 1
    for upcoming in Article.objects.exclude(pk__in=[a.pk for a in published]):
        if upcoming.incoming_related_links.exists():
            continue
        if closest := suggestions.suggest_links_to(upcoming, limit=1):
            links.add_related_link(source=closest[0].article, target=upcoming)
    for article in Article.objects.all():
        links.index_links(article)
    stdout.write(f"Related links: added to {linked} articles; link index rebuilt.")
