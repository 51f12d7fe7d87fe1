"""One line in the service's log per request: its id, method, path, status, duration and the
submission it was about, e.g.

    ... INFO forms_service.access [status 303, reference MSG-7K3Q-9MXD, request 4f0c…] POST
    /fr/forms/contact/ 41 ms

The id is the proxy's (X-Request-ID: nginx's $request_id), so that a line of the proxy's log
and the service's can be matched; a request without one, or with one that is not a plain
token (spaces, quotes, too long: anything that could garble the line), gets one made here.
It is sent back in the response's X-Request-ID, so a person can quote it, and every other
line logged while the request runs carries it too (logs.REQUEST_ID), the 500's included.

Never the query string (people's answers travel there in a GET), the body, nor an email
address: the path is written escaped as a URL (no line breaks or spaces from it), and the
formatter blanks out anything shaped like an address (logs.Redacting).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path

from forms_service import logs

HEADER = "X-Request-ID"
# nginx's ids are 32 hexadecimal digits; other proxies' are UUIDs or similar tokens.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")
log = logging.getLogger("forms_service.access")


def request_id(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if WELL_FORMED.fullmatch(given) else uuid.uuid4().hex


class AccessLog:
    """First of the middleware but health.Health (whose polls are not logged), so that it
    times and logs everything the others answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        identifier = request_id(request)
        token = logs.REQUEST_ID.set(identifier)
        began = time.perf_counter()  # until the response is ready (a file is sent after)
        try:
            response = self.get_response(request)
            response[HEADER] = identifier
            log.info(
                "%s %s %d ms",
                request.method,
                escape_uri_path(request.path),
                logs.milliseconds_since(began),
                extra={
                    "status_code": response.status_code,
                    "reference": getattr(request, logs.ATTRIBUTE, None),
                },
            )
            return response
        finally:
            logs.REQUEST_ID.reset(token)
