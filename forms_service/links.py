"""Links in emails: absolute, on the portal's public origin (settings.PORTAL_ORIGIN).

An email is read far from the request that queued it (the worker sends it; `notify` runs
from a timer), so its links cannot take their host from a request: they take the one
address the site is built for too.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


def absolute(path: str) -> str:
    """`path` (/fr/calls/…, starting with a slash) on the portal's origin."""
    return f"{settings.PORTAL_ORIGIN}{path}"


def to(name: str, *args: str) -> str:
    """The service's page `name` (a URL name of forms_service/urls.py or of the routes it
    includes), absolute."""
    return absolute(reverse(name, args=args))


def follow_request(lang: str) -> str:
    """The last lines of every email about a submission: where and how to follow it (the
    status page asks for the reference number and the address it was sent from). Call it
    with `lang` active (translation.override)."""
    return _(
        "Keep this email: with the reference number and this email address, you can follow"
        " your request at %(link)s"
    ) % {"link": to("status", lang)}
