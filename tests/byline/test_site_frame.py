import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from byline.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_footer_shows_the_contact_block_from_the_settings_row(client, site_settings) -> None:
    html = client.get("/").content.decode()
    assert "Write to us any time." in html
    assert 'href="https://wa.me/442079460958"' in html
    assert "1 Test Street<br>Leeds" in html
    assert "available 24/7" in html
    assert "<title>Test Byline – Explainers you can trust</title>" in html


def test_footer_changes_show_on_the_next_request(client, site_settings) -> None:
    client.get("/")
    site_settings.support_hours = "weekdays 9–5"
    site_settings.save()
    assert "weekdays 9–5" in client.get("/").content.decode()


def test_contact_email_is_not_in_the_html_but_still_reachable(client, site_settings) -> None:
    html = client.get("/").content.decode()
    assert "desk@byline.example" not in html
    assert "desk&#64;byline.example" not in html and "desk&#x40;" not in html
    assert "desk (at) byline (dot) example" in html  # readable by people and screen readers

    response = client.get(reverse("contact-email"))
    assert response.status_code == 302
    assert response["Location"] == "mailto:desk@byline.example"


def test_contact_email_link_is_a_404_when_no_email_is_set(client, db) -> None:
    SiteSettings.load()
    assert client.get(reverse("contact-email")).status_code == 404


def test_settings_row_is_a_single_row(db) -> None:
    first = SiteSettings.load()
    again = SiteSettings(site_name="Another")
    again.save()
    assert SiteSettings.objects.count() == 1
    assert again.pk == first.pk


def test_page_frame_has_landmarks_and_a_skip_link(client, site_settings) -> None:
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html


def test_unknown_page_gets_the_site_404(client, site_settings) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Write to us any time." in response.content.decode()


def test_staff_groups_exist_with_permissions() -> None:
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"change_sitesettings", "change_article", "add_article"} <= codenames
    moderators = Group.objects.get(name="Moderators")
    assert "change_article" not in set(moderators.permissions.values_list("codename", flat=True))


def test_admin_is_closed_to_users_outside_staff(client, django_user_model) -> None:
    client.force_login(django_user_model.objects.create_user(username="reader"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_favicon_requests_reach_the_logo(client) -> None:
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain == [("/static/img/logo.png", 301)]
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
