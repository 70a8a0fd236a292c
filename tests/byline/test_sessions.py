import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cookie",
    [
        '"' + "\\000" * 8 + '"',  # a quoted cookie's octal escapes: eight NULs once parsed
        '"abc\\000defgh"',
        "ABCDEFGHIJKLMNOP",
        "é" * 16,
        "x" * 300,
        "short",
    ],
)
def test_a_forged_session_cookie_is_no_session_not_an_error(cookie: str) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/admin/", headers={"Cookie": f"sessionid={cookie}"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_real_sessions_still_work(admin_client) -> None:
    assert admin_client.get("/admin/").status_code == 200
