"""Who sent a request: the one place the service reads a client's address.

django-ratelimit reads it from here too (RATELIMIT_IP_META_KEY in the settings), so the forms'
limits and the staff sign-in's count the same address.

Behind a reverse proxy REMOTE_ADDR is the proxy's, and the client's own is in the
X-Forwarded-For header the proxy adds ("client, proxy1, proxy2": each proxy appends the
address it was connected from). Anyone can send that header, so it is believed only when the
connection comes from a trusted proxy (FORMS_TRUSTED_PROXIES, CIDRs; none by default), and
only as far as trusted proxies vouch for it: walking from the right, each entry was written by
the hop to its right, so the first entry that is not itself a trusted proxy is the client;
whatever lies to its left was written by the client and is ignored. An entry that is not an
address (garbage, "unknown", a port) is never trusted and ends the walk, since nothing to its
left is vouched for: the address is then the last trusted hop's.

Libraries considered: python-ipware (django-ipware) reads the headers whoever connected and
ranks public addresses above private ones; django-xff trusts a number of hops, not networks.
Neither gives "believe the header only from these networks", so the walk is written here, on
Python's ipaddress.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR")
    if not remote:  # e.g. a proxy that talks to the service over a Unix socket
        raise ImproperlyConfigured("REMOTE_ADDR is empty: the client's address is unknown")
    address = parse(str(remote))
    if address is None:
        return str(remote)
    trusted = trusted_proxies(settings.FORMS_TRUSTED_PROXIES)[0]
    if _trusted(address, trusted):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        for entry in reversed(forwarded.split(",")):
            hop = parse(entry)
            if hop is None:  # not vouched for by anyone: neither it nor what precedes it
                break
            address = hop
            if not _trusted(hop, trusted):
                break
    return str(address)


def parse(text: str) -> Address | None:
    """An address as a proxy writes it, or None. An IPv4 address written the IPv6 way
    (::ffff:192.0.2.1, what a server listening on [::] sees) is the IPv4 address, so that it
    matches IPv4 networks and is counted as one client. Zone ids (fe80::1%eth0) are refused:
    they mean nothing beyond one machine."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id is not None:
            return None
        return address.ipv4_mapped or address
    return address


@functools.cache
def trusted_proxies(text: str) -> tuple[tuple[Network, ...], tuple[str, ...]]:
    """FORMS_TRUSTED_PROXIES (comma-separated CIDRs; a bare address is one host) read as
    networks, and the entries that are none, which are left out: a mistyped entry trusts
    nobody rather than too many (host bits set, 10.0.0.1/8, are a mistake too). The system
    check below names them."""
    networks: list[Network] = []
    malformed: list[str] = []
    for entry in filter(None, (part.strip() for part in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(entry))
        except ValueError:
            malformed.append(entry)
    return tuple(networks), tuple(malformed)


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


@checks.register(checks.Tags.security)
def check_trusted_proxies(**_kwargs: Any) -> list[checks.CheckMessage]:
    """Said by `forms-service check` (and migrate): an ignored entry means the proxy is not
    trusted, and every client would be counted as the proxy's one address."""
    malformed = trusted_proxies(settings.FORMS_TRUSTED_PROXIES)[1]
    return [
        checks.Warning(
            f"FORMS_TRUSTED_PROXIES: {entry!r} is not an address or a network (CIDR); it is"
            " ignored, and no proxy is trusted for it.",
            id="forms_service.W001",
        )
        for entry in malformed
    ]
