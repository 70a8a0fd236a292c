"""The client IP: forwarding headers count only when a trusted proxy sent the request."""

import pytest
from django.test import RequestFactory

from comments.ip import client_ip

rf = RequestFactory()


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.post("/", **extra)


def test_without_trusted_proxies_the_socket_address_is_used_and_headers_ignored() -> None:
    assert client_ip(request("198.51.100.4", "203.0.113.1"), trusted_proxies=[]) == "198.51.100.4"


def test_headers_from_an_untrusted_peer_are_ignored() -> None:
    req = request("198.51.100.4", "203.0.113.1")
    assert client_ip(req, trusted_proxies=["10.0.0.1"]) == "198.51.100.4"


def test_a_trusted_proxy_gives_the_forwarded_client() -> None:
    assert client_ip(request("10.0.0.1", "203.0.113.1"), trusted_proxies=["10.0.0.1"]) == (
        "203.0.113.1"
    )


def test_the_rightmost_untrusted_hop_wins_so_a_forged_left_entry_is_ignored() -> None:
    req = request("10.0.0.1", "6.6.6.6, 203.0.113.1, 10.0.0.2")
    assert client_ip(req, trusted_proxies=["10.0.0.0/24"]) == "203.0.113.1"


def test_all_hops_trusted_falls_back_to_the_socket_address() -> None:
    req = request("10.0.0.1", "10.0.0.3, 10.0.0.2")
    assert client_ip(req, trusted_proxies=["10.0.0.0/8"]) == "10.0.0.1"


def test_garbage_in_the_header_does_not_become_the_ip() -> None:
    req = request("10.0.0.1", "203.0.113.1, not-an-ip")
    assert client_ip(req, trusted_proxies=["10.0.0.1"]) == "10.0.0.1"


def test_ipv6_clients_and_networks_work() -> None:
    req = request("2001:db8::1", "2001:db8:ffff::9")
    assert client_ip(req, trusted_proxies=["2001:db8::/64"]) == "2001:db8:ffff::9"


def test_an_ipv4_mapped_socket_address_is_reported_as_ipv4() -> None:
    assert client_ip(request("::ffff:198.51.100.4"), trusted_proxies=[]) == "198.51.100.4"


def test_the_setting_is_read_when_no_list_is_given(settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("127.0.0.1", "203.0.113.77")) == "203.0.113.77"


@pytest.mark.parametrize("bad", ["", "nonsense"])
def test_a_missing_or_bad_socket_address_gives_none(bad) -> None:
    assert client_ip(request(bad), trusted_proxies=[]) is None
