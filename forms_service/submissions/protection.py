"""Posts that look sent by a program, and too many posts from one address or one email."""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

STARTED = "forms.started"
HONEYPOT = "_homepage"  # no defined field can take this name: theirs start with a letter


def started_stamp() -> str:
    """The signed moment a form page is shown; the post brings it back."""
    return signing.dumps(time.time(), salt=STARTED)


def looks_automated(request: HttpRequest) -> str:
    """Why the post looks sent by a program (a hidden field filled in, or sent sooner after
    the page was shown than a person could), or "" when it does not."""
    if request.POST.get(HONEYPOT):
        return _("Please check your answers, then send the form again.")
    try:
        started = float(signing.loads(request.POST.get("started", ""), salt=STARTED))
    except (signing.BadSignature, TypeError, ValueError):
        return _("Please check your answers, then send the form again.")
    if time.time() - started < settings.FORMS_MIN_FILL_SECONDS:
        return _("Please check your answers, then send the form again.")
    return ""


def too_many(request: HttpRequest, email: str) -> bool:
    """Count this submission against its IP address and its email; true when either is over."""
    by_ip = is_ratelimited(
        request, group="forms-ip", key="ip", rate=settings.FORMS_RATE_PER_IP, increment=True
    )
    by_email = bool(email) and is_ratelimited(
        request,
        group="forms-email",
        key=lambda _group, _request: email.strip().lower(),
        rate=settings.FORMS_RATE_PER_EMAIL,
        increment=True,
    )
    return bool(by_ip or by_email)
