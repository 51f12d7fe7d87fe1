"""Attachments: checked before anything is kept, stored under random names outside the site.

An upload is a PDF when its first bytes say so (filetype) and pypdf can read its pages; it is
kept only if none of its objects holds active content (active_pdf). Its name is never used
as a path. A checked file waits in `pending/` of the uploads' store (forms_service/storage.py)
while the user checks the answers or corrects another field, so it is not asked for again; it
moves to `files/` when the submission is committed. Both writes are flushed to disk first: a
submission the user was told about never points at a file that a crash lost.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import secrets
import unicodedata
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

import filetype
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from pypdf import PdfReader

from forms_service import active_pdf, storage

CHUNK = 1 << 16
STORED = re.compile(r"^[0-9a-f]{32}\.pdf$")


class NotAccepted(Exception):
    """Why a file is refused: `code` is the rule it breaks (invalid, encrypted, active,
    complex, max_size)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Kept:
    """A checked file: the random name it is stored under, and what the user knows it by."""

    stored: str
    name: str
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Kept:
        kept = cls(str(data["stored"]), str(data["name"]), int(data["size"]), str(data["sha256"]))
        if not STORED.match(kept.stored):  # it came back from a page: never trust it as a path
            raise ValueError(kept.stored)
        return kept


def check_pdf(upload: UploadedFile, max_bytes: int) -> None:
    """Raise NotAccepted unless `upload` is a readable PDF of at most `max_bytes`, with no
    active content in any of its objects (see active_pdf)."""
    if upload.size is None or upload.size > max_bytes:
        raise NotAccepted("max_size")
    upload.seek(0)
    data = upload.read()  # at most max_bytes; read whole because every object is looked at
    upload.seek(0)
    kind = filetype.guess(data[:262])
    if kind is None or kind.mime != "application/pdf":
        raise NotAccepted("invalid")
    budget = active_pdf.Budget()  # for all the reading, from the first byte to the pages
    try:
        reader = PdfReader(active_pdf.Metered(data, budget), strict=False)
        if reader.is_encrypted:
            raise NotAccepted("encrypted")
        # First: it counts the objects before pypdf parses them (for the pages, the catalog).
        if active_pdf.find_active(reader, data, budget):
            raise NotAccepted("active")
        if len(reader.pages) < 1:
            raise NotAccepted("invalid")
    except active_pdf.TooComplex as error:
        raise NotAccepted("complex") from error
    except (*active_pdf.UNREADABLE, RecursionError) as error:
        raise NotAccepted("invalid") from error
    finally:
        upload.seek(0)


def display_name(name: str | None) -> str:
    """What the user called the file, safe to show and to download under: no path, no
    control characters, and ending in .pdf whatever it ended in. The file is a PDF (it was
    checked), and the staff's computer opens a download by its name: `budget.bat` would
    run, `budget.html` open in the browser."""
    base = re.split(r"[\\/]", name or "")[-1]
    clean = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    stem = posixpath.splitext(clean)[0].strip(" .")
    return f"{stem[:116]}.pdf" if stem else "document.pdf"


class NoRoom(OSError):
    """An upload could not be written whole (a full disk, say); nothing of it is left."""


# The two folders of the uploads' store (forms_service/storage.py): a checked file waits in
# pending/ until its submission is committed, then lives in files/.
PENDING, FILES = "pending", "files"


def pending_name(stored: str) -> str:
    return f"{PENDING}/{stored}"


def file_name(stored: str) -> str:
    return f"{FILES}/{stored}"


def keep_pending(upload: UploadedFile, store: Storage) -> Kept:
    """Store a checked upload under a random name in pending/, flushed to disk; whole, or
    not at all (NoRoom)."""
    stored = f"{secrets.token_hex(16)}.pdf"
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    try:
        saved = store.save(pending_name(stored), upload)
    except OSError as error:
        raise NoRoom(error.errno, error.strerror) from error
    if saved != pending_name(stored):  # the store renamed it: the form would not find it
        store.delete(saved)
        raise NoRoom(f"{stored} was stored as {saved}")
    return Kept(stored, display_name(upload.name), size, digest.hexdigest())


def commit(kept: Kept, store: Storage) -> bool:
    """Move a pending file to files/; whether this call put it there. False when it was in
    files/ already, or another request moved it there meanwhile: committed by another post
    of the same answers (a second tab, say), whose submission it may belong to, so the
    caller must never move it back (`uncommit`)."""
    source, target = pending_name(kept.stored), file_name(kept.stored)
    if store.exists(target):
        if store.exists(source):  # a move cut short (copy, then delete): finished here
            storage.move(store, source, target)
        return False
    if not store.exists(source):
        raise FileNotFoundError(kept.stored)
    try:
        storage.move(store, source, target)
    except OSError:
        if store.exists(target):  # the other post's move won the race
            return False
        raise
    return True


def uncommit(kept: Kept, store: Storage) -> None:
    """Put a file back in pending/ when the submission that was to point at it could not be
    committed: the form shown again still holds it, and no file is left without its row.
    Only for a file this attempt's own `commit` moved."""
    if store.exists(file_name(kept.stored)):
        storage.move(store, file_name(kept.stored), pending_name(kept.stored))


def purge_pending(
    store: Storage, older_than_seconds: float, held: Collection[str] = frozenset()
) -> int:
    """Remove files that were checked but never sent with a submission, except those a saved
    form holds (`held`, by stored name); returns how many.

    A file's age is read on the store's own clock — the time stamp of a file written now,
    beside them — not the service's: a shared folder's file server or an object store may
    not keep the host's time, and the times are only compared with each other."""
    candidates = [
        name
        for name in storage.walk(store, PENDING)
        if STORED.match(posixpath.basename(name)) and posixpath.basename(name) not in held
    ]
    if not candidates:  # most passes of the worker: no probe written for nothing
        return 0
    probe = store.save(f"{PENDING}/.now-{secrets.token_hex(8)}", ContentFile(b""))
    try:
        limit = store.get_modified_time(probe) - timedelta(seconds=older_than_seconds)
    finally:
        store.delete(probe)
    removed = 0
    for name in candidates:
        if store.get_modified_time(name) < limit:
            store.delete(name)
            removed += 1
    return removed
