"""The link models, taken over from the articles app in state only (see articles.0010).

Their tables already exist (articles.0005) and keep their names, so nothing is created: on a
fresh database and on one holding links alike, every row stays where it is.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0010_links_move_to_their_own_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SlugHistory",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(max_length=200, unique=True, verbose_name="slug"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="recorded"),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="slug_history",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "public slug",
                        "verbose_name_plural": "public slugs",
                        "db_table": "articles_slughistory",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "target_slug",
                            models.SlugField(max_length=200, verbose_name="slug linked to"),
                        ),
                        ("href", models.CharField(max_length=500, verbose_name="link address")),
                        (
                            "anchor_text",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="anchor text"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("curated", "Curated"), ("body", "In the body")],
                                max_length=7,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outgoing_links",
                                to="articles.article",
                                verbose_name="source",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="incoming_links",
                                to="articles.article",
                                verbose_name="target",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "indexed link",
                        "verbose_name_plural": "indexed links",
                        "db_table": "articles_articlelink",
                        "ordering": ["source", "kind", "id"],
                        "indexes": [
                            models.Index(
                                fields=["target", "source"], name="articles_ar_target__3d30f5_idx"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ArticleTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("term", models.CharField(max_length=40, verbose_name="term")),
                        ("weight", models.FloatField(verbose_name="weight")),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="terms",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "article term",
                        "verbose_name_plural": "article terms",
                        "db_table": "articles_articleterm",
                        "indexes": [
                            models.Index(
                                fields=["term", "article", "weight"],
                                name="articles_ar_term_bfd27b_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "term"), name="article_term_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RelatedLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "anchor_text",
                            models.CharField(
                                blank=True,
                                help_text="Short link text; the linked article's title when left empty.",
                                max_length=200,
                                verbose_name="anchor text",
                            ),
                        ),
                        (
                            "placement",
                            models.CharField(
                                choices=[
                                    ("inline", "Inline, after a paragraph"),
                                    ("end", "Related reading, at the end"),
                                ],
                                default="end",
                                max_length=6,
                                verbose_name="placement",
                            ),
                        ),
                        (
                            "after_paragraph",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="For inline links: the paragraph number (1 is the first) it follows.",
                                null=True,
                                verbose_name="after paragraph",
                            ),
                        ),
                        (
                            "position",
                            models.PositiveIntegerField(default=0, verbose_name="position"),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="related_links",
                                to="articles.article",
                                verbose_name="source",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="incoming_related_links",
                                to="articles.article",
                                verbose_name="linked article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "related link",
                        "verbose_name_plural": "related links",
                        "db_table": "articles_relatedlink",
                        "ordering": ["position", "id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("source", models.F("target")), _negated=True),
                                name="related_link_not_to_itself",
                                violation_error_code="self_link",
                                violation_error_message="An article cannot link to itself.",
                            ),
                            models.UniqueConstraint(
                                fields=("source", "target"),
                                name="related_link_unique_target",
                                violation_error_code="duplicate_target",
                                violation_error_message="This article already links to that article.",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("after_paragraph__isnull", False), ("placement", "inline")
                                    ),
                                    models.Q(
                                        ("after_paragraph__isnull", True), ("placement", "end")
                                    ),
                                    _connector="OR",
                                ),
                                name="related_link_paragraph_iff_inline",
                                violation_error_code="placement_paragraph",
                                violation_error_message="Inline links need a paragraph number; end-of-article links take none.",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
