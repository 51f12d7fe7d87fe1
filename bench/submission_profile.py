"""Where one submission's CPU goes, in process: the contact form posted through Django's
WSGI handler (middleware, CSRF, form, rate limits, commit), under cProfile.

    python -m bench.submission_profile     # prints milliseconds per submission by part

Run by bench_submissions in a fresh process with the service's settings in its environment.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import re
import sys
import time
import urllib.parse
from typing import Any

PARTS = {
    "rate limits (cache)": "protection.py:.*\\(too_many\\)",
    "stored: the insert and its commit": "storing.py:.*\\(store\\)",
    "form checked": "forms.py:.*\\(is_valid\\)",
    "CSRF": "csrf.py:.*\\(process_view\\)",
}


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

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

    def submit(i: int) -> None:
        body = urllib.parse.urlencode(
            {
                **fields,
                "token": f"p{i}",
                "name": "Amal Benali",
                "email": f"p{i}@example.org",
                "topic": "project-support",
                "message": "Bonjour",
            }
        ).encode()
        environ: dict[str, Any] = {
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
        status: list[str] = []
        b"".join(app(environ, lambda s, h: status.append(s)))
        assert status[0].startswith("303"), status

    for i in range(20):  # warm up
        submit(i)
    count = 300
    began = time.process_time()
    for i in range(20, 20 + count):
        submit(i)
    total = (time.process_time() - began) / count * 1000
    profile = cProfile.Profile()
    profile.enable()
    for i in range(1000, 1000 + count):
        submit(i)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    profiled = sum(v[2] for v in stats.values())  # total own time
    share = {}
    for part, pattern in PARTS.items():
        found = [v[3] for k, v in stats.items() if re.search(pattern, f"{k[0]}:{k[1]}({k[2]})")]
        share[part] = max(found, default=0.0) / profiled
    print(json.dumps({"cpu_ms": total, "shares": share}))


if __name__ == "__main__":
    main()
