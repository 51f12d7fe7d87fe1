"""A real SMTP server on loopback (aiosmtpd) for the forms service's tests."""

from __future__ import annotations

import contextlib
import io
import logging
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import django_ratelimit.core
import pytest
import yaml
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from forms_service import clock
from tests.conftest import copy_data


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@dataclass
class Smtp:
    inbox: Inbox
    port: int
    controller: Controller

    def stop(self) -> None:
        self.controller.stop()

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Smtp]:
    inbox, port = Inbox(), free_port()
    server = Smtp(inbox, port, Controller(inbox, hostname="127.0.0.1", port=port))
    server.controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    yield server
    with contextlib.suppress(AssertionError, RuntimeError):  # a test stopped it already
        server.stop()


@pytest.fixture(autouse=True)
def no_posts_counted(request: pytest.FixtureRequest) -> None:
    """Each test starts with no post counted against its address or email. The forms' limits
    count in their own table (RateCount, emptied with the test's data) or in Redis, the staff
    sign-in's in the cache; neither Redis nor the cache's table forgets between tests: without
    this, the posts of earlier tests from 127.0.0.1 would refuse a later one's."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    cache.clear()


@pytest.fixture(autouse=True)
def rate_windows_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate limits' windows read the clock held at the test's start. Each key's window
    ends at a second of the hour fixed by the key (django-ratelimit's); a test that posts
    one over a limit, run across that second, would see its count start again halfway. Only
    the windows' clock: what the service dates keeps the real one."""
    held = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: held))


@pytest.fixture(autouse=True)
def no_built_site(settings: Any, tmp_path: Path) -> None:
    """The service's own plain layout, whatever site/ holds here; tests of the site's layout
    point SITE_DIR at a built site."""
    settings.SITE_DIR = tmp_path / "no-site"


def write_record(path: Path, record: dict[str, object]) -> None:
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def live_data(tmp_path: Path, settings: Any) -> Path:
    """The sample data, with records whose windows are set around the real clock (the
    service reads it): calls/open-call.yaml, open for a month; calls/closed-call.yaml, closed
    yesterday; trainings/two-seats.yaml, open for registration with two seats. The service
    reads this copy and keeps its uploads beside it."""
    root = copy_data(tmp_path / "data")
    now = clock.now().replace(microsecond=0)
    call = yaml.safe_load((root / "calls" / "support-2030.yaml").read_text(encoding="utf-8"))
    for name, opens, closes in [
        ("open-call", now - timedelta(days=1), now + timedelta(days=30)),
        ("closed-call", now - timedelta(days=60), now - timedelta(days=1)),
    ]:
        window = {"opens": opens.isoformat(), "closes": closes.isoformat()}
        write_record(root / "calls" / f"{name}.yaml", {**call, "id": name, **window})
    training = yaml.safe_load(
        (root / "trainings" / "training-test.yaml").read_text(encoding="utf-8")
    )
    write_record(
        root / "trainings" / "two-seats.yaml",
        {
            **training,
            "id": "two-seats",
            "seats": 2,
            "starts": (now + timedelta(days=20)).isoformat(),
            "ends": (now + timedelta(days=20, hours=6)).isoformat(),
            "registration_closes": (now + timedelta(days=10)).isoformat(),
        },
    )
    settings.DATA_DIR = root
    settings.FORMS_UPLOAD_DIR = tmp_path / "uploads"
    return root


@pytest.fixture
def solidarity_call(live_data: Path) -> str:
    """The sample's solidarity development call (no priority area), open now."""
    call = yaml.safe_load((live_data / "calls" / "solidarity-2026.yaml").read_text())
    now = clock.now().replace(microsecond=0)
    window = {
        "opens": (now - timedelta(days=1)).isoformat(),
        "closes": (now + timedelta(days=30)).isoformat(),
    }
    write_record(
        live_data / "calls" / "open-solidarity.yaml", {**call, "id": "open-solidarity", **window}
    )
    return "open-solidarity"


PASSWORD = "a long pass phrase for tests"  # pragma: allowlist secret


@pytest.fixture
def staff_accounts(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """lyon and paris (consular), ministry and auditor, all with PASSWORD."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    monkeypatch.setenv("FORMS_STAFF_PASSWORD", PASSWORD)
    call_command("create-staff", "lyon", role="consular", post="lyon")
    call_command("create-staff", "paris", role="consular", post="paris")
    call_command("create-staff", "ministry", role="ministry")
    call_command("create-staff", "auditor", role="auditor")


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def stderr_log(settings: Any) -> Iterator[io.StringIO]:
    """What the configured stderr handler writes during the test: Django's errors, and the
    service's own lines (the same handler: settings.LOGGING)."""
    settings.DEBUG = False
    handlers = [
        h
        for h in logging.getLogger("django").handlers
        if isinstance(h, logging.StreamHandler) and h.name == "stderr"
    ]
    assert handlers, "no handler writes Django's errors to stderr"
    (handler,) = handlers
    assert handler in logging.getLogger("forms_service").handlers
    written = io.StringIO()
    earlier = handler.setStream(written)
    yield written
    handler.setStream(earlier)


@pytest.fixture
def silent_redis(settings: Any) -> Iterator[None]:
    """A "Redis" that takes connections and never answers (a hung server, a full network
    queue), with the service's timeouts, shortened."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        settings.FORMS_MIN_FILL_SECONDS = 0
        yield
