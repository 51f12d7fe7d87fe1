"""GET /healthz on an instance (127.0.0.1:8001, say): whether it can take a post now, for the
operator's monitoring and a load balancer. 200 "ok" when the database answers (and the cache,
where the rate limits are counted: Redis with REDIS_URL), else 503 naming what did not
("database", "cache"). Nothing else: no version, no counts, no error text.

Answered before any other middleware, so that it is polled on the instance's own address
whatever FORMS_ALLOWED_HOSTS holds, over plain HTTP even with FORMS_HTTPS=1 (no redirect),
and without one access-log line per poll; a failure is logged, as a WARNING. nginx does not
forward it: only /{lang}/forms/, /staff/ and /static/ reach the service from outside.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

PATH = "/healthz"
log = logging.getLogger("forms_service.health")


def unavailable() -> list[str]:
    """What a post needs that does not answer now."""
    down = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        log.warning("health: the database does not answer", exc_info=True)
        down.append("database")
    try:
        cache.get("healthz")
    except Exception:
        log.warning("health: the cache does not answer", exc_info=True)
        down.append("cache")
    return down


class Health:
    """First of the middleware (settings.MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        down = unavailable()
        text = f"unavailable: {', '.join(down)}\n" if down else "ok\n"
        response = HttpResponse(text, status=503 if down else 200, content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response
