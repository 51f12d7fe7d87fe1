"""The service's UI strings: gettext catalogs in forms_service/locale, compiled by Babel.

Django reads compiled .mo files; they are built from the .po files (the source, in the
repository) into var/locale by the settings module, so no gettext tools are needed. It has
to be then: Django reads a language's catalogs once, the first time the language is used,
which can be while the apps load. gunicorn starts its workers at once, and each imports the
settings: two may compile the same catalog while a third reads it, so each writes a file of
its own and renames it over the old one, in one step (a reader sees a whole file, the old or
the new, never a half-written one).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE = Path(__file__).parent / "locale"


def compiled(target: Path, source: Path = SOURCE) -> Path:
    """`target` holding an up-to-date .mo for every .po; only stale ones are rebuilt."""
    for po in source.glob("*/LC_MESSAGES/django.po"):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parts[-3])
        _replace(mo, catalog)
    return target


def _replace(mo: Path, catalog: Catalog) -> None:
    """Write the compiled catalog beside `mo` (the same file system, so the rename is atomic),
    then put it in place; a failure leaves no temporary file behind."""
    handle, name = tempfile.mkstemp(dir=mo.parent, prefix=f".{mo.name}.", suffix=".tmp")
    written = Path(name)
    try:
        with os.fdopen(handle, "wb") as f:
            write_mo(f, catalog)
        written.chmod(0o644)  # as an ordinary file: mkstemp makes it readable by its owner only
        written.replace(mo)  # os.replace: atomic within one file system
    except BaseException:
        written.unlink(missing_ok=True)
        raise
