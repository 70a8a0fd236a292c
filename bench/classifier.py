"""Spam precision and recall of the learning filter (comments/classifier.py) on labelled data.

Run: .venv/bin/python bench/classifier.py [--seed 1] [--train 0.7]

THE DATA IS SYNTHETIC. No package on the registries this project can reach ships a labelled
comment-spam corpus (the PyPI list was searched for spam datasets and corpora: only API
clients and SMS tools). The set is the demo site's comments (site/demo/comments.py: approved
and trashed ones as wanted, spam as spam) plus hand-written comments: ordinary readers'
remarks and questions, and spam in the shapes moderators meet (SEO link drops, crypto
"recovery", pills, casino, fake praise with a link, "guest post" offers), each written in
several variants with names, websites and link domains varied at random. Scores on it say the
filter works as designed; they are not a measurement on real-world spam.

The filter is trained on one part (as if moderators had decided those comments) and judged
on the rest with the same counts the pipeline uses; a score at or above the hold line counts
as "spam".
"""

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HAM_TEXTS = [
    "This is the clearest explanation of {topic} I have read. Does it apply in {place} too?",
    "We had the same problem with {topic} in {place} last year; the second step fixed it.",
    "Thanks for writing this. My {relative} asked me about {topic} only yesterday.",
    "Small correction: the figure in the third paragraph should be {number}, not {other}.",
    "Could you write a follow-up on {topic}? The comments here show people want it.",
    "I disagree with the conclusion about {topic}, but the evidence is laid out fairly.",
    "The diagram made {topic} click for me. Sharing with my class in {place}.",
    "Where did the numbers about {topic} come from? A link to the source would help.",
    "My {relative} worked on {topic} for years and says this matches what she saw.",
    "Lovely piece. The part about {place} brought back memories.",
]
SPAM_TEXTS = [
    "Great article! Check my site for cheap {product} https://{domain}/buy now",
    "Lost your crypto wallet? Our recovery agents get it back fast, contact https://{domain}",
    "Buy {product} online without prescription, discreet shipping, best price {domain}",
    "Win big at the best online casino, free spins bonus today at https://{domain}/casino",
    "I am offering guest post on high DA sites, do-follow backlinks, write to {domain}",
    "Nice post. Visit https://{domain} and https://{domain}/deals for {product} discounts",
    "Earn $5000 weekly working from home, click https://{domain}/start to join",
    "SEO services: rank first on Google in one week, cheap packages at {domain}",
    "Wow amazing content!!! I also write about {product}, see https://{domain}",
    "Loan approved in minutes, no credit check, apply at https://{domain}/loan",
]
TOPICS = ["payslips", "tax codes", "wells", "rainbows", "pensions", "water tables", "tides"]
PLACES = ["Scotland", "Leeds", "Kisumu", "our village", "Lagos", "Cardiff", "Accra"]
RELATIVES = ["mother", "grandfather", "sister", "neighbour", "uncle"]
PRODUCTS = ["viagra", "replica watches", "followers", "essays", "cbd oil", "sneakers"]
SPAM_DOMAINS = ["best-deals.example", "cheap-meds.example", "win-now.example", "seo-rank.example"]
HAM_NAMES = ["Nadia Okafor", "Tom Baker", "Priya Shah", "Grace", "Liam", "Ana Souza"]
SPAM_NAMES = ["Best SEO Services 2026", "casino4u", "John Smith", "Cheap Pills Online", "Mike"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byline.settings")
    import django

    django.setup()


def build(rng: random.Random, per_template: int) -> list[tuple[dict, bool]]:
    """(comment fields, is spam) pairs: the demo's comments and the hand-written variants."""
    from byline.demo import comments as demo
    from comments.models import Comment

    rows = []
    for row in [*demo.FIRST_ARTICLE, *demo.SECOND_ARTICLE]:
        name, status, text = row[2] or "Staff", row[3], row[-1]
        if status in (Comment.Status.APPROVED, Comment.Status.SPAM):
            rows.append(({"text": text, "author_name": name}, status == Comment.Status.SPAM))
    for template in HAM_TEXTS:
        for _ in range(per_template):
            text = template.format(
                topic=rng.choice(TOPICS),
                place=rng.choice(PLACES),
                relative=rng.choice(RELATIVES),
                number=rng.randint(2, 90),
                other=rng.randint(2, 90),
            )
            name = rng.choice(HAM_NAMES)
            url = f"https://{name.split()[0].lower()}.blog.example/" if rng.random() < 0.2 else ""
            rows.append(({"text": text, "author_name": name, "author_url": url}, False))
    for template in SPAM_TEXTS:
        for _ in range(per_template):
            domain = rng.choice(SPAM_DOMAINS)
            text = template.format(product=rng.choice(PRODUCTS), domain=domain)
            url = f"https://{domain}/" if rng.random() < 0.7 else ""
            rows.append(
                ({"text": text, "author_name": rng.choice(SPAM_NAMES), "author_url": url}, True)
            )
    rng.shuffle(rows)
    return rows


class Counts:
    """TokenCount rows in memory, so the bench needs no database."""

    def __init__(self, token: str) -> None:
        self.token, self.spam, self.ham = token, 0, 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--train", type=float, default=0.7)
    parser.add_argument("--per-template", type=int, default=8)
    args = parser.parse_args()
    setup_django()
    from comments import classifier

    rows = build(random.Random(args.seed), args.per_template)
    cut = int(len(rows) * args.train)
    training, testing = rows[:cut], rows[cut:]
    counts: dict[str, Counts] = {classifier.DECISIONS: Counts(classifier.DECISIONS)}
    for fields, is_spam in training:
        for token in [*classifier.tokens(**fields), classifier.DECISIONS]:
            row = counts.setdefault(token, Counts(token))
            if is_spam:
                row.spam += 1
            else:
                row.ham += 1
    hits = false_alarms = misses = held = 0
    for fields, is_spam in testing:
        result = classifier.score_from(classifier.tokens(**fields), counts)
        said_spam = result is not None and result.probability >= classifier.HOLD_AT
        held += said_spam
        hits += said_spam and is_spam
        false_alarms += said_spam and not is_spam
        misses += is_spam and not said_spam
    spam_total = sum(is_spam for _fields, is_spam in testing)
    print("Data: SYNTHETIC (demo comments + hand-written variants), not a real-world corpus.")
    print(f"Trained on {len(training)} decisions, tested on {len(testing)} ({spam_total} spam).")
    print(f"Spam precision: {hits / (hits + false_alarms):.3f}" if hits + false_alarms else "-")
    print(f"Spam recall:    {hits / (hits + misses):.3f}" if hits + misses else "-")
    print(f"Approved comments wrongly held: {false_alarms}; spam let through: {misses}")


if __name__ == "__main__":
    main()
