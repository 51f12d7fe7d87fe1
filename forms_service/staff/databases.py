"""The database's half of a backup (staff/backups.py): a consistent copy taken while
the service writes, and its restoration.

SQLite is copied through its online backup API, in one step: a snapshot of one moment,
while other processes go on writing (WAL). PostgreSQL is dumped by pg_dump in its custom
format, from a snapshot this module's own transaction exports, in which it also reads what
the copy holds (the migrations applied, the attachments' files); pg_restore puts it back.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient

from forms_service.submissions.models import Attachment

# The copy's name in a backup folder, by vendor.
COPY = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# Rows that `migrate` itself writes: a database holding only these is empty.
MIGRATE_WRITES = (ContentType, Permission)


class Failed(Exception):
    """A copy or a restoration that could not be done; the message says why, for operators."""


@dataclass(frozen=True)
class Copy:
    """A database copy in a backup folder: its file, the migrations applied in it (by app,
    in order) and the stored names of its attachments."""

    path: Path
    migrations: dict[str, list[str]]
    attachments: list[str]


def vendor() -> str:
    return str(connection.vendor)


def dump(folder: Path, timeout: float) -> Copy:
    """Copy the service's database into `folder`, as it is at one moment."""
    if vendor() == "sqlite":
        return _dump_sqlite(folder / COPY["sqlite"])
    if vendor() == "postgresql":
        return _dump_postgresql(folder / COPY["postgresql"], timeout)
    raise Failed(f"no backup for a {vendor()} database")


def _dump_sqlite(target: Path) -> Copy:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)  # every page in one step: one moment's state
        return Copy(target, *_contents(copy.cursor()))


def _dump_postgresql(target: Path, timeout: float) -> Copy:
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        # REPEATABLE READ: the snapshot exported is the one every query below reads from.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        contents = _contents(cursor)
        # pg_dump reads the same snapshot, valid while this transaction is open.
        options = ["--format=custom", f"--file={target}", f"--snapshot={snapshot}"]
        args, env = _postgresql("pg_dump", options)
        run(*args, env=env, timeout=timeout)
    return Copy(target, *contents)


def _contents(cursor: Any) -> tuple[dict[str, list[str]], list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    cursor.execute(f"SELECT stored FROM {Attachment._meta.db_table} ORDER BY stored")
    return migrations, [stored for (stored,) in cursor.fetchall()]


def holding_data() -> list[str]:
    """The service's tables that hold rows, those `migrate` fills aside."""
    existing = set(connection.introspection.table_names())
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.db_table in existing
        and model not in MIGRATE_WRITES
        and model._base_manager.exists()
    )


def restore(copy: Path, copy_vendor: str, timeout: float) -> None:
    """Replace the service's database with a copy that dump() made. The service and its
    worker must be stopped: what they would write meanwhile is lost, or mixed in."""
    if copy_vendor != vendor():
        raise Failed(f"this backup is of a {copy_vendor} database; the service uses {vendor()}")
    if vendor() == "sqlite":
        _restore_sqlite(copy)
    else:
        _restore_postgresql(copy, timeout)


def _restore_sqlite(copy: Path) -> None:
    Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()  # makes an empty database where the file was deleted
    # Through the backup API, into the database as the service opens it, rather than a copy
    # of the file over it: SQLite writes it under its locks and journal (a -wal file left
    # beside an old database would otherwise be replayed onto the restored one).
    with closing(sqlite3.connect(copy)) as source:
        source.backup(connection.connection)
    connection.close()


def _restore_postgresql(copy: Path, timeout: float) -> None:
    connection.close()  # nothing of ours holds a lock pg_restore waits for
    options = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
    # All or nothing: a restoration that fails leaves the database as it was.
    options += ["--single-transaction", "--exit-on-error", "--dbname"]
    args, env = _postgresql("pg_restore", options)  # the database's name follows --dbname
    run(*args, str(copy), env=env, timeout=timeout)


def _postgresql(tool: str, options: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """`tool`'s command line and environment for the service's database, as Django's
    dbshell builds psql's: host, port, user and name as options, the password (and TLS
    files) in the environment, never on the command line where `ps` shows it."""
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, options)
    return [tool, *args[1:]], env or {}


def run(*args: str, timeout: float, env: dict[str, str] | None = None) -> None:
    """Run a database tool; Failed, with what it said, if it fails, hangs past `timeout`
    seconds (it is then killed) or is not installed."""
    try:
        done = subprocess.run(
            args,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise Failed(
            f"{args[0]} is not installed here (PostgreSQL's client, 15 or later)"
        ) from error
    except subprocess.TimeoutExpired as error:
        raise Failed(
            f"{args[0]} did not finish within {timeout:g} seconds (FORMS_BACKUP_TIMEOUT)"
        ) from error
    if done.returncode:
        said = (done.stderr or done.stdout).strip()[-2000:]
        raise Failed(f"{args[0]} failed (exit status {done.returncode}): {said}")
