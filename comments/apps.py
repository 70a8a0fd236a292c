from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' comments and the moderation pipeline and queue behind them."""

    name = "comments"

    def ready(self) -> None:
        from articles import extensions
        from byline import pagecache
        from comments import (
            checks,  # noqa: F401  (registers the system checks)
            session,
        )
        from comments.forms import issue_token_for
        from comments.models import count_subquery

        # Comments join the article pages from here, so articles never needs to know them:
        # the section after the article, and the count on every card (in the list's query).
        extensions.add_template("article_end", "comments/_section.html")
        extensions.add_template("card_meta", "comments/_count.html")
        extensions.add_listing_annotation("comment_count", lambda: count_subquery("approved"))
        # Cached article pages: each response gets its own form issue time; readers whose
        # browser remembers them or their pending comments see their own page, never a cached one.
        pagecache.register_slot("comment_form", lambda request, arg: issue_token_for(int(arg)))
        pagecache.BYPASS_COOKIES.update({session.AUTHOR_COOKIE, session.OWN_COOKIE})
