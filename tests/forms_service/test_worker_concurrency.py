"""While the worker talks to a slow SMTP server, or to one that never answers, people still
submit forms and sign in: no database transaction is open during the network I/O, so on
SQLite (one writer at a time) the rate-limit counters, submissions and sessions are written
as usual. Real processes on one SQLite file: gunicorn, `forms-service send_outbox`."""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from bench.bench_submissions import free_port, migrate, service_env, start
from tests.conftest import REPO
from tests.forms_service.conftest import PASSWORD
from tests.forms_service.test_worker import silent_server  # noqa: F401 (a fixture)

QUEUED = 40
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(r'name="(token|started)" value="([^"]+)"')


class SlowInbox:
    """Takes two seconds over each message, as a loaded mail server may."""

    def __init__(self) -> None:
        self.received: list[float] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(2)
        self.received.append(time.monotonic())
        return "250 accepted"


@pytest.fixture
def slow_smtp() -> Iterator[tuple[int, SlowInbox]]:
    inbox, port = SlowInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def _request(
    port: int,
    method: str,
    path: str,
    cookies: dict[str, str],
    body: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> tuple[int, str, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(extra or {})}
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"http://127.0.0.1:{port}"
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    for value in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    text = response.read().decode()
    connection.close()
    return response.status, text, dict(response.headers)


def post_contact(port: int, n: int, extra: dict[str, str] | None = None) -> int:
    """The contact form shown, then sent with the email amal<n>@example.org; `extra`: more
    headers on both requests."""
    cookies: dict[str, str] = {}
    _, page, _ = _request(port, "GET", "/fr/forms/contact/", cookies, extra=extra)
    fields = dict(STARTED.findall(page))
    answers = {
        "csrfmiddlewaretoken": CSRF.findall(page)[0],
        **fields,
        "name": "Amal Benali",
        "email": f"amal{n}@example.org",
        "topic": "project-support",
        "country": "FR",
        "message": f"Question {n}",
    }
    return _request(port, "POST", "/fr/forms/contact/", cookies, answers, extra)[0]


def sign_in(port: int, name: str) -> tuple[int, str]:
    cookies: dict[str, str] = {}
    _, page, _ = _request(port, "GET", "/staff/login/", cookies)
    form = {"csrfmiddlewaretoken": CSRF.findall(page)[0], "username": name, "password": PASSWORD}
    status, _, headers = _request(port, "POST", "/staff/login/?next=/staff/", cookies, form)
    return status, headers.get("Location", "")


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "forms_service.manage", *args]
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)


@pytest.mark.parametrize("peer", ["slow", "silent"])
def test_forms_and_sign_ins_answer_while_the_worker_talks_to_smtp(
    tmp_path: Path, peer: str, request: pytest.FixtureRequest
) -> None:
    if peer == "slow":
        smtp_port, inbox = request.getfixturevalue("slow_smtp")
    else:
        smtp_port, inbox = request.getfixturevalue("silent_server"), None
    env = service_env(tmp_path / "var", "sqlite")
    env.update(
        FORMS_SMTP_PORT=str(smtp_port),
        FORMS_SMTP_HOST="127.0.0.1",
        FORMS_STAFF_PASSWORD=PASSWORD,
        FORMS_RATE_PER_IP="30/h",  # as in production: the limit is counted, and must be written
        FORMS_SITE_DIR=str(tmp_path / "no-site"),
    )
    migrate(env)
    for n in range(5):
        manage(env, "create-staff", f"staff{n}", "--role", "ministry")
    script = (
        "from django.utils import timezone\n"
        "from forms_service.submissions.models import Email\n"
        f"for n in range({QUEUED}):\n"
        "    Email.objects.create(to=f'q{n}@example.org', subject='s', body='b',"
        " next_try=timezone.now())\n"
    )
    manage(env, "shell", "-c", script)
    port = free_port()
    server = start(env, port, 2)
    worker = subprocess.Popen(
        [sys.executable, "-m", "forms_service.manage", "send_outbox", "--every", "0.2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        time.sleep(3)  # the worker is in its batch: sending, or waiting for the silent server
        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=5) as pool:
            posts = list(pool.map(lambda n: post_contact(port, n), range(20)))
            sign_ins = list(pool.map(lambda n: sign_in(port, f"staff{n}"), range(5)))
        took = time.monotonic() - began
        assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
    finally:
        for process in (worker, server):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert posts == [303] * 20
    assert sign_ins == [(302, "/staff/")] * 5
    if inbox is not None:  # the worker was still in its batch when the last answer came
        assert 0 < len(inbox.received) < QUEUED
    assert took < 30, f"answers took {took:.1f} s"
