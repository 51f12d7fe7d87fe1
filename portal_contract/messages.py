"""The contract's own words (a call's conditions), in every language: one catalog, read by
the site builder and the forms service alike, so the page and the service cannot word a
condition differently. Compiled from the .po files in memory; no .mo in the repository."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from portal_contract import languages

CATALOGS = Path(__file__).parent / "locale"
DOMAIN = "contract"


def catalog_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The language's catalog (a language without one speaks the first language's)."""
    lang = lang if catalog_path(lang).exists() else languages.FIRST
    return compiled(catalog_path(lang), lang, DOMAIN)


def compiled(path: Path, lang: str, domain: str) -> Translations:
    """A .po file compiled in memory (no .mo in the repository): the site's catalogs too."""
    with path.open("rb") as po:
        catalog = read_po(po, locale=languages.get(lang).locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)
