from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import trash
from articles.links.models import SlugHistory
from articles.models import Article
from tests.factories import make_article, make_comment, make_related_link

pytestmark = pytest.mark.django_db


def trashed_article_with_everything() -> tuple[Article, Article]:
    article = make_article(slug="old-name", title="Reading your payslip")
    article.slug = "reading-your-payslip"
    article.save()
    other = make_article(title="Tax codes")
    make_related_link(source=article, target=other)
    make_related_link(source=other, target=article)
    make_comment(article=article, text="Very clear, thank you.")
    trash.move_to_trash(article)
    return article, other


def test_a_trashed_article_is_gone_for_readers_at_every_address(client) -> None:
    _article, other = trashed_article_with_everything()
    for address in ("/articles/reading-your-payslip/", "/articles/old-name/"):
        response = client.get(address)
        assert response.status_code == 410
        assert "This article has been removed" in response.content.decode()
    assert client.get("/articles/never-was/").status_code == 404
    assert "Reading your payslip" not in client.get("/").content.decode()
    assert "Reading your payslip" not in client.get("/feed/").content.decode()
    assert "reading-your-payslip" not in client.get("/sitemap.xml").content.decode()
    assert "Reading your payslip" not in client.get(other.get_absolute_url()).content.decode()


def test_an_editor_also_gets_gone_not_a_preview(client, editor) -> None:
    trashed_article_with_everything()
    client.force_login(editor)
    assert client.get("/articles/reading-your-payslip/").status_code == 410


def test_a_restored_article_comes_back_whole(client) -> None:
    article, other = trashed_article_with_everything()
    trash.restore(Article.objects.get(pk=article.pk))

    page = client.get("/articles/reading-your-payslip/")
    assert page.status_code == 200
    assert "Very clear, thank you." in page.content.decode()
    assert "Tax codes" in page.content.decode()
    assert client.get("/articles/old-name/")["Location"] == "/articles/reading-your-payslip/"
    assert "Reading your payslip" in client.get(other.get_absolute_url()).content.decode()
    assert set(SlugHistory.objects.filter(article=article).values_list("slug", flat=True)) == {
        "old-name",
        "reading-your-payslip",
    }


def test_an_old_address_of_a_trashed_article_is_still_its_own() -> None:
    _article, _ = trashed_article_with_everything()
    newcomer = make_article(slug="newcomer")
    newcomer.slug = "old-name"
    with pytest.raises(Exception, match="Reading your payslip"):
        newcomer.save()


def test_deleting_in_the_admin_moves_to_the_trash_and_the_actions_restore_or_empty_it(
    client, editor
) -> None:
    article = make_article(title="Reading your payslip")
    make_comment(article=article)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}, follow=True
    )
    assert "is in the trash" in response.content.decode()
    assert Article.objects.get(pk=article.pk).deleted_at is not None
    changelist = reverse("admin:articles_article_changelist")
    assert "Reading your payslip" not in client.get(changelist).content.decode()
    in_trash = client.get(changelist, {"trash": "yes"}).content.decode()
    assert "Reading your payslip" in in_trash and "In the trash" in in_trash

    # The actions run from the list's trash view, as an editor finds them.
    trash_view = f"{changelist}?trash=yes"
    client.post(trash_view, {"action": "restore_from_trash", "_selected_action": [article.pk]})
    restored = Article.objects.get(pk=article.pk)
    assert restored.deleted_at is None and restored.is_live
    assert restored.comments.count() == 1

    trash.move_to_trash(restored)
    client.post(trash_view, {"action": "delete_for_good", "_selected_action": [article.pk]})
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_delete_for_good_action_leaves_articles_outside_the_trash(client, editor) -> None:
    article = make_article()
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_for_good", "_selected_action": [article.pk]},
    )
    assert Article.objects.filter(pk=article.pk).exists()


def test_empty_trash_deletes_only_what_is_older_than_30_days() -> None:
    old, recent, kept = make_article(), make_article(), make_article()
    trash.move_to_trash(old)
    trash.move_to_trash(recent)
    Article.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    call_command("empty_trash")
    assert set(Article.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}


def test_link_health_lists_links_to_a_trashed_article(client, editor) -> None:
    _article, _other = trashed_article_with_everything()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_link_health")).content.decode()
    assert "Reading your payslip" in page
