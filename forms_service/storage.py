"""Where attachments are kept: the "uploads" storage of settings.STORAGES, through Django's
storage API, so that several hosts can share one store (a folder they all mount, or an
S3-compatible object store through django-storages).

By default it is a folder, FORMS_UPLOAD_DIR, written as the service always wrote it: a file
is flushed to disk with its folder before it counts as kept, and it moves from pending/ to
files/ by a rename. An object store has no rename: there a move is a copy, then a delete.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property

UPLOADS = "uploads"  # the key of settings.STORAGES


def uploads() -> Storage:
    """The configured store of attachments (one instance per process, made by Django)."""
    return storages[UPLOADS]


class DurableFileSystemStorage(FileSystemStorage):
    """A folder (FORMS_UPLOAD_DIR unless `location` is given) whose files are on disk, with
    their folder's entry, when save() returns, or not there at all; and which moves by rename.

    Django's own _save neither fsyncs nor removes what it wrote when a write fails (a full
    disk): a submission must never point at a file a crash lost, nor a form find half a file.
    """

    @cached_property
    def base_location(self) -> Any:
        return self._value_or_setting(self._location, settings.FORMS_UPLOAD_DIR)

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        # The tests move FORMS_UPLOAD_DIR (pytest-django's `settings`): follow it, as Django's
        # own storage follows MEDIA_ROOT.
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "FORMS_UPLOAD_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def _save(self, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": names are random, so one already taken is a fault, never overwritten.
        with path.open("xb") as out:
            try:
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            except BaseException:
                path.unlink()
                raise
        if self.file_permissions_mode is not None:
            path.chmod(self.file_permissions_mode)
        fsync(path.parent)
        return name

    def move(self, source: str, target: str) -> None:
        """Rename `source` to `target` (atomic within one file system), then flush both
        folders' entries, so that after a crash the file is in one of them, whole."""
        old, new = Path(self.path(source)), Path(self.path(target))
        new.parent.mkdir(parents=True, exist_ok=True)
        old.replace(new)
        for folder in {new.parent, old.parent}:
            fsync(folder)


def fsync(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move(store: Storage, source: str, target: str) -> None:
    """Move a file within a store: by rename where the store can (the folder above), else
    by copy then delete. A crash between the two leaves both; the next move, finding the
    target already there, only deletes the source (an object is written whole or not at all).
    """
    rename = getattr(store, "move", None)
    if rename is not None:
        rename(source, target)
        return
    if not store.exists(target):
        with store.open(source, "rb") as content:
            saved = store.save(target, content)
        if saved != target:  # the store chose another name: the rows would not find it
            store.delete(saved)
            raise FileExistsError(target)
    store.delete(source)


def walk(store: Storage, top: str = "") -> Iterator[str]:
    """The name of every file in the store (or under `top`), sorted within each folder."""
    try:
        folders, files = store.listdir(top)
    except FileNotFoundError:  # a folder store before its first file
        return
    for name in sorted(files):
        yield posixpath.join(top, name)
    for folder in sorted(folders):
        yield from walk(store, posixpath.join(top, folder))
