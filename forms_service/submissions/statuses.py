"""What each status means, as applicants read it on the status page and in emails."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

STATUSES: dict[str, Promise] = {
    "received": gettext_lazy("Received: it is waiting to be read."),
    "waiting-list": gettext_lazy(
        "On the waiting list: we will write to you if a seat becomes free."
    ),
    "incomplete": gettext_lazy(
        "Incomplete: the consular post has written to you with what is missing."
    ),
    "complete": gettext_lazy("Complete: the consular post has checked the file."),
    "under-evaluation": gettext_lazy("Being evaluated by the project selection committee."),
    "selected": gettext_lazy("Selected by the project selection committee."),
    "not-selected": gettext_lazy("Not selected by the project selection committee."),
    "approved": gettext_lazy("Approved."),
    "rejected": gettext_lazy("Not accepted. The email sent to you says why."),
    "answered": gettext_lazy("Answered: the reply has been sent to you by email."),
}


def meaning(status: str) -> str:
    return str(STATUSES.get(status, status))
