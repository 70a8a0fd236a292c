"""Related links, the link index, slug history and suggestion terms.

The tables keep their ``articles_*`` names from before these models had their own app
(migration ``links.0001`` moved them without touching a row).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article, published_q


class RelatedLinkQuerySet(models.QuerySet):
    """Read rules for curated links."""

    def visible(self) -> "RelatedLinkQuerySet":
        """Links readers may see: the target passes ``Article.objects.published()``."""
        # A join on the target's own columns: `target__in=Article.objects.published()` made
        # SQLite build the list of every published id for each article page.
        return self.filter(published_q("target__"))


class RelatedLink(models.Model):
    """A curated link from one article to another, inline after a paragraph or in the end list."""

    class Placement(models.TextChoices):
        INLINE = "inline", _("Inline, after a paragraph")
        END = "end", _("Related reading, at the end")

    source = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="incoming_related_links",
        verbose_name=_("linked article"),
    )
    anchor_text = models.CharField(
        _("anchor text"),
        max_length=200,
        blank=True,
        help_text=_("Short link text; the linked article's title when left empty."),
    )
    placement = models.CharField(
        _("placement"), max_length=6, choices=Placement.choices, default=Placement.END
    )
    after_paragraph = models.PositiveIntegerField(
        _("after paragraph"),
        null=True,
        blank=True,
        help_text=_("For inline links: the paragraph number (1 is the first) it follows."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        db_table = "articles_relatedlink"
        ordering = ["position", "id"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="related_link_not_to_itself",
                violation_error_message=_("An article cannot link to itself."),
                violation_error_code="self_link",
            ),
            models.UniqueConstraint(
                fields=["source", "target"],
                name="related_link_unique_target",
                violation_error_message=_("This article already links to that article."),
                violation_error_code="duplicate_target",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(placement="inline", after_paragraph__isnull=False)
                    | models.Q(placement="end", after_paragraph__isnull=True)
                ),
                name="related_link_paragraph_iff_inline",
                violation_error_message=_(
                    "Inline links need a paragraph number; end-of-article links take none."
                ),
                violation_error_code="placement_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    @property
    def text(self) -> str:
        """What readers click: the anchor text, or the target's title."""
        return self.text_of(self.anchor_text, self.target.title)

    @staticmethod
    def text_of(anchor_text: str, target_title: str) -> str:
        """``text`` from plain values (the link index reads them without loading the rows)."""
        return anchor_text or target_title


class ArticleLink(models.Model):
    """One row of the link index: a curated or in-body link from an article to an article.

    The target may be gone (deleted, or a mistyped slug): ``target`` is then NULL and
    ``target_slug`` still says where the link pointed, so link health can show it.
    """

    class Kind(models.TextChoices):
        CURATED = "curated", _("Curated")
        BODY = "body", _("In the body")

    source = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="outgoing_links", verbose_name=_("source")
    )
    target = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_links",
        verbose_name=_("target"),
        # The (target, source) index serves lookups by target: one index fewer to write.
        db_index=False,
    )
    target_slug = models.SlugField(_("slug linked to"), max_length=200)
    href = models.CharField(_("link address"), max_length=500)
    anchor_text = models.CharField(_("anchor text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)

    class Meta:
        db_table = "articles_articlelink"
        ordering = ["source", "kind", "id"]
        verbose_name = _("indexed link")
        verbose_name_plural = _("indexed links")
        indexes = [models.Index(fields=["target", "source"])]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_slug} ({self.kind})"


class SlugHistory(models.Model):
    """A slug under which an article has been public; old ones answer with a 301 to the article.

    Each slug belongs to at most one article and always points at the article itself (never at
    another slug), so renames never build chains; the article's current slug is served directly,
    so no loop can form.
    """

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="slug_history", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        db_table = "articles_slughistory"
        ordering = ["-created_at", "-id"]
        verbose_name = _("public slug")
        verbose_name_plural = _("public slugs")

    def __str__(self) -> str:
        return f"{self.slug} → {self.article_id}"


class ArticleTerm(models.Model):
    """One weighted term of an article's text, for related-article suggestions."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="terms",
        verbose_name=_("article"),
        # The (article, term) unique index serves lookups by article: one index fewer to write.
        db_index=False,
    )
    term = models.CharField(_("term"), max_length=40)
    weight = models.FloatField(_("weight"))

    class Meta:
        db_table = "articles_articleterm"
        verbose_name = _("article term")
        verbose_name_plural = _("article terms")
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="article_term_unique")
        ]
        # Covering index: the suggestion query reads (term → article, weight) only.
        indexes = [models.Index(fields=["term", "article", "weight"])]

    def __str__(self) -> str:
        return f"{self.term} ({self.weight:.3f})"


class TermFrequency(models.Model):
    """How many articles have a term among their top terms (the suggestions' IDF).

    Kept by ``suggestions`` in the transaction that writes the terms, so ranking reads one row
    a term: counting ``ArticleTerm`` rows instead read every article's row for each common
    term, nearly the whole table at 100,000 articles (300 ms on each change page).
    """

    term = models.CharField(_("term"), max_length=40, primary_key=True)
    # Not PositiveIntegerField: a count that drifted below zero must not fail an editor's save
    # (its CHECK would); rebuild_link_index recounts.
    articles = models.IntegerField(_("articles"))

    class Meta:
        verbose_name = _("term frequency")
        verbose_name_plural = _("term frequencies")

    def __str__(self) -> str:
        return f"{self.term} ({self.articles})"
