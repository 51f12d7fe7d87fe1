"""The waits of nginx, gunicorn and systemd, read from the shipped files as installed: each
layer gives the one behind it the time it is allowed, so that what the service still runs is
never reported to the visitor as failed, nor killed halfway on a stop."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO
from tests.deploy import units

VALUES = {
    "SERVER_NAME": "portal.test",
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443",
    "FORMS_SERVERS": "127.0.0.1:8001",
    "HOST_DIR": "/srv/portal/host",
    "TLS_CERTIFICATE": "/etc/ssl/cert.pem",
    "TLS_CERTIFICATE_KEY": "/etc/ssl/key.pem",
    "LOG_DIR": "/var/log/nginx",
}
NGINX_DEFAULT_SECONDS = 60  # proxy_read_timeout when the site file says nothing


def rendered() -> str:
    return subprocess.run(
        [sys.executable, "-m", "deploy.render", "deploy/nginx/portal.conf.template",
         *(f"{k}={v}" for k, v in VALUES.items())],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def gunicorn_option(name: str) -> int:
    argv = units.command("portal-forms@.service", "8001")
    return int(argv[argv.index(name) + 1])


def nginx_seconds(conf: str, directive: str) -> int:
    found = re.findall(rf"^\s*{directive}\s+([0-9]+)s?;", conf, re.M)
    assert len(set(found)) <= 1, found
    return int(found[0]) if found else NGINX_DEFAULT_SECONDS


def test_nginx_waits_for_the_service_as_long_as_gunicorn_lets_a_request_run() -> None:
    """A request gunicorn lets run for --timeout (a post of PDFs on a busy host) is answered
    by the service, not by nginx's 504 while the service goes on and records it."""
    waits = nginx_seconds(rendered(), "proxy_read_timeout")
    assert waits > gunicorn_option("--timeout"), (waits, gunicorn_option("--timeout"))


def test_systemd_lets_gunicorn_finish_the_requests_in_flight() -> None:
    stop = int(units.read("portal-forms@.service")["Service"]["TimeoutStopSec"])
    assert stop > gunicorn_option("--graceful-timeout")
