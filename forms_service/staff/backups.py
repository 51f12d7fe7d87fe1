"""Backups that restore: `forms-service backup DIR` and `forms-service restore DIR`.

A backup folder holds the database's copy (staff/databases.py), every file of the
uploads' store under uploads/ by its name in the store, and manifest.json: when, which
database, the migrations applied in the copy, and each file's size and SHA-256. The manifest
is written last: a folder without one is not a backup.

The database is copied first, the files after it. A file is stored before the row that
points at it, and removed only after its row, so each attachment of the copy still has its
file when the files are copied; the backup checks it (only `purge` running at the same time
could remove one) rather than trusting it.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from forms_service import storage, uploads
from forms_service.staff import databases
from forms_service.staff.databases import Failed

__all__ = ["Failed", "backup", "read_manifest", "restore"]

MANIFEST = "manifest.json"
UPLOADS = "uploads"  # the folder of the store's files in a backup
FORMAT = 1
CHUNK = 1 << 20


def backup(folder: Path, now: datetime, timeout: float) -> dict[str, Any]:
    """Copy the database and the uploads into `folder` (new, or empty); the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise Failed(f"{folder} is not empty: each backup goes into a folder of its own")
    copy = databases.dump(folder, timeout)
    with copy.path.open("rb") as content:
        files = [_entry(copy.path.name, *_copied(content))]
    store, copied = storage.uploads(), set()
    for name in storage.walk(store):
        try:
            files.append(_fetch(store, name, folder))
        except FileNotFoundError:  # a pending file sent or cleared since it was listed
            continue
        copied.add(name)
    missing = [s for s in copy.attachments if uploads.file_name(s) not in copied]
    if missing:
        raise Failed(
            f"{len(missing)} attachments of the database copy have no file in the uploads"
            f" (removed while the backup ran: `purge`?), e.g. {missing[0]}: back up again"
            " into a new folder"
        )
    manifest = {
        "format": FORMAT,
        "created": now.isoformat(),
        "database": {"vendor": databases.vendor(), "path": copy.path.name},
        "migrations": copy.migrations,
        "files": files,
    }
    _sync(folder)
    _write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def restore(folder: Path, force: bool, timeout: float) -> dict[str, Any]:
    """Put the database and the uploads back as `folder` has them, each file checked against
    the manifest before anything is touched, and again once in the store. The service and
    its worker must be stopped. A database holding data is replaced only when `force`."""
    manifest = read_manifest(folder)
    damaged = [e["path"] for e in manifest["files"] if not _matches(folder, e)]
    if damaged:
        raise Failed(
            f"the backup in {folder} is damaged: {len(damaged)} files are missing or differ"
            f" from its manifest (first: {damaged[0]}); nothing was restored"
        )
    database = manifest["database"]
    if database["vendor"] != databases.vendor():
        raise Failed(
            f"this backup is of a {database['vendor']} database;"
            f" the service uses {databases.vendor()} (DATABASE_URL)"
        )
    held = databases.holding_data()
    if held and not force:
        raise Failed(
            f"the database is not empty (rows in {', '.join(held)}): restore replaces it"
            " only with --force"
        )
    databases.restore(folder / _relative(database["path"]), database["vendor"], timeout)
    store = storage.uploads()
    stored = [e for e in manifest["files"] if e["path"].startswith(f"{UPLOADS}/")]
    for entry in stored:
        _put(store, _in_store(entry), folder / _relative(entry["path"]), entry["sha256"])
    wrong = [e["path"] for e in stored if _digest(store, _in_store(e)) != e["sha256"]]
    if wrong:
        raise Failed(f"{len(wrong)} files read back from the uploads differ: first {wrong[0]}")
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return {
        "created": manifest["created"],
        "vendor": database["vendor"],
        "files": len(stored),
        "unapplied": len(set(loader.disk_migrations) - set(loader.applied_migrations)),
        "unknown": len(set(loader.applied_migrations) - set(loader.disk_migrations)),
    }


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise Failed(f"{path} is missing: {folder} is not a complete backup") from error
    except ValueError as error:
        raise Failed(f"{path} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise Failed(f"{path}: format {manifest.get('format')!r}, expected {FORMAT}")
    return manifest


def _fetch(store: Storage, name: str, folder: Path) -> dict[str, Any]:
    with store.open(name, "rb") as content:  # FileNotFoundError before anything is written
        target = folder / UPLOADS / _relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            return _entry(f"{UPLOADS}/{name}", *_copied(content, out))


def _put(store: Storage, name: str, source: Path, sha256: str) -> None:
    if store.exists(name):
        if _digest(store, name) == sha256:
            return  # already there, whole (a shared store that outlived the database)
        store.delete(name)
    with source.open("rb") as content:
        saved = store.save(name, File(content))
    if saved != name:
        raise Failed(f"the uploads' store kept {name} as {saved}")


def _matches(folder: Path, entry: dict[str, Any]) -> bool:
    try:
        with (folder / _relative(entry["path"])).open("rb") as content:
            return _copied(content) == (entry["size"], entry["sha256"])
    except FileNotFoundError:
        return False


def _digest(store: Storage, name: str) -> str:
    with store.open(name, "rb") as content:
        return _copied(content)[1]


def _copied(content: IO[bytes], out: IO[bytes] | None = None) -> tuple[int, str]:
    """Read `content` through (into `out`, if given): its size and SHA-256."""
    digest, size = hashlib.sha256(), 0
    while chunk := content.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return size, digest.hexdigest()


def _entry(path: str, size: int, sha256: str) -> dict[str, Any]:
    return {"path": path, "size": size, "sha256": sha256}


def _in_store(entry: dict[str, Any]) -> str:
    return str(entry["path"]).removeprefix(f"{UPLOADS}/")


def _relative(name: str) -> PurePosixPath:
    """A name from the store or a manifest, as a path that stays inside the folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or {"..", "."} & set(path.parts):
        raise Failed(f"refused a file name that leaves the backup folder: {name!r}")
    return path


def _sync(folder: Path) -> None:
    """Everything written in `folder` on disk, files and folders' entries."""
    for path in [*sorted(folder.rglob("*")), folder]:
        storage.fsync(path)


def _write(path: Path, text: str) -> None:
    """Write a whole file or none: a temporary name, flushed, then renamed."""
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    part.replace(path)
    storage.fsync(path.parent)
