"""Posts that look sent by a program, and too many posts from one address or one email."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import _get_ip, _get_window, _split_rate, get_usage
from redis.exceptions import RedisError

from forms_service import clock
from forms_service.submissions.models import RateCount

# Said when nothing could be recorded (a full disk, the counters' store down): the page
# comes back with the answers, and the user sends them again later.
NOT_RECORDED = gettext_lazy(
    "Your form could not be saved just now, and nothing was recorded. Your answers are still"
    " here: please send them again in a few minutes."
)
# Said when too_many() is true.
TOO_MANY = gettext_lazy("You have sent many forms in a short time. Please try again in an hour.")


class TooMany(Exception):
    """Over a rate limit (protection.count): the post was counted, and nothing else kept."""


class NotCounted(Exception):
    """A post could not be counted against the rate limits (their store cannot write): a
    storage failure like any other, never a reason to tell the user they sent too much."""


STARTED = "forms.started"
HONEYPOT = "_homepage"  # no defined field can take this name: theirs start with a letter


def started_stamp() -> str:
    """The signed moment a form page is shown; the post brings it back."""
    return signing.dumps(clock.timestamp(), salt=STARTED)


def looks_automated(request: HttpRequest) -> str:
    """Why the post looks sent by a program (a hidden field filled in, or sent sooner after
    the page was shown than a person could), or "" when it does not."""
    if request.POST.get(HONEYPOT):
        return _("Please check your answers, then send the form again.")
    try:
        started = float(signing.loads(request.POST.get("started", ""), salt=STARTED))
    except (signing.BadSignature, TypeError, ValueError):
        return _("Please check your answers, then send the form again.")
    if clock.timestamp() - started < settings.FORMS_MIN_FILL_SECONDS:
        return _("Please check your answers, then send the form again.")
    return ""


def in_database() -> bool:
    """Whether the limits count in the database (the default: its cache is the database's),
    rather than in the cache's own store (Redis, with REDIS_URL)."""
    return isinstance(caches[settings.RATELIMIT_USE_CACHE], DatabaseCache)


def too_many(request: HttpRequest, email: str) -> bool:
    """Count this post against its IP address and its email; true when either is over.
    Raises NotCounted (or the database's error) when the count could not be written.

    In the database, in a transaction of its own; a submission counts in its own
    transaction instead (storing.store calls `count`), one commit for both."""
    if in_database():
        with transaction.atomic():
            return count(request, email)
    by_ip = _over(request, "forms-ip", "ip", settings.FORMS_RATE_PER_IP)
    by_email = bool(email) and _over(
        request,
        "forms-email",
        lambda _group, _request: email.strip().lower(),
        settings.FORMS_RATE_PER_EMAIL,
    )
    return bool(by_ip or by_email)


def count(request: HttpRequest, email: str) -> bool:
    """Count this post in the database's counters, in the caller's transaction: one
    statement for both, each moved to its next window by the same statement, so that two
    workers never lose a count (Django's database cache read, then wrote, each counter in
    several statements and transactions). The windows are django-ratelimit's, as in Redis:
    each counter's own, of the rate's length. True when either counter is over its rate."""
    limits = [("forms-ip", _get_ip(request), settings.FORMS_RATE_PER_IP)]
    if email:
        limits.append(("forms-email", email.strip().lower(), settings.FORMS_RATE_PER_EMAIL))
    return _count_in_table(limits)


# Posts carrying files, per client address: counted apart from the submissions (an
# application's answers with its files, then its confirmation, would count twice), at the
# same rate. Each post is counted before its files are kept in pending/, so one address
# leaves there at most FORMS_RATE_PER_IP posts' worth of files (FORMS_MAX_REQUEST_MB each)
# per window of the rate, until the worker clears what no submission took (after 25 h).
UPLOADS = "forms-uploads-ip"


def too_many_uploads(request: HttpRequest) -> bool:
    """Count this post with files against its address; true when over the rate. Raises
    NotCounted (or the database's error) when the count could not be written."""
    if in_database():
        with transaction.atomic():
            return _count_in_table([(UPLOADS, _get_ip(request), settings.FORMS_RATE_PER_IP)])
    return _over(request, UPLOADS, "ip", settings.FORMS_RATE_PER_IP)


def _count_in_table(limits: list[tuple[str, str, str]]) -> bool:
    """Add one to each (group, value, rate) counter in one statement; true when any is over
    its rate."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    rows, allowed = [], {}
    for group, value, rate in limits:
        most, period = _split_rate(rate)
        # Keyed by SECRET_KEY: a copy of the table cannot be checked against guessed emails.
        counter = salted_hmac("forms.rate", f"{group}:{value}", algorithm="sha256").hexdigest()
        rows += [counter, _get_window(value, period)]
        allowed[counter] = most
    table = connection.ops.quote_name(RateCount._meta.db_table)
    values = ", ".join(["(%s, %s, 1)"] * len(limits))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (counter, ends, hits) VALUES {values}"
            f" ON CONFLICT (counter) DO UPDATE SET hits = CASE WHEN {table}.ends ="
            f" excluded.ends THEN {table}.hits + 1 ELSE 1 END, ends = excluded.ends"
            " RETURNING counter, hits",
            rows,
        )
        counted = cursor.fetchall()
    return any(hits > allowed[counter] for counter, hits in counted)


def forget_ended() -> int:
    """Remove the counters whose window has ended (`purge`): they count nothing any more."""
    removed, _kinds = RateCount.objects.filter(ends__lt=int(time.time())).delete()
    return removed


def _over(request: HttpRequest, group: str, key: Any, rate: str) -> bool:
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    except RedisError as error:  # down, or silent past FORMS_REDIS_TIMEOUT
        raise NotCounted(group) from error
    if usage is None:  # RATELIMIT_ENABLE is off
        return False
    # django-ratelimit "fails closed" when its cache cannot add or increment the counter
    # (Django's database cache swallows the DatabaseError of a full disk): it answers with
    # a limit of 0 and no time left, which no configured rate gives.
    if usage["limit"] == 0 and usage["time_left"] == -1:
        raise NotCounted(group)
    return bool(usage["should_limit"])
