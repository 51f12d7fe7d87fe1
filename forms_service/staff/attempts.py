"""Failed staff sign-ins, and when an attempt must wait, whatever password it brings.

Only failures count: a person who signs in is never slowed by having done so. They are
counted in django-ratelimit's counters (in the shared cache, as the forms' limits are), over
windows of STAFF_LOCKOUT_MINUTES, three ways:

- per account and address: after STAFF_LOGIN_ATTEMPTS failures, the address waits for that
  account. Guesses from elsewhere do not lock the owner out, as a count per account would.
- per address: after STAFF_LOGIN_ATTEMPTS_PER_ADDRESS failures on any accounts, the address
  waits for all of them (one address trying a password on many accounts). Higher than the
  first: staff of one consulate may share an address.
- per account, for addresses that failed: once the account has STAFF_LOGIN_ATTEMPTS failures
  from all addresses, every address that has failed for it waits. Guessing from many addresses
  is bounded so (each one has a single guess, then waits), while an address that has not
  failed, the owner's, is never refused.

The account is the name as sign-in reads it (NFKC, trimmed, case folded), whether or not
it exists: a wait tells nothing about which accounts exist.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

Key = str | Callable[[str, HttpRequest], str]
BY_ADDRESS = ("staff-login-failed-address", "ip")


def must_wait(request: HttpRequest) -> bool:
    account = _account(request)
    here = _failures(request, *_by_account_here(account))
    return (
        here >= settings.STAFF_LOGIN_ATTEMPTS
        or _failures(request, *BY_ADDRESS) >= settings.STAFF_LOGIN_ATTEMPTS_PER_ADDRESS
        or (here > 0 and _failures(request, *_by_account(account)) >= settings.STAFF_LOGIN_ATTEMPTS)
    )


def failed(request: HttpRequest) -> None:
    account = _account(request)
    for group, key in (_by_account_here(account), BY_ADDRESS, _by_account(account)):
        _failures(request, group, key, increment=True)


def _account(request: HttpRequest) -> str:
    """The account as sign-in finds it: Django's username field reads the name in NFKC, so
    "ｍｉｎ" (full-width) is "min" there, and must be here, or it would count apart."""
    return unicodedata.normalize("NFKC", str(request.POST.get("username", ""))).strip().casefold()


def _by_account_here(account: str) -> tuple[str, Key]:
    """The counter of one account from one address. django-ratelimit counts per group and
    key: the account goes in the group, the address is the key, read (through
    forms_service.clients) and grouped (an IPv6 /64 is one subscriber) by the library. The
    account is hashed to a fixed length, so that no name can run into the address after it
    in the counter's cache key."""
    return f"staff-login-failed-here:{hashlib.sha256(account.encode()).hexdigest()}", "ip"


def _by_account(account: str) -> tuple[str, Key]:
    return "staff-login-failed-account", lambda _group, _request: account


class Uncounted(Exception):
    """The counters cannot be read or written (Redis down, or silent past its timeout): a
    sign-in is then refused, never let through uncounted."""


def _failures(request: HttpRequest, group: str, key: Key, increment: bool = False) -> int:
    # The window alone makes the rate: the thresholds are compared above, before the attempt.
    rate = (1, settings.STAFF_LOCKOUT_MINUTES * 60)
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
    except RedisError as error:
        raise Uncounted(group) from error
    return 0 if usage is None else int(usage["count"])  # None: RATELIMIT_ENABLE is off
