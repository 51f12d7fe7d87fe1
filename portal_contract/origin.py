"""The portal's public origin, PORTAL_ORIGIN: the one address every absolute URL is built from.

The site builder writes it into pages (canonical, hreflang, og:url, JSON-LD), sitemaps, feeds,
calendars, the open data and the PDF guides; the forms service into the links of its emails.
Both halves read the same variable and must agree on what it may hold, so the rule lives here,
in a package of its own that imports neither of them (they import nothing of each other).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

VARIABLE = "PORTAL_ORIGIN"
# `make run`: the site and the forms on one local port. Unset, everything points here.
DEFAULT = "http://127.0.0.1:8000"
EXAMPLE = "https://partenariat.example.ma"
LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


class OriginError(ValueError):
    """An address that cannot be the portal's origin; the message says why and what to write."""


def parse(text: str) -> str:
    """`text` as an origin, `scheme://host[:port]`: scheme and host lower-cased, a host in
    another script in its ASCII (IDNA) form, no trailing slash. Raises OriginError."""
    given = text.strip()
    if not given:
        raise OriginError(f"the portal's address is empty: write it whole, e.g. {EXAMPLE}")
    parts = urlsplit(given)
    said = f"{given!r} cannot be the portal's address"
    if parts.scheme.lower() not in ("http", "https") or not given.lower().startswith(
        parts.scheme.lower() + "://"
    ):
        raise OriginError(f"{said}: it must start with https:// (or http://), e.g. {EXAMPLE}")
    if parts.username is not None or parts.password is not None:
        raise OriginError(f"{said}: it must not hold a user name or password (…@)")
    if parts.query or given.endswith("?"):
        raise OriginError(f"{said}: remove the query (?…)")
    if parts.fragment or given.endswith("#"):
        raise OriginError(f"{said}: remove the fragment (#…)")
    if parts.path not in ("", "/"):
        raise OriginError(
            f"{said}: it has a path ({parts.path}). The portal's pages link to absolute paths"
            " (/fr/calls/, /data/…), so the site must be served at the root of its host, not"
            " under a sub-path. Give it a host of its own (on GitHub Pages, a custom domain),"
            f" e.g. {EXAMPLE}"
        )
    try:
        port = parts.port  # checks its digits and range
    except ValueError:
        raise OriginError(f"{said}: its port is not a number from 1 to 65535") from None
    host = _host(parts.hostname or "", said)
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def is_local(origin: str) -> bool:
    """Whether `origin` is an address of the machine it is read on (`make run`'s default):
    right for trying the portal, wrong for what the public reads."""
    host = urlsplit(origin).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host(name: str, said: str) -> str:
    """The host as a URL carries it: an IP address, or a domain name in ASCII."""
    if not name:
        raise OriginError(f"{said}: it has no host name, e.g. {EXAMPLE}")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    try:
        ascii_name = name.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise OriginError(f"{said}: {name!r} is not a valid host name") from None
    if not all(LABEL.fullmatch(label) for label in ascii_name.split(".")):
        raise OriginError(f"{said}: {name!r} is not a valid host name")
    return ascii_name
