"""A staff session holds only while the account's second factor is the one that verified it.

Once an account has a second factor (`forms-service add-totp`), it is signed in only by a
session that its current device verified: django-otp records which device did, in the
session, and OTPMiddleware finds it again on each request while it exists. Any other session
of the account is signed out on its next request: one signed in with the password alone
before the account had a second factor, or with a key since replaced. This holds whatever
the session store (the database, a cache, signed cookies), which cannot all be searched for
an account's sessions, and whichever view the session reaches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django_otp import user_has_device


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware, which tells which device verified the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No session cookie: nobody is signed in, and the session is left unread.
        if request.session.session_key is not None:
            user = request.user
            if user.is_authenticated and not user.is_verified() and user_has_device(user):
                logout(request)
        return self.get_response(request)


def end_when_idle(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On staff sign-in (user_logged_in): the session ends STAFF_SESSION_IDLE_MINUTES after
    its last request (SESSION_SAVE_EVERY_REQUEST moves the end on at each), not two weeks
    after sign-in. A consulate's shared computer left signed in must not keep applicants'
    files open to whoever sits down next."""
    if user.is_staff:
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)
