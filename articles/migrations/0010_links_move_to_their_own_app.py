"""RelatedLink, ArticleLink, SlugHistory and ArticleTerm move to the links app (articles.links).

State only: the tables keep their names and every row (links.0001 takes the models over,
links.0002 moves their content types and so the Editors' permissions).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_vector_postgresql"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="articlelink",
                    name="articles_ar_target__3d30f5_idx",
                ),
                migrations.RemoveIndex(
                    model_name="articleterm",
                    name="articles_ar_term_bfd27b_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="articleterm",
                    name="article_term_unique",
                ),
                migrations.RemoveConstraint(
                    model_name="relatedlink",
                    name="related_link_not_to_itself",
                ),
                migrations.RemoveConstraint(
                    model_name="relatedlink",
                    name="related_link_unique_target",
                ),
                migrations.RemoveConstraint(
                    model_name="relatedlink",
                    name="related_link_paragraph_iff_inline",
                ),
                migrations.RemoveField(
                    model_name="articlelink",
                    name="source",
                ),
                migrations.RemoveField(
                    model_name="articlelink",
                    name="target",
                ),
                migrations.RemoveField(
                    model_name="articleterm",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="relatedlink",
                    name="source",
                ),
                migrations.RemoveField(
                    model_name="relatedlink",
                    name="target",
                ),
                migrations.DeleteModel(
                    name="SlugHistory",
                ),
                migrations.DeleteModel(
                    name="ArticleLink",
                ),
                migrations.DeleteModel(
                    name="ArticleTerm",
                ),
                migrations.DeleteModel(
                    name="RelatedLink",
                ),
            ],
        ),
    ]
