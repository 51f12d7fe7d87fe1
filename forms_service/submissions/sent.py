"""The references sent from this browser: only their confirmation pages are shown in it.

A confirmation page says that a reference exists and names the consular post it went to:
it must tell nothing to someone who reads or guesses the address. The browser's session (its
cookie, like the form's CSRF one) keeps the references it sent; any other gets the same 404
as a reference that does not exist.
"""

from __future__ import annotations

from django.http import HttpRequest

KEY = "sent"
KEPT = 20  # the latest references only: the session stays small whatever is sent from it


def remember(request: HttpRequest, reference: str) -> None:
    earlier = [r for r in request.session.get(KEY, []) if r != reference]
    request.session[KEY] = [*earlier, reference][-KEPT:]


def sent_here(request: HttpRequest, reference: str) -> bool:
    return reference in request.session.get(KEY, [])
