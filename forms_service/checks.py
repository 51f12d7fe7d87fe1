"""`forms-service check --deploy`: the public address, as production needs it.

PORTAL_ORIGIN unset is right for `make run` and wrong anywhere else: every link in an email
(confirmations, saved forms, alerts and their unsubscribe headers) would lead to the
developer's own machine, and nothing else would fail to show it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

from portal_contract import origin as portal_origin

HINT = (
    "Set PORTAL_ORIGIN to the portal's public address, e.g. https://partenariat.example.ma,"
    " and build the site for the same one (site-builder build reads it too)."
)


@register(Tags.security, deploy=True)
def public_origin(app_configs: Any, **kwargs: Any) -> list[Warning]:
    parts = urlsplit(settings.PORTAL_ORIGIN)
    problems = []
    if portal_origin.is_local(settings.PORTAL_ORIGIN):
        problems.append(
            Warning(
                f"PORTAL_ORIGIN is {settings.PORTAL_ORIGIN}, an address of this machine: the"
                " links in emails would lead there.",
                hint=HINT,
                id="portal.W001",
            )
        )
    elif settings.HTTPS and parts.scheme != "https":  # (a local address says enough)
        problems.append(
            Warning(
                f"FORMS_HTTPS is on but PORTAL_ORIGIN ({settings.PORTAL_ORIGIN}) is not https://:"
                " the links in emails would go through a redirect, in clear.",
                hint=HINT,
                id="portal.W002",
            )
        )
    return problems
