"""The Content-Security-Policy nginx puts on the site's pages, read from the shipped
snippet (deploy/nginx/snippets/portal-headers.conf)."""

from __future__ import annotations

import re

from tests.conftest import REPO

SNIPPET = REPO / "deploy" / "nginx" / "snippets" / "portal-headers.conf"


def policy() -> str:
    text = SNIPPET.read_text(encoding="utf-8")
    found = re.search(r'^add_header Content-Security-Policy "([^"]+)" always;', text, re.M)
    assert found, f"no Content-Security-Policy in {SNIPPET}"
    return found.group(1)


def sources(directive: str) -> list[str]:
    for part in policy().split(";"):
        name, *values = part.split()
        if name == directive:
            return values
    raise AssertionError(f"no {directive} in the policy")
