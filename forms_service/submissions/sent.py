"""The references sent from this browser: only their confirmation pages are shown in it.

A confirmation page says that a reference exists and names the consular post it went to:
it must tell nothing to someone who reads or guesses the address. A cookie of the browser
that sent the form (signed with SECRET_KEY, so that no one makes one up; HttpOnly and
SameSite=Lax, like the session's) keeps the references it sent; any other gets the same 404
as a reference that does not exist. A cookie rather than the session: a session is a row
written in the database at each submission, a second commit (and wait for the disk) beside
the submission's own.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "forms_sent"
SESSION_KEY = "sent"  # where the session kept them before the cookie did
SALT = "forms.sent"
KEPT = 20  # the latest references only: the cookie stays small whatever is sent from it


def remember(request: HttpRequest, response: HttpResponse, reference: str) -> None:
    earlier = [r for r in _sent(request) if r != reference]
    response.set_signed_cookie(
        COOKIE,
        " ".join([*earlier, reference][-KEPT:]),
        salt=SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def sent_here(request: HttpRequest, reference: str) -> bool:
    # The session's list: references sent before the cookie took its place (it is read only
    # when the browser has a session).
    return reference in _sent(request) or reference in request.session.get(SESSION_KEY, [])


def _sent(request: HttpRequest) -> list[str]:
    kept = request.get_signed_cookie(COOKIE, "", salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
    return kept.split()
