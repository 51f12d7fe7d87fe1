"""Where one submission's CPU goes, in process: the contact form posted through Django's
WSGI handler (middleware, CSRF, form, rate limits, commit), under cProfile; and the queries
it makes.

    python -m bench.submission_profile     # prints the figures as one line of JSON

Run by bench_submissions in a fresh process with the service's settings in its environment,
and again with the bare view's (bench/bare: DJANGO_SETTINGS_MODULE=bench.bare.settings), whose
database the service's migrations have made.

The profiler's clock is the process's CPU time, so the wait for the disk at each commit is
not counted (the load is bound by CPU, not by the disk: bench_submissions' commit rate). A
part's milliseconds are its share of the profiled time times the CPU a submission takes
without the profiler, which slows small functions more than large ones: an estimate, by
part, of where the CPU goes.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import re
import sys
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

# Part → the functions (file:line(name), as pstats names them) whose cumulative time it is.
PARTS = {
    "session (middleware)": r"sessions/middleware\.py:\d+\(process_(request|response)\)",
    "CSRF (the post read, its token checked)": r"middleware/csrf\.py:\d+\(process_view\)",
    "access log line (audit trail)": r"forms_service/access\.py:\d+\(__call__\)>logging",
    "form definition found": r"submissions/views\.py:\d+\(_definition\)",
    "form class (built once per definition, then cached)": r"definitions\.py:\d+\(form_class\)",
    "form made (its fields copied)": r"submissions/views\.py:\d+\(_bound\)",
    "form checked": r"django/forms/forms\.py:\d+\(is_valid\)",
    "sent by a program? (honeypot, signed time)": r"protection\.py:\d+\(looks_automated\)",
    "form token looked up (a resent post)": r"storing\.py:\d+\(_already_stored\)",
    "confirmation email worded": r"storing\.py:\d+\(confirmation_body\)",
    "rate-limit counters": r"protection\.py:\d+\((count|too_many)\)",
    "insert: submission and outbox email": r"storing\.py:\d+\(_insert\)",
    "commit": r"django/db/transaction\.py:\d+\(__exit__\)",
    "sent references' cookie": r"sent\.py:\d+\(remember\)",
    "templates": r"django/template/base\.py:\d+\(render\)",
}
AROUND = list(PARTS)[:3]  # the parts above that run outside the view
HANDLER = r"django/core/handlers/wsgi\.py:\d+\(__call__\)"
VIEW = r"submissions/views\.py:\d+\(form_page\)"
# Submissions per measured run; tests make it small (they check the run works, not its figures).
COUNT = int(os.environ.get("BENCH_PROFILE_COUNT", "300"))


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    bare = settings.ROOT_URLCONF == "bench.bare.urls"
    if not bare:
        call_command("migrate", verbosity=0)
    app = get_wsgi_application()
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    shown = client.get("/en/forms/contact/")
    html = shown.content.decode()
    fields = {
        name: re.search(f'name="{name}" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        for name in ("csrfmiddlewaretoken", "started")
    }
    cookie = shown.cookies["csrftoken"].value

    def environ(i: int) -> dict[str, Any]:
        body = urllib.parse.urlencode(
            {
                **fields,
                "token": f"profile-{i:010d}",  # shaped as the page's: 16–64 of [A-Za-z0-9_-]
                "name": "Amal Benali",
                "email": f"p{i}@example.org",
                "topic": "project-support",
                "country": "FR",
                "message": "Bonjour",
            }
        ).encode()
        return {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/en/forms/contact/",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "HTTP_COOKIE": f"csrftoken={cookie}",
        }

    def submit(request: dict[str, Any]) -> None:
        status: list[str] = []
        b"".join(app(request, lambda s, h: status.append(s)))
        assert status[0].startswith("303"), status

    def run(first: int, around: Callable[[], Any] | None = None) -> float:
        """CPU per submission, in ms; the requests are made beforehand, outside the count."""
        requests = [environ(i) for i in range(first, first + COUNT)]
        began = time.process_time()
        for request in requests:
            submit(request)
        return (time.process_time() - began) / COUNT * 1000

    run(0)  # warm up
    cpu_ms = run(COUNT)
    with CaptureQueriesContext(connection) as queries:
        submit(environ(10 * COUNT))
    statements = [" ".join(q["sql"].split()[:4]) for q in queries.captured_queries]
    result: dict[str, Any] = {"cpu_ms": cpu_ms, "queries": len(statements), "sql": statements}
    if not bare:
        profile = cProfile.Profile(time.process_time)
        requests = [environ(i) for i in range(20 * COUNT, 21 * COUNT)]
        profile.enable()
        for request in requests:
            submit(request)
        profile.disable()
        result["parts_ms"] = parts(pstats.Stats(profile), cpu_ms)
    print(json.dumps(result))


def parts(stats: pstats.Stats, cpu_ms: float) -> dict[str, float]:
    """Each part's CPU per submission, in ms (its share of the handler's profiled time)."""
    table = stats.stats  # type: ignore[attr-defined]
    named = {f"{k[0]}:{k[1]}({k[2]})": v for k, v in table.items()}

    def cumulative(pattern: str) -> float:
        if ">" in pattern:  # the time a caller spends in the callees of one module
            caller, callee = pattern.split(">")
            return float(
                sum(
                    t[3]
                    for name, v in named.items()
                    if callee in name
                    for source, t in v[4].items()
                    if re.search(caller, f"{source[0]}:{source[1]}({source[2]})")
                )
            )
        return float(sum(v[3] for name, v in named.items() if re.search(pattern, name)))

    handler = cumulative(HANDLER)
    shares = {part: cumulative(pattern) / handler for part, pattern in PARTS.items()}
    # Around the view: what the handler spends outside it, less the parts named that run
    # there too (the session's and CSRF's middleware, the access log's line).
    around = 1 - cumulative(VIEW) / handler - sum(shares[part] for part in AROUND)
    shares = {"Django's handler and the other middleware": around, **shares}
    return {part: share * cpu_ms for part, share in shares.items()}


if __name__ == "__main__":
    main()
