"""Posts that look sent by a program, and too many posts from one address or one email."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import get_usage

from forms_service import clock

# Said when nothing could be recorded (a full disk, the counters' store down): the page
# comes back with the answers, and the user sends them again later.
NOT_RECORDED = gettext_lazy(
    "Your form could not be saved just now, and nothing was recorded. Your answers are still"
    " here: please send them again in a few minutes."
)
# Said when too_many() is true.
TOO_MANY = gettext_lazy("You have sent many forms in a short time. Please try again in an hour.")


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


def too_many(request: HttpRequest, email: str) -> bool:
    """Count this submission against its IP address and its email; true when either is over.
    Raises NotCounted when the count could not be written."""
    by_ip = _over(request, "forms-ip", "ip", settings.FORMS_RATE_PER_IP)
    by_email = bool(email) and _over(
        request,
        "forms-email",
        lambda _group, _request: email.strip().lower(),
        settings.FORMS_RATE_PER_EMAIL,
    )
    return bool(by_ip or by_email)


def _over(request: HttpRequest, group: str, key: Any, rate: str) -> bool:
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None:  # RATELIMIT_ENABLE is off
        return False
    # django-ratelimit "fails closed" when its cache cannot add or increment the counter
    # (Django's database cache swallows the DatabaseError of a full disk): it answers with
    # a limit of 0 and no time left, which no configured rate gives.
    if usage["limit"] == 0 and usage["time_left"] == -1:
        raise NotCounted(group)
    return bool(usage["should_limit"])
