"""Who sent a request: the one place the service reads a client's address.

django-ratelimit reads it from here too (RATELIMIT_IP_META_KEY in the settings), so the forms'
limits and the staff sign-in's count the same address. Behind a reverse proxy REMOTE_ADDR is
the proxy's: taking the client's own from the proxy's header, for trusted proxies only, is to
be done here.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR")
    if not address:  # e.g. a proxy that talks to the service over a Unix socket
        raise ImproperlyConfigured("REMOTE_ADDR is empty: the client's address is unknown")
    return str(address)
