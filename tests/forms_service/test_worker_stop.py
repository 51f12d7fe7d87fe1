"""`systemctl stop` (or restart, at each upgrade) sends the worker SIGTERM: it finishes the
email in hand, marks it sent, and leaves before taking the next. Python's default for SIGTERM
ended it at once, like a kill -9: the email the SMTP server was taking stayed claimed, sent
again once its lease ran out (FORMS_WORKER_LEASE_SECONDS, 5 minutes later)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.bench_submissions import migrate, service_env
from tests.conftest import REPO
from tests.forms_service.test_worker_concurrency import (
    SlowInbox,
    manage,
    slow_smtp,  # noqa: F401 (a fixture)
)

QUEUED = 5
STATE = (
    "import json\n"
    "from forms_service.submissions.models import Email\n"
    "rows = Email.objects.order_by('pk')\n"
    "print(json.dumps([[e.sent is not None, e.claimed_until is not None] for e in rows]))\n"
)


def rows(env: dict[str, str]) -> list[list[bool]]:
    done = subprocess.run(
        [sys.executable, "-m", "forms_service.manage", "shell", "-c", STATE],
        cwd=REPO, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    found: list[list[bool]] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_sigterm_lets_the_email_in_hand_finish_and_takes_no_other(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    smtp: tuple[int, SlowInbox] = request.getfixturevalue("slow_smtp")
    port, inbox = smtp  # two seconds over each message
    env = service_env(tmp_path / "var", "sqlite")
    env.update(FORMS_SMTP_HOST="127.0.0.1", FORMS_SMTP_PORT=str(port))
    migrate(env)
    manage(
        env, "shell", "-c",
        "from django.utils import timezone\n"
        "from forms_service.submissions.models import Email\n"
        f"for n in range({QUEUED}):\n"
        "    Email.objects.create(to=f'q{n}@example.org', subject='s', body='b',"
        " next_try=timezone.now())\n",
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "forms_service.manage", "send_outbox"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not any(claimed for _, claimed in rows(env)):  # the first email in hand
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
    finally:
        worker.kill()
        worker.wait()
    assert code == 0, worker.stderr.read() if worker.stderr else ""
    state = rows(env)
    sent = [s for s, _ in state]
    assert sent[0] and len(inbox.received) == sum(sent) < QUEUED, state
    assert not any(claimed for _, claimed in state), state  # nothing left leased


def test_sigterm_ends_the_wait_between_passes(tmp_path: Path) -> None:
    """Between passes the worker sleeps (--every); a stop then ends it without waiting out
    the hour."""
    env = service_env(tmp_path / "var", "sqlite")
    migrate(env)
    worker = subprocess.Popen(
        [sys.executable, "-m", "forms_service.manage", "send_outbox", "--every", "3600"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        time.sleep(3)  # its first pass (an empty queue) done, it waits for the next
        assert worker.poll() is None
        started = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
        waited = time.monotonic() - started
    finally:
        worker.kill()
        worker.wait()
    assert code == 0, worker.stderr.read() if worker.stderr else ""
    assert waited < 10, waited  # not the hour --every asked for
