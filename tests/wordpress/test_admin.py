"""The admin page: upload, dry-run report, confirm, the import as a task, the final report."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from byline.wordpress.models import ImportRun

pytestmark = pytest.mark.django_db

ADD = "admin:wordpress_importrun_add"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile("export.xml", path.read_bytes(), content_type="text/xml")


def test_staff_without_the_permission_cannot_import(editor_client):
    assert editor_client.get(reverse(ADD)).status_code == 403


def test_dry_run_then_confirm_imports_and_shows_the_final_report(
    admin_client, export_6x, uploads, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(ADD),
            {"file": upload(export_6x), "media_dir": str(uploads), "pages": "category"},
        )
    dry = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == dry.get_absolute_url()
    assert dry.state == ImportRun.State.DONE and dry.dry_run
    assert not Article.objects.exists()  # a dry run writes nothing

    page = admin_client.get(dry.get_absolute_url()).content.decode()
    assert "nothing has been written yet" in page
    assert "Import now" in page
    assert "Slugs that had to change (2)" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:wordpress_importrun_confirm", args=[dry.pk]))
    real = ImportRun.objects.exclude(pk=dry.pk).get()
    assert response["Location"] == real.get_absolute_url()
    assert real.state == ImportRun.State.DONE and not real.dry_run
    assert Article.objects.count() == 9
    assert real.report["notes"] == dry.report["notes"]
    assert real.report["changes"] == dry.report["changes"]
    assert not real.file  # the export (emails, IPs) is not kept after the import
    page = admin_client.get(real.get_absolute_url()).content.decode()
    assert "Import: Done" in page and "Import now" not in page


def test_a_file_that_is_not_an_export_is_refused_with_a_reason(admin_client, tmp_path):
    bogus = SimpleUploadedFile("notes.xml", b"<html>hello</html>", content_type="text/xml")
    response = admin_client.post(reverse(ADD), {"file": bogus, "pages": "category"})
    assert "This is not a WordPress export (WXR) file." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_staff_member_with_the_permission_may_import(editor, client, export_6x):
    editor.user_permissions.add(Permission.objects.get(codename="import_wordpress"))
    client.force_login(editor)
    assert client.get(reverse(ADD)).status_code == 200


def test_the_run_page_keeps_a_fixed_query_budget(
    admin_client, export_6x, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse(ADD), {"file": upload(export_6x), "pages": "category"})
    run = ImportRun.objects.get()
    with django_assert_max_num_queries(8):
        admin_client.get(run.get_absolute_url())
    with django_assert_max_num_queries(10):
        admin_client.get(reverse("admin:wordpress_importrun_changelist"))
