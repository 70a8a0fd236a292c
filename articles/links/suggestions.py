"""Related-article suggestions for editors, ranked by a score they can read.

Each article keeps its most frequent distinctive terms in ``ArticleTerm``, updated after every
save of its text commits (after ``bulk_create`` or ``update``, run ``rebuild_link_index``). A
suggestion never scans the corpus in Python: the database sums the shared-term products over
the covering (term, article, weight) index, and only the few best candidates are loaded.

score = 1 for the same category + 1 per shared tag (tags on more than half of all articles do not
count) + 4 × text similarity, where text similarity
is the TF-IDF cosine of the two term vectors (sublinear term frequency; IDF from how many of
the articles with a term vector have the term among their top terms: counts kept in
``TermFrequency`` as terms are written, so ranking never counts the corpus).

A candidate with neither the category nor a telling tag in common must earn its place by text
alone: at least ``MIN_SHARED_TERMS`` shared terms and a score of ``MIN_TEXT_ONLY_SCORE``, so a
coincidence of a couple of everyday words ("hours, later, account") suggests nothing.
"""

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, QuerySet, Sum, Value, When

from articles import richtext
from articles.after_commit import article_refresh, refresh_after_commit
from articles.bulk import batches_of, insert_rows, prepared_alongside
from articles.links.index import REBUILD_BATCH
from articles.links.models import ArticleLink, ArticleTerm, TermFrequency
from articles.models import Article, Tag

TERMS_PER_ARTICLE = 40
CANDIDATES = 40  # best raw dot products re-ranked by exact cosine
# Terms in more articles than this pick no candidates (they still count in the final score):
# they are near-stopwords, and their long posting lists are what would make a query slow.
COMMON_TERM_ARTICLES, COMMON_TERM_SHARE = 200, 0.05
COMMON_TAG_SHARE = 0.5  # a tag on more than half of all articles earns no point
QUERY_TERMS = 20  # the source's most distinctive terms that pick candidates
CATEGORY_POINTS = 1.0
TAG_POINTS = 1.0
TEXT_POINTS = 4.0
TITLE_REPEAT, SUMMARY_REPEAT = 3, 2  # a word in the title counts three times
MIN_SHARED_TERMS = 2  # text-only candidates (no category, no tag in common) need these...
MIN_TEXT_ONLY_SCORE = 0.4  # ...and this score (a text similarity of 0.1)
TEXT_FIELDS = frozenset({"title", "summary", "body"})  # what the term vector is made of
#: The TermFrequency row that counts the articles with a term vector (IDF's N): no word is empty.
DOCUMENTS = ""

_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:['’-][a-z0-9]+)*")
_STOPWORD_TEXT = """
    a about above after again against all almost also although always am among an and another
    any anyone anything are around as at away back be became because become been before being below
    between both but by came can cannot could did do does doing done down during each either else
    enough even ever every few find first for from further get gets getting give given go goes going
    good got had has have having he her here hers herself him himself his how however i if in into
    is it its itself just keep know last least less let like likely lot made make makes making many
    may me might more most much must my myself need needs never new next no nor not now of off often
    on once one only or other others our ours ourselves out over own part people per put quite
    rather really right said same say says see seem seems several shall she should show since so
    some something sometimes still such take than that the their theirs them themselves then there
    these they thing things think this those though through thus time times to too two under until
    up upon us use used uses using very via want was way ways we well were what whatever when where
    whether which while who whom whose why will with within without would year years yet you your
    yours yourself yourselves actually usually probably simply basically often
    three four five six seven eight nine ten hundred thousand
    able across add added ago ahead already anyway apart ask asked bad big bit better best bigger
    call called case cases certain change changes clear close come comes common course
    day days different does early easy end ends enough especially etc exactly example fact far fast
    feel fine full getting great half happen happens hard help helps high higher hour hours idea
    important instead kind large larger late later little long longer look looks low lower main
    matter matters maybe mean means minute minutes month months mostly near nearly needed
    number numbers okay old once open order plan plenty point points possible pretty real
    reason reasons roughly run second seconds short simple small smaller sort start started
    sure tell tells true try trying turn type usual week weeks whole work works worse worst worth
    account amount area areas back basis bits general generally help hold keep kept large less
    level levels line lines list lot lots mind move moves needs next note notes often page pages
    person place places quick quickly side sign signs stay step steps stuff top total whole word
    words yes"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass
class Suggestion:
    """One suggested article, with the parts of its score and the reason shown to the editor."""

    article: Article
    similarity: float
    shared_tags: list[Tag] = field(default_factory=list)
    same_category: bool = False
    common_terms: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return (
            CATEGORY_POINTS * self.same_category
            + TAG_POINTS * len(self.shared_tags)
            + TEXT_POINTS * self.similarity
        )

    @property
    def reason(self) -> str:
        parts = []
        if self.same_category:
            parts.append(f"same category ({self.article.category})")
        if self.shared_tags:
            names = [tag.name for tag in self.shared_tags]
            joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            parts.append(f"shares {'tag' if len(names) == 1 else 'tags'} {joined}")
        if self.common_terms:
            parts.append(f"similar wording ({', '.join(self.common_terms)})")
        return "; ".join(parts) or "similar wording"

    @property
    def strength(self) -> str:
        """The score in words, for editors: what a category, a tag or two and wording add up to."""
        if self.score >= 3:
            return "Strong match"
        return "Good match" if self.score >= 1.5 else "Possible match"


# --- Term vectors -------------------------------------------------------------------------------


#: ASCII characters no word holds (all but letters, digits, ' and -), as spaces: what is left
#: splits on whitespace into chunks of whole words, most of them one plain word.
_NOT_IN_WORDS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c in "'-")}
)


def _counts(text: str) -> dict[str, int]:
    """How often each kept word occurs in ``text`` (3 to 40 letters, no stopword).

    The words are ``_TOKEN``'s matches in the lowercased text. A match never spans a character
    outside its class, so the text is cut at those first and chunks are counted in C; a chunk
    of plain letters is one word, and only the others (digits, apostrophes, hyphens, letters
    from other alphabets) go through the pattern, once per distinct chunk. Half the time of
    matching the whole text, with the same counts (a test holds it to the plain definition).
    A word starts with a letter, so none is a bare number.
    """
    counts: dict[str, int] = {}
    text = text.lower().replace("’", "'").translate(_NOT_IN_WORDS)
    for chunk, n in Counter(text.split()).items():
        for word in (chunk,) if chunk.isalpha() and chunk.isascii() else _TOKEN.findall(chunk):
            if 2 < len(word) <= 40 and word not in STOPWORDS:
                counts[word] = counts.get(word, 0) + n
    return counts


def term_weights(*, title: str, summary: str, body_text: str) -> dict[str, float]:
    """The article's top terms with sublinear term-frequency weights (1 + ln count)."""
    counts = _counts(body_text)
    for word, n in _counts(title).items():
        counts[word] = counts.get(word, 0) + TITLE_REPEAT * n
    for word, n in _counts(summary).items():
        counts[word] = counts.get(word, 0) + SUMMARY_REPEAT * n
    # Most frequent first, ties by word. Only words reaching the TERMS_PER_ARTICLE-th highest
    # count can be among them: sorting those few is half the time of a keyed sort of all.
    bar = sorted(counts.values())[-TERMS_PER_ARTICLE] if len(counts) > TERMS_PER_ARTICLE else 0
    candidates = [(term, count) for term, count in counts.items() if count >= bar]
    top = sorted(candidates, key=lambda item: (-item[1], item[0]))[:TERMS_PER_ARTICLE]
    return {term: 1.0 + math.log(count) for term, count in top}


def article_term_weights(article: Article) -> dict[str, float]:
    """Term weights computed from the article's current text."""
    return _weights_of([(article.title, article.summary, article.body)])[0]


def _weights_of(texts: list[tuple[str, str, str]]) -> list[dict[str, float]]:
    """The term weights of each ``(title, summary, body)`` (plain values: a rebuild computes
    them in a second process)."""
    return [
        term_weights(title=title, summary=summary, body_text=richtext.plain_text(body, tidy=False))
        for title, summary, body in texts
    ]


def update_terms(article: Article) -> None:
    """Store the article's term vector (done after commit whenever its text is saved)."""
    update_terms_of([article])


def update_terms_of(articles: list[Article], *, only_changed: bool = False) -> None:
    """Store these articles' term vectors: one DELETE and one batched INSERT.

    ``only_changed`` (a rebuild): read the stored vectors first and write only those that
    differ, so rebuilding an index that is mostly right writes little (SQLite's WAL stays small).
    The vectors are computed before the transaction: the write lock is held only to write.
    """
    _store_terms(
        {article.pk: article_term_weights(article) for article in articles},
        only_changed=only_changed,
        versions={article.pk: article.version for article in articles} if only_changed else {},
    )


@transaction.atomic
def _store_terms(
    wanted: dict[int, dict[str, float]], *, only_changed: bool, versions: dict[int, int]
) -> None:
    if only_changed:
        # A rebuild: an article saved since its batch was read was refreshed by that save.
        current = Article.objects.unchanged_since(versions)
        wanted = {pk: weights for pk, weights in wanted.items() if pk in current}
        stored: dict[int, dict[str, float]] = {pk: {} for pk in wanted}
        for article_id, term, weight in ArticleTerm.objects.filter(
            article_id__in=list(wanted)
        ).values_list("article_id", "term", "weight"):
            stored[article_id][term] = weight
        wanted = {pk: weights for pk, weights in wanted.items() if stored[pk] != weights}
        if not wanted:
            return
    changes = Counter(term for weights in wanted.values() for term in weights)
    changes[DOCUMENTS] += sum(1 for weights in wanted.values() if weights)
    changes.subtract(_delete_terms(list(wanted)))
    rows = [
        (pk, term, weight) for pk, weights in wanted.items() for term, weight in weights.items()
    ]
    insert_rows(ArticleTerm, ("article", "term", "weight"), rows)
    _count_terms(changes)


def _delete_terms(article_ids: list[int]) -> Counter[str]:
    """Delete these articles' terms; how many of them had each term (and any, ``DOCUMENTS``).

    Read back through RETURNING, in the deleting statement: the counts follow exactly the rows
    this transaction removed, even when another one rewrote them meanwhile.
    """
    if not article_ids:
        return Counter()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(ArticleTerm._meta.db_table)} "
            f"WHERE article_id IN ({', '.join(['%s'] * len(article_ids))}) "
            "RETURNING article_id, term",
            article_ids,
        )
        deleted = cursor.fetchall()
    removed = Counter(term for _article, term in deleted)
    removed[DOCUMENTS] = len({article for article, _term in deleted})
    return removed


def _count_terms(changes: Counter[str]) -> None:
    """Add ``changes`` (articles gained or lost per term) to the stored document frequencies.

    A term no article keeps any more stays, at 0 (read as absent): cheaper than a DELETE on
    each save, and the rows are bounded by the words the site ever used.
    """
    rows = sorted((term, n) for term, n in changes.items() if n)
    if not rows:
        return
    table = connection.ops.quote_name(TermFrequency._meta.db_table)
    # Sorted by term, so two transactions lock the rows they share in the same order (no
    # deadlock on PostgreSQL); added in the database, so concurrent saves both count.
    insert_rows(
        TermFrequency,
        ("term", "articles"),
        rows,
        on_conflict=(
            f"ON CONFLICT (term) DO UPDATE SET articles = {table}.articles + excluded.articles"
        ),
    )


def forget_terms(
    sender: type[Article], instance: Article, using: str = "default", **kwargs: Any
) -> None:
    """pre_delete: take a deleted article's terms out of the document frequencies.

    In the deleting transaction; the cascade that follows finds no terms left to delete.
    """
    changes: Counter[str] = Counter()
    changes.subtract(_delete_terms([instance.pk]))
    _count_terms(changes)


def recount_term_frequencies() -> None:
    """Set every stored document frequency to the count of the stored terms, writing only
    those that differ (after changes to the terms that bypassed ``_store_terms``)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # No save of terms commits between the two reads below (it would be in one count
            # and not the other); SQLite's immediate transactions already hold the write lock.
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(TermFrequency._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        actual = Counter(
            dict(
                ArticleTerm.objects.values("term")
                .annotate(n=Count("id"))
                .order_by()
                .values_list("term", "n")
            )
        )
        actual[DOCUMENTS] = ArticleTerm.objects.aggregate(n=Count("article", distinct=True))["n"]
        actual.subtract(dict(TermFrequency.objects.values_list("term", "articles")))
        _count_terms(actual)


def _text_fields() -> QuerySet[Article]:
    return Article.objects.only("id", "title", "summary", "body", "version").order_by("id")


@article_refresh
def refresh_terms(article_ids: set[int]) -> None:
    """Store these articles' term vectors again (deleted ones lost theirs with them)."""
    if articles := list(_text_fields().filter(pk__in=article_ids)):
        update_terms_of(articles)


def on_article_saved(
    sender: type[Article],
    instance: Article,
    update_fields: frozenset[str] | None = None,
    raw: bool = False,
    using: str = "default",
    **kwargs: Any,
) -> None:
    """post_save: recompute the article's terms after commit when its text may have changed."""
    if not raw and (update_fields is None or update_fields & TEXT_FIELDS):
        refresh_after_commit(refresh_terms, instance.pk, using=using)


def rebuild_all_terms(
    *, batch_size: int = REBUILD_BATCH, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every article's term vector; returns how many articles were indexed.

    Batch by batch (as the link index's rebuild), each read in full and written in a
    transaction of its own, so no read snapshot stays open across the writes.
    """
    total, done = Article.objects.count(), 0
    # The vectors of each batch are computed in a second process while this one writes the
    # batch before (the words of 100,000 bodies are ~40 s of CPU; the database's writes as long).
    for batch, weights in prepared_alongside(
        batches_of(_text_fields(), batch_size),
        lambda batch: [(article.title, article.summary, article.body) for article in batch],
        _weights_of,
    ):
        _store_terms(
            {article.pk: found for article, found in zip(batch, weights, strict=True)},
            only_changed=True,
            versions={article.pk: article.version for article in batch},
        )
        done += len(batch)
        if progress:
            progress(done, total)
    recount_term_frequencies()
    return done


# --- Ranking -------------------------------------------------------------------------------------


def _document_frequencies(terms: set[str]) -> dict[str, int]:
    counted = dict(TermFrequency.objects.filter(term__in=terms).values_list("term", "articles"))
    return {term: counted.get(term, 0) for term in terms}


def _idf(frequencies: dict[str, int], total: int) -> dict[str, float]:
    return {term: math.log((1 + total) / (1 + df)) + 1 for term, df in frequencies.items()}


def _telling_tags(article: Article, total: int) -> set[int]:
    """The article's tags, less those on more than half of all articles (they tell nothing)."""
    if not article.pk:
        return set()
    return set(
        # A subquery, not a join: filtering on the same join would count only this article.
        Tag.objects.filter(pk__in=article.tags.values("pk"))
        .annotate(uses=Count("articles"))
        .filter(uses__lte=max(1, total * COMMON_TAG_SHARE))
        .values_list("id", flat=True)
    )


def _rank(
    article: Article, pool: QuerySet[Article], *, exclude: set[int], limit: int
) -> list[Suggestion]:
    source_terms = dict(
        ArticleTerm.objects.filter(article=article).values_list("term", "weight")
    ) or article_term_weights(article)
    exclude = exclude | {article.pk}
    # From the kept counts, as the frequencies: counting the articles table read all of it
    # (21 ms of the change page on PostgreSQL at 100,000 articles).
    frequencies = _document_frequencies(set(source_terms) | {DOCUMENTS})
    # No term vector at all (a site bulk-loaded and not yet rebuilt): count the articles, so
    # the rule on common tags still has its measure and tags and category still suggest.
    total = frequencies.pop(DOCUMENTS) or Article.objects.count()
    tag_ids = _telling_tags(article, total)
    idf = _idf(frequencies, total)
    common = max(COMMON_TERM_ARTICLES, total * COMMON_TERM_SHARE)
    query_terms = sorted(
        (term for term in source_terms if frequencies[term] <= common),
        key=lambda term: -source_terms[term] * idf[term],
    )[:QUERY_TERMS]
    # Candidates come from shared terms, shared tags and the same category (its newest). Each
    # query reads one index and leaves the publication rule to a check on the few ids they
    # return: filtering the pool inside them makes SQLite probe every published article.
    found: list[int] = []
    if query_terms:
        per_term = [
            When(term=term, then=Value(source_terms[term] * idf[term] ** 2)) for term in query_terms
        ]
        found += (
            ArticleTerm.objects.filter(term__in=query_terms)
            .exclude(article__in=exclude)
            .values("article")
            .annotate(dot=Sum(F("weight") * Case(*per_term, output_field=FloatField())))
            .order_by("-dot")
            .values_list("article", flat=True)[: CANDIDATES * 3]
        )
    if tag_ids:
        found += (
            Article.tags.through.objects.filter(tag__in=tag_ids)
            .exclude(article__in=exclude)
            .values("article")
            .annotate(shared=Count("id"))
            .order_by("-shared")
            .values_list("article", flat=True)[: CANDIDATES * 3]
        )
    found += (
        Article.objects.filter(category_id=article.category_id)
        .exclude(pk__in=exclude)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)[:CANDIDATES]
    )
    in_pool = set(pool.filter(pk__in=found).values_list("pk", flat=True))
    scored = [pk for pk in dict.fromkeys(found) if pk in in_pool][: CANDIDATES * 2]
    if not scored:
        return []

    candidate_terms: dict[int, dict[str, float]] = {pk: {} for pk in scored}
    for pk, term, weight in ArticleTerm.objects.filter(article__in=scored).values_list(
        "article", "term", "weight"
    ):
        candidate_terms[pk][term] = weight
    more = {t for terms in candidate_terms.values() for t in terms} - idf.keys()
    idf.update(_idf(_document_frequencies(more), total))
    source_norm = math.sqrt(sum((w * idf[t]) ** 2 for t, w in source_terms.items())) or 1.0

    suggestions = []
    for candidate in (
        Article.objects.filter(pk__in=scored)
        .defer("body", "body_html", "toc")
        .select_related("category")
        .prefetch_related("tags")
    ):
        terms = candidate_terms[candidate.pk]
        norm = math.sqrt(sum((w * idf[t]) ** 2 for t, w in terms.items())) or 1.0
        shared = {
            t: source_terms[t] * w * idf[t] ** 2 for t, w in terms.items() if t in source_terms
        }
        suggestions.append(
            Suggestion(
                article=candidate,
                similarity=sum(shared.values()) / (source_norm * norm),
                shared_tags=[tag for tag in candidate.tags.all() if tag.pk in tag_ids],
                same_category=candidate.category_id == article.category_id,
                common_terms=sorted(shared, key=lambda t: (-shared[t], t))[:3],
            )
        )
    suggestions = [s for s in suggestions if _earns_its_place(s)]
    suggestions.sort(key=lambda s: (-s.score, s.article.title))
    return suggestions[:limit]


def _earns_its_place(suggestion: Suggestion) -> bool:
    """A shared category or tag, or enough distinctive wording in common (see the docstring)."""
    if suggestion.same_category or suggestion.shared_tags:
        return True
    return (
        len(suggestion.common_terms) >= MIN_SHARED_TERMS and suggestion.score >= MIN_TEXT_ONLY_SCORE
    )


def suggest_links_from(article: Article, *, limit: int = 5) -> list[Suggestion]:
    """Published articles ``article`` could link to and does not yet."""
    linked = set(
        ArticleLink.objects.filter(source=article, target__isnull=False).values_list(
            "target", flat=True
        )
    )
    return _rank(article, Article.objects.published(), exclude=linked, limit=limit)


def suggest_links_to(article: Article, *, limit: int = 5) -> list[Suggestion]:
    """Older published articles that should link to ``article`` and do not yet."""
    linking = set(ArticleLink.objects.filter(target=article).values_list("source", flat=True))
    older = Article.objects.published()
    if article.published_at is not None:
        older = older.filter(published_at__lt=article.published_at)
    return _rank(article, older, exclude=linking, limit=limit)
