"""A real SMTP server on loopback (aiosmtpd) for the smoke test, and what it accepted."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.deploy.processes import free_port, wait

# Seconds the worker may take to send an email or push a record: it looks every 5 seconds.
WORKER_SECONDS = 60


@dataclass
class Inbox:
    """What the SMTP server accepted."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, seconds: float = WORKER_SECONDS) -> EmailMessage:
        found = wait(lambda: next((m for m in self.messages if m["To"] == to), None), seconds)
        assert isinstance(found, EmailMessage), f"no email to {to} within {seconds} s"
        return found


@contextlib.contextmanager
def smtp_server(inbox: Inbox) -> Iterator[int]:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
