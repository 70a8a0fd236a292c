import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", ["User-Agent", "Accept", "Referer", "X-Anything"])
def test_a_nul_in_a_header_is_a_400(header: str, editor) -> None:
    client = Client(raise_request_exception=False)
    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": "wrong"},
        headers={header: "Mozilla\x00/5.0"},
    )
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_ordinary_headers_pass(client) -> None:
    response = client.get("/", headers={"User-Agent": "Mozilla/5.0 (X11; Linux) Ä"})
    assert response.status_code == 200
