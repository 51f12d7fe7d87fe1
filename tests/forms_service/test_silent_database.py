"""A PostgreSQL that takes the connection and never answers (a hung server, a black hole on
the way): the service's connection gives up after FORMS_DATABASE_TIMEOUT, and a post that
cannot be stored is refused as not recorded (storing's NOTHING_WRITTEN), instead of holding
the worker until it is killed."""

from __future__ import annotations

import runpy
import socket
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from tests.conftest import REPO


def service_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> dict[str, Any]:
    monkeypatch.setenv("FORMS_VAR_DIR", str(tmp_path))  # whatever the settings write
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FORMS_DATABASE_TIMEOUT", "1")
    return runpy.run_path(str(REPO / "forms_service" / "settings.py"))


def test_a_silent_postgresql_is_given_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, django_db_blocker: Any
) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"postgres://portal@127.0.0.1:{silent.getsockname()[1]}/portal"
        database = service_settings(monkeypatch, tmp_path, url)["DATABASES"]["default"]
        assert database["OPTIONS"]["connect_timeout"] == 1
        connection = ConnectionHandler({"default": database})["default"]
        with django_db_blocker.unblock(), pytest.raises(OperationalError, match="timeout"):
            connection.ensure_connection()


def test_sqlite_takes_no_such_option(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    database = service_settings(monkeypatch, tmp_path, f"sqlite:///{tmp_path}/x.sqlite3")
    assert "connect_timeout" not in database["DATABASES"]["default"].get("OPTIONS", {})
