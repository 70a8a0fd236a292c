"""Publishing an article, as the admin's actions and forms do it: keyword-only functions."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from articles.models import Article, ShareLink

SHARE_LINK_LIFETIME = timedelta(days=7)


def publish(article: Article, *, at: datetime | None = None) -> Article:
    """Make ``article`` visible now, or at ``at`` (a future time schedules it).

    An article already live keeps its publication time, so publishing twice changes nothing.
    An article that was public before (unpublished, now republished) keeps its original
    time too, so it does not jump to the top of the home page and feeds as if new; only an
    article never published, or one scheduled for later, gets "now".
    """
    if article.is_live and at is None:
        return article
    now = timezone.now()
    if at is None and article.published_at is not None and article.published_at <= now:
        at = article.published_at
    article.published_at = at or now
    article.status = Article.Status.PUBLISHED  # saving schedules it if ``at`` is in the future
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


def unpublish(article: Article) -> Article:
    """Take ``article`` out of every public place at once (it becomes a draft again)."""
    if article.status != Article.Status.DRAFT:
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
    return article


def feature(article: Article, *, featured: bool = True) -> Article:
    """Pin ``article`` first on the home page (or unpin it)."""
    if article.is_featured != featured:
        article.is_featured = featured
        article.save(update_fields=["is_featured", "updated_at"])
    return article


def mark_significant_update(article: Article, *, at: datetime | None = None) -> Article:
    """Move the public "updated" date: the editor said this edit matters to readers."""
    article.significant_update_at = at or timezone.now()
    article.save(update_fields=["significant_update_at", "updated_at"])
    return article


def create_share_link(
    article: Article,
    *,
    created_by: AbstractBaseUser | None,
    lifetime: timedelta = SHARE_LINK_LIFETIME,
) -> ShareLink:
    """A new secret address showing the draft ``article`` to anyone holding it, until it expires."""
    return ShareLink.objects.create(
        article=article, created_by=created_by, expires_at=timezone.now() + lifetime
    )


def revoke_share_link(link: ShareLink) -> bool:
    """Close ``link`` for good; returns whether it was still open."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return True
