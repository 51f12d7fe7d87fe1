"""What the service's log says about a failure: where (the path), what (the status and the
traceback), which submission (its reference, when the request has one) and which request (its
id, as the access line and the proxy's log give it: forms_service/access.py); never what
people typed, nor an email address.

Django logs an unhandled error (a 500) on its "django.request" logger, and a refused request
(a wrong Host header, an altered post: a 400) on "django.security"; with DEBUG off its default
configuration sends them only by email to ADMINS, which the service has none of, so they were
lost. settings.LOGGING sends them to stderr (where gunicorn and systemd keep it) through the
filter and formatter below. The request itself (its body, POST data, headers and cookies) is
never written; an exception's message may quote a value (a database error quotes the row, a
conversion error the text it could not read), so every value posted or in the query string,
and anything shaped like an email address, is blanked out of the text, traceback included.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

ATTRIBUTE = "submission_reference"
EMAIL = re.compile(r"[^\s@<>()\[\],;:'\"]+@[^\s@<>()\[\],;:'\"]+")
SHORTEST = 3  # shorter values ("on", "FR", "12") would blank out the traceback's own words
# The id of the request being answered (forms_service/access.py sets it), for every line
# logged meanwhile, whichever logger writes it and whether or not it is given the request.
REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")


def about(request: HttpRequest, reference: str) -> None:
    """Name the submission this request is about, for any error logged while it runs."""
    setattr(request, ATTRIBUTE, reference)


def milliseconds_since(began: float) -> int:
    """How long since `began`, a time.perf_counter(): durations are measured on the monotonic
    counter, which no change of the clock moves."""
    return round((time.perf_counter() - began) * 1000)


class Context(logging.Filter):
    """Gives every record the fields the format names: its status code, reference (given,
    or the request's) and request id, or -."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.status_code = getattr(record, "status_code", "-")
        record.reference = getattr(record, "reference", None) or getattr(request, ATTRIBUTE, "-")
        record.request_id = REQUEST_ID.get()
        return True


# The secrets that travel in a path: a saved form's link (whoever has it opens the form, its
# answers and files) and an alert's confirm and stop links (which show the address and stop
# the alerts). The database keeps only their hashes; the log, which more people read, must
# not keep them whole either. nginx's log says the same ($portal_path, deploy/nginx/).
SECRET_IN_PATH = re.compile(r"(/forms/(?:[\w-]+/resume|alerts/(?:confirm|unsubscribe))/)[^/\s]+")


class Redacting(logging.Formatter):
    """The record as text, its traceback included, with the request's values, any email
    address and the secrets in paths replaced."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for value in sorted(_values(getattr(record, "request", None)), key=len, reverse=True):
            text = text.replace(value, "[answer]")
        return SECRET_IN_PATH.sub(r"\1[secret]", EMAIL.sub("[email]", text))


def _values(request: Any) -> set[str]:
    """Each value the request carried, whole and line by line (a message may quote one line
    of a long answer)."""
    if not isinstance(request, HttpRequest):
        return set()
    try:
        sent = [*_texts(request.GET.lists()), *_texts(request.POST.lists())]
    except Exception:  # a body that could not be read (too large, malformed): none of it logged
        sent = list(_texts(request.GET.lists()))
    found = {part.strip() for value in sent for part in (value, *value.splitlines())}
    return {value for value in found if len(value) >= SHORTEST}


def _texts(lists: Iterable[tuple[str, list[Any]]]) -> Iterable[str]:
    return (str(value) for _name, values in lists for value in values)
