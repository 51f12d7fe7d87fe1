"""The contract's own words (a call's conditions), in every language: one catalog, read by
the site builder and the forms service alike, so the page and the service cannot word a
condition differently. Compiled from the .po files in memory (portal_contract.catalogs); no
.mo in the repository."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import Translations

from portal_contract import catalogs

CATALOGS = Path(__file__).parent / "locale"
DOMAIN = "contract"


def catalog_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The language's catalog, falling back to the next languages of languages.yaml for the
    strings it has not translated yet (catalogs.chained: the one rule)."""
    return catalogs.chained(catalog_path, lang, DOMAIN)
