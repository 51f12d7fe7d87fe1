"""The service's UI strings: gettext catalogs in forms_service/locale, compiled by Babel.

Django reads compiled .mo files; they are built from the .po files (the source, in the
repository) into var/locale by the settings module, so no gettext tools are needed. It has
to be then: Django reads a language's catalogs once, the first time the language is used,
which can be while the apps load.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE = Path(__file__).parent / "locale"


def compiled(target: Path) -> Path:
    """`target` holding an up-to-date .mo for every .po; only stale ones are rebuilt."""
    for po in SOURCE.glob("*/LC_MESSAGES/django.po"):
        mo = target / po.relative_to(SOURCE).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parts[-3])
        with mo.open("wb") as f:
            write_mo(f, catalog)
    return target
