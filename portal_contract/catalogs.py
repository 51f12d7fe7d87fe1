"""Gettext catalogs kept as .po files: compiled in memory (no .mo in the repository), chained
by the languages' order of fallback, and started for a language added to languages.yaml.

    python -m portal_contract.catalogs TEMPLATE FOLDER DOMAIN

writes FOLDER/<code>/LC_MESSAGES/DOMAIN.po, with every message of TEMPLATE (a .pot, or
another language's .po) left untranslated, for each language of languages.yaml that has no
catalog there yet; `make messages` runs it for the site's, the service's and the contract's
catalogs. An existing catalog is never touched.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from portal_contract import languages


@cache
def compiled(po: Path, lang: str) -> bytes:
    """The .po file as a .mo. Untranslated (and fuzzy) strings are left out of it, so that
    the next catalog of the chain answers for them."""
    with po.open("rb") as f:
        catalog = read_po(f, locale=languages.get(lang).locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def chained(path: Callable[[str], Path], lang: str, domain: str) -> Translations:
    """The catalog of `lang`, falling back to those of languages.fallbacks(lang) (the one
    rule): a string a new language has not translated yet is shown in the next language of
    languages.yaml that has it, never as its msgid. A language without a catalog yet is
    skipped. `path(code)` is where a language's .po file is."""
    found = [code for code in languages.fallbacks(lang) if path(code).is_file()]
    if not found:
        raise FileNotFoundError(path(lang))
    # New objects for every chain: add_fallback links them, and each language has its own
    # order (fr falls back to ar, ar to fr), so one object cannot serve in two chains.
    first, *rest = (Translations(io.BytesIO(compiled(path(c), c)), domain=domain) for c in found)
    for other in rest:
        first.add_fallback(other)
    return first


def start(template: Path, folder: Path, domain: str) -> list[Path]:
    """A catalog for each language of languages.yaml that lacks one in `folder`, with the
    messages of `template`, untranslated; the files written."""
    with template.open("rb") as f:
        source = read_po(f)
    written = []
    for language in languages.LANGUAGES:
        po = folder / language.code / "LC_MESSAGES" / f"{domain}.po"
        if po.exists():
            continue
        catalog = Catalog(locale=language.locale, project=source.project, domain=domain)
        for message in source:
            if not message.id:
                continue  # the header: the new catalog has its own
            empty = ("",) * catalog.num_plurals if message.pluralizable else ""
            catalog.add(
                message.id,
                empty,
                flags=message.flags - {"fuzzy"},
                auto_comments=message.auto_comments,
                context=message.context,
            )
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False)
        written.append(po)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path, help="a .pot file, or another language's .po")
    parser.add_argument("folder", type=Path, help="the catalogs' folder (…/locale)")
    parser.add_argument("domain", help="messages, django or contract")
    args = parser.parse_args(argv)
    for po in start(args.template, args.folder, args.domain):
        print(f"{po}: new catalog, to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
