"""Backups that restore (forms_service/staff/backups.py, the `backup` and `restore` commands).

Everything runs as in production, in processes of its own: the service's commands, and
applications with their PDF files sent through the real form by another process
(applying.py). On SQLite the database is a file under a temporary FORMS_VAR_DIR, deleted
before the restore; on PostgreSQL (this module run with DATABASE_URL, as test_postgres.py
does) a scratch database made for the test, dropped and created empty again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from forms_service import definitions
from tests.conftest import REPO

FORMS_SERVICE = str(Path(sys.executable).with_name("forms-service"))
TIMEOUT = 300  # seconds any one command of the test may take
FILES = sum(  # PDF files per application
    f["type"] == "file" for f in definitions.load(REPO / "data")["project-application"].fields
)
Rows = dict[str, list[tuple[Any, ...]]]


@dataclass
class Service:
    """The forms service as its commands see it: its environment, database and uploads."""

    env: dict[str, str]
    uploads: Path
    database: str  # the SQLite file, or the scratch PostgreSQL database's URL

    @property
    def postgresql(self) -> bool:
        return self.database.startswith("postgres")

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [FORMS_SERVICE, *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert (done.returncode == 0) == ok, done.stdout + done.stderr
        return done

    def apply(self, count: int) -> list[str]:
        """Send `count` applications through the form, and leave one unfinished."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.forms_service.applying", str(count)],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.split()

    def query(self, text: str) -> list[tuple[Any, ...]]:
        if self.postgresql:
            with psycopg.connect(self.database) as db:
                return db.execute(text.encode()).fetchall()
        with closing(sqlite3.connect(self.database)) as db:
            return db.execute(text).fetchall()

    def rows(self) -> Rows:
        """Every row of every table, in order: {} when there is no database."""
        if self.postgresql:
            listed = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        elif Path(self.database).exists():
            listed = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            return {}
        return {t: self.query(f'SELECT * FROM "{t}" ORDER BY 1') for (t,) in self.query(listed)}

    def files(self) -> dict[str, str]:
        """Every file of the uploads, by its path there: its SHA-256."""
        return {
            str(path.relative_to(self.uploads)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.uploads.rglob("*"))
            if path.is_file()
        }

    def lose_everything(self) -> None:
        """The database and the uploads gone (a dead disk, a dropped database)."""
        shutil.rmtree(self.uploads)
        if self.postgresql:
            _recreate(self.database)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(self.database + suffix).unlink(missing_ok=True)


def _admin(url: str) -> tuple[str, str]:
    """The maintenance database's URL on the same server, and the scratch database's name."""
    base, name = url.rsplit("/", 1)
    return f"{base}/postgres", name


def _recreate(url: str, drop_only: bool = False) -> None:
    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture
def service(tmp_path: Path, live_data: Path) -> Iterator[Service]:
    """A migrated forms service of its own, on the vendor this run of the tests uses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMS_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="forms_service.settings",
        FORMS_VAR_DIR=str(tmp_path / "var"),
        FORMS_SITE_DIR=str(tmp_path / "no-site"),
        PORTAL_DATA_DIR=str(live_data),
        FORMS_ALLOWED_HOSTS="testserver",  # the test client's host (applying.py)
        FORMS_MIN_FILL_SECONDS="0",
        FORMS_RATE_PER_IP="100000/h",  # one address sends every application
        FORMS_RATE_PER_EMAIL="100000/h",
    )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        # A scratch database beside the one the tests were given: never that one itself.
        database = f"{url.rsplit('/', 1)[0]}/{_admin(url)[1]}_restore"
        _recreate(database)
        env["DATABASE_URL"] = database
    else:
        database = str(tmp_path / "var" / "forms.sqlite3")
    service = Service(env, tmp_path / "var" / "uploads", database)
    service.run("migrate", "--verbosity", "0")
    yield service
    if service.postgresql:
        _recreate(database, drop_only=True)


def submissions_of(rows: Rows) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        len(rows.get(f"submissions_{table}", [])) for table in ("submission", "attachment", "email")
    )


def test_a_backup_restores_every_row_and_every_file_byte_for_byte(
    service: Service, tmp_path: Path
) -> None:
    references = service.apply(3)
    assert len(references) == 3
    rows, files = service.rows(), service.files()
    assert submissions_of(rows) == (3, 3 * FILES, 3)  # applications, their files, emails
    assert sum(name.startswith("files/") for name in files) == 3 * FILES
    assert sum(name.startswith("pending/") for name in files) == FILES  # the unfinished one's
    assert len(set(files.values())) == 4 * FILES  # every file its own bytes

    backup = tmp_path / "backup"
    said = service.run("backup", str(backup)).stdout
    assert f"and {4 * FILES} files of the uploads" in said
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    vendor = "postgresql" if service.postgresql else "sqlite"
    assert manifest["database"]["vendor"] == vendor
    assert "0001_initial" in manifest["migrations"]["submissions"]
    listed = {e["path"].removeprefix("uploads/"): e["sha256"] for e in manifest["files"]}
    assert listed.pop(manifest["database"]["path"])
    assert listed == files

    service.lose_everything()
    assert service.rows() == {} and not service.uploads.exists()
    said = service.run("restore", str(backup)).stdout
    assert "every file matches the manifest" in said
    assert service.rows() == rows
    assert service.files() == files

    service.apply(1)  # the service goes on from the restored state
    assert submissions_of(service.rows()) == (4, 4 * FILES, 4)
    refused = service.run("restore", str(backup), ok=False)
    assert "the database is not empty" in refused.stderr and "--force" in refused.stderr
    assert submissions_of(service.rows()) == (4, 4 * FILES, 4)  # untouched
    service.run("restore", "--force", str(backup))
    assert service.rows() == rows


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    service: Service, tmp_path: Path
) -> None:
    service.apply(1)
    backup = tmp_path / "backup"
    service.run("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    damaged = backup / manifest["files"][1]["path"]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 1  # one bit
    damaged.write_bytes(bytes(data))
    service.lose_everything()
    refused = service.run("restore", "--force", str(backup), ok=False)
    first = damaged.relative_to(backup)
    assert f"1 files are missing or differ from its manifest (first: {first})" in refused.stderr
    assert service.rows() == {} and not service.uploads.exists()
    assert "is not empty" in service.run("backup", str(backup), ok=False).stderr


def test_a_backup_taken_while_applications_arrive_restores_consistently(
    service: Service, tmp_path: Path
) -> None:
    """Another process sends applications all along; the backup is taken in the middle.
    Restored, every attachment has its file, whole, and every application all its files
    and its email: the database was copied at one moment, the files after it."""
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.forms_service.applying", "0", str(stop)],
        cwd=REPO,
        env=service.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        for _ in range(2):  # under way
            assert writer.stdout.readline().strip(), writer.stderr and writer.stderr.read()
        service.run("backup", str(tmp_path / "backup"))
        assert writer.poll() is None, "the applications went on during the whole backup"
    finally:
        stop.touch()
        _, err = writer.communicate(timeout=TIMEOUT)
    assert writer.returncode == 0, err[-3000:]
    written = submissions_of(service.rows())[0]

    service.lose_everything()
    service.run("restore", str(tmp_path / "backup"))
    rows, files = service.rows(), service.files()
    submissions, attachments, emails = submissions_of(rows)
    assert 2 <= submissions < written
    assert (attachments, emails) == (FILES * submissions, submissions)
    for stored, sha256 in service.query("SELECT stored, sha256 FROM submissions_attachment"):
        assert files.get(f"files/{stored}") == sha256, stored


def test_a_backup_of_another_vendor_is_refused(service: Service, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    service.run("backup", str(backup))
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    other = "sqlite" if service.postgresql else "postgresql"
    manifest["database"]["vendor"] = other
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    refused = service.run("restore", "--force", str(backup), ok=False)
    assert f"this backup is of a {other} database" in refused.stderr
