"""A setting given a value it cannot take stops the service as it starts, with the
variable's name in the message: not a bare traceback from each gunicorn worker, not a switch
silently left off, not a timeout of 0 that fails every send."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.forms_service.test_security import configured

LOAD = "from django.conf import settings; print(settings.EMAIL_TIMEOUT, settings.HTTPS)"


def start(var: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LOAD], env=configured(var, **env), cwd=REPO,
        capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FORMS_SMTP_TIMEOUT", "10s"),
        ("FORMS_SMTP_TIMEOUT", "0"),
        ("FORMS_GIT_TIMEOUT", ""),
        ("FORMS_DATABASE_TIMEOUT", "-1"),
        ("FORMS_REDIS_TIMEOUT", "0"),
        ("FORMS_BACKUP_TIMEOUT", "1h"),
        ("FORMS_MAX_REQUEST_MB", "32M"),
        ("FORMS_RETENTION_DAYS", "3 years"),
        ("FORMS_MIN_FILL_SECONDS", "-2"),
        ("FORMS_HTTPS", "true"),
        ("FORMS_DEBUG", "no"),
        ("FORMS_RATE_PER_IP", "30 per hour"),
    ],
)
def test_a_value_it_cannot_take_stops_the_start_and_names_it(
    tmp_path: Path, name: str, value: str
) -> None:
    env = {name: value}
    if name == "FORMS_DATABASE_TIMEOUT":
        env["DATABASE_URL"] = "postgres://portal@127.0.0.1:5432/portal"
    if name == "FORMS_REDIS_TIMEOUT":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    done = start(tmp_path, **env)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), last
    assert f"{name}={value!r}" in last, last


def test_the_values_written_in_the_example_start(tmp_path: Path) -> None:
    done = start(tmp_path, FORMS_SMTP_TIMEOUT="2.5", FORMS_HTTPS="1", FORMS_MIN_FILL_SECONDS="0")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2.5", "True"]
