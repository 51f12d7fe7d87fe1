"""The gettext catalogs of both halves, and what is wrong with one: the checks of
tests/test_catalogs.py, kept here as functions so that its own tests can feed them a catalog
with a defect.

`make messages` extracts each half's strings into its template (.pot) and updates every
language's catalog (.po) from it; a catalog is right when it has exactly its template's
messages, each translated, not fuzzy, with the source's placeholders, and no obsolete entry
left (the target drops them: --ignore-obsolete).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.core import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from tests.conftest import REPO


@dataclass(frozen=True)
class Domain:
    """One half's catalogs: its template, and the mapping `make messages` extracts it with."""

    template: Path
    mapping: Path

    @property
    def name(self) -> str:
        return self.template.stem  # the gettext domain: messages, django

    def catalog(self, lang: str) -> Path:
        return self.template.parent / lang / "LC_MESSAGES" / f"{self.name}.po"

    def catalogs(self) -> list[Path]:
        return sorted(self.template.parent.glob(f"*/LC_MESSAGES/{self.name}.po"))


SITE = Domain(REPO / "site_builder/locale/messages.pot", REPO / "babel.cfg")
FORMS = Domain(REPO / "forms_service/locale/django.pot", REPO / "babel-forms.cfg")
CONTRACT = Domain(REPO / "portal_contract/locale/contract.pot", REPO / "babel-contract.cfg")
DOMAINS = (SITE, FORMS, CONTRACT)


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=path.stem)


def where(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


# What Python's % and str.format fill in: %(name)s (any conversion), %s, %d, %.2f, {name},
# {0}. A %% is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[-#0+ ]*\d*(?:\.\d+)?[a-zA-Z]|%\d*(?:\.\d+)?[sdif]|\{\w+\}")


def placeholders(text: str) -> list[str]:
    return [p for p in PLACEHOLDER.findall(text) if p != "%%"]


def positional(found: Iterable[str]) -> list[str]:
    """The placeholders filled in by position (%s, %d): their order is the arguments'."""
    return [p for p in found if p.startswith("%") and not p.startswith("%(")]


def key(message: Message) -> tuple[str | tuple[str, ...], str | None]:
    """A message as its template knows it: its msgid (with its plural's) and its context."""
    msgid = message.id
    return (tuple(msgid) if isinstance(msgid, (list, tuple)) else msgid, message.context)


def msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def placeholder_problems(message: Message) -> list[str]:
    """The translation's placeholders against its source's: a singular's must be the same; a
    plural form may leave out one (the count, spelled out: "جمعية واحدة", "une seule"), and
    none may add or change one. Positional ones (%s, %d) are kept in number and order."""
    sources = message.id if isinstance(message.id, tuple) else (message.id,)
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    plural = isinstance(message.id, tuple)
    in_order = placeholders(sources[-1])
    wanted = set(in_order).union(*(placeholders(source) for source in sources))
    found: list[str] = []
    for n, form in enumerate(forms):
        if not form:
            continue  # reported as not translated
        has = placeholders(form)
        label = f"form {n}" if plural else "the translation"
        added, missing = sorted(set(has) - wanted), sorted(wanted - set(has))
        if added:
            lacks = f", and lacks {', '.join(missing)}" if missing else ""
            found.append(f"{label} has {', '.join(added)}, which the source has not{lacks}")
        elif missing and (not plural or len(missing) > 1 or positional(missing)):
            found.append(f"{label} lacks {', '.join(missing)}")
        elif positional(has) != positional(in_order):
            found.append(
                f"{label} has {' '.join(positional(has))}, not {' '.join(positional(in_order))}"
            )
    return found


def problems(po: Path, template: Path, lang: str) -> list[str]:
    """Everything wrong with one language's catalog, each as `file:line: msgid: what`."""
    catalog, pot = read(po, lang), read(template)
    name = where(po)
    found: list[str] = []
    if catalog.fuzzy:
        found.append(f"{name}:1: the header is marked fuzzy (its plural forms may be ignored)")
    expected = get_plural(Locale.parse(lang)).num_plurals
    if catalog.num_plurals != expected:
        found.append(
            f"{name}:1: Plural-Forms says {catalog.num_plurals} plural forms; {lang} has "
            f"{expected} (CLDR)"
        )
    in_template = {key(m): m for m in pot if m.id}
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        at = f"{name}:{message.lineno}: {msgid(message)!r}"
        seen.add(key(message))
        if key(message) not in in_template:
            found.append(f"{at}: not in the template {where(template)} (run make messages)")
        if message.fuzzy:
            found.append(f"{at}: marked fuzzy: check the translation, then remove the flag")
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(forms):
            empty = [str(n) for n, form in enumerate(forms) if not form]
            what = "not translated" if len(forms) == 1 else f"plural form {', '.join(empty)} empty"
            found.append(f"{at}: {what}")
        found += [f"{at}: {what}" for what in placeholder_problems(message)]
    for message in catalog.obsolete.values():
        found.append(
            f"{name}:{message.lineno}: {msgid(message)!r}: an obsolete entry (#~) left: remove it"
        )
    for k, message in in_template.items():
        if k not in seen:
            found.append(
                f"{name}: {msgid(message)!r} of the template ({where(template)}:{message.lineno}) "
                "is missing (run make messages)"
            )
    return found


def extracted(
    mapping: Path, root: Path = REPO
) -> Counter[tuple[str | tuple[str, ...], str | None]]:
    """The messages that `make messages` finds with `mapping` in `root`, by key."""
    with mapping.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(mapping))
    tops = {pattern.split("/", 1)[0] for pattern, _method in method_map}

    def inside(path: str) -> bool:  # only the folders the mapping names (not node_modules)
        relative = Path(path).relative_to(root)
        return relative.parts[0] in tops and not relative.name.startswith((".", "_"))

    found: Counter[tuple[str | tuple[str, ...], str | None]] = Counter()
    for _file, _line, message, _comments, context in extract_from_dir(
        os.fspath(root), method_map, options_map, directory_filter=inside
    ):
        found[(tuple(message) if isinstance(message, (list, tuple)) else message, context)] += 1
    return found


def stale(template: Path, mapping: Path, root: Path = REPO) -> list[str]:
    """The template against the code: messages the code has and the template lacks, or has no
    longer (it is only written by `make messages`)."""
    in_code = set(extracted(mapping, root))
    in_template = {key(m): m for m in read(template) if m.id}
    found = [
        f"{where(template)}: {k[0] if isinstance(k[0], str) else k[0][0]!r} is in the code "
        f"(found with {where(mapping)}), not in the template: run make messages"
        for k in sorted(in_code - set(in_template), key=str)
    ]
    found += [
        f"{where(template)}:{message.lineno}: {msgid(message)!r} is no longer in the code: "
        "run make messages"
        for k, message in sorted(in_template.items(), key=lambda item: str(item[0]))
        if k not in in_code
    ]
    return found
