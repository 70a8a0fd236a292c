"""The client's IP address, trusting forwarding headers only from our own proxies.

Not django-ipware: it is best-effort by design (it reads some thirty forwarding headers and
matches "trusted" proxies by string prefix among the header's own entries), while the rule
here is stricter: one header, read only when the socket peer is in DJANGO_TRUSTED_PROXIES
(addresses or CIDR networks), and a forged left-hand entry never wins.
"""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """Turn "203.0.113.7" or "10.0.0.0/8" entries into networks, ignoring malformed ones."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is still that IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: list[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest, trusted_proxies: Iterable[str] | None = None) -> str | None:
    """The address the request came from.

    ``X-Forwarded-For`` is read only when the socket peer is a trusted proxy; then the
    rightmost address that is not itself a trusted proxy is the client (anything to its left
    was written by the client and can be forged).
    """
    if trusted_proxies is None:
        trusted_proxies = settings.TRUSTED_PROXIES
    networks = parse_networks(trusted_proxies)
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    if not networks or not _trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A garbled hop: we cannot see past it, so the last proxy is all we know.
            return str(peer)
        if not _trusted(address, networks):
            return str(address)
    return str(peer)
