"""The service's UI catalogs: the same messages in every language, all translated."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po

from forms_service.catalogs import SOURCE
from portal_contract import languages
from tests.conftest import REPO

LANGUAGES = languages.CODES
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def messages(lang: str) -> dict[str, str]:
    """Each message by its id; a plural's forms joined (each is checked as a whole)."""
    with (SOURCE / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalog = read_po(f)
    found = {}
    for m in catalog:
        if isinstance(m.id, tuple):
            forms = [text for text in m.string if text]
            assert len(forms) == catalog.num_plurals, f"{lang}: {m.id[0]!r} lacks plural forms"
            found[m.id[0]] = " | ".join(forms)
        elif m.id:
            found[m.id] = m.string
    return found


def test_every_catalog_has_the_same_messages() -> None:
    assert {frozenset(messages(lang)) for lang in LANGUAGES} == {frozenset(messages("en"))}


@pytest.mark.parametrize("lang", languages.REQUIRED)
def test_every_message_is_translated(lang: str) -> None:
    """In every language with `records: required`; one being added may leave strings out,
    which Django looks up in LANGUAGE_CODE's catalog, the first language's."""
    for source, text in messages(lang).items():
        assert text, f"{lang}: {source!r} is not translated"
        # A plural's forms for one or two may name no number ("مقعدان"): none may add one.
        wanted = set(PLACEHOLDER.findall(source))
        has = set(PLACEHOLDER.findall(text))
        assert has <= wanted if " | " in text else has == wanted, (lang, source)
        if lang == "ar":
            assert re.search(r"[\u0600-\u06ff]", text), text
        if lang == "fr":
            assert text != source, f"fr: {source!r} is left in English"


def test_every_count_in_a_message_is_a_plural() -> None:
    """A count before a counted noun outside ngettext reads "1 ans", "بـ1 سنوات" (the
    site's catalogs have the same check, tests/site_builder/test_i18n.py)."""
    from tests.site_builder.test_i18n import COUNT_IN_TEXT

    with (SOURCE / "en" / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalog = read_po(f)
    singular = [m.id for m in catalog if isinstance(m.id, str) and COUNT_IN_TEXT.search(m.id)]
    assert singular == []


def test_french_messages_have_their_narrow_spaces() -> None:
    """U+202F before ; : ! ? and inside « », as on the site (tests/site_builder/test_i18n.py)."""
    from tests.site_builder.test_i18n import FRENCH_SPACING

    wrong = [text for text in messages("fr").values() if FRENCH_SPACING.search(text)]
    assert wrong == []


SERVICE = SOURCE.parent
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "ngettext": (1, 2)}
TEMPLATE_MESSAGE = re.compile(
    r'{%\s*translate\s+"([^"]+)"\s*%}'
    r"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}",
    re.S,
)


def code_messages() -> set[str]:
    """Every message the service's code and templates ask for, as gettext sees it."""
    found: set[str] = set()
    for path in SERVICE.rglob("*.py"):
        with path.open("rb") as f:
            for _line, funcname, message, _comments in extract_python(f, KEYWORDS, [], {}):
                first = message[0] if isinstance(message, tuple) else message
                if funcname in KEYWORDS and first:
                    found.add(first)
    for path in SERVICE.rglob("*.html"):
        for plain, block in TEMPLATE_MESSAGE.findall(path.read_text(encoding="utf-8")):
            found.add(plain or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block))
    return found


def test_every_message_of_the_code_is_in_the_catalogs() -> None:
    found = code_messages()
    assert len(found) > 30
    catalog = set(messages("en"))
    missing, stale = found - catalog, catalog - found
    assert not missing, f"add to forms_service/locale/*/django.po: {sorted(missing)}"
    assert not stale, f"no longer used, remove from the catalogs: {sorted(stale)}"


# One process as gunicorn's workers each are at start: it compiles the catalogs (made stale
# first, by moving the .po files' times ahead, to fixed instants) and reads every compiled one
# at once, as Django would; it prints how many it could not read.
COMPILE_AND_READ = """
import gettext, os, sys
from pathlib import Path
from forms_service import catalogs
source, target, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
unreadable = 0
for n in range(rounds):
    for po in source.glob("*/LC_MESSAGES/django.po"):
        os.utime(po, (4_000_000_000 + n, 4_000_000_000 + n))
    catalogs.compiled(target, source)
    for mo in target.glob("*/LC_MESSAGES/django.mo"):
        try:
            with mo.open("rb") as f:
                gettext.GNUTranslations(f)
        except Exception:
            unreadable += 1
print(unreadable)
"""


def test_processes_compiling_at_once_never_see_a_half_written_catalog(tmp_path: Path) -> None:
    """Written in place, a catalog was empty or cut short while another process wrote it:
    a worker starting then failed to read it (seen here within a few dozen rounds)."""
    source, target = tmp_path / "locale", tmp_path / "var" / "locale"
    shutil.copytree(SOURCE, source)
    command = [sys.executable, "-c", COMPILE_AND_READ, str(source), str(target), "40"]
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True) for _ in "ab"]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert [out.strip() for out in outputs] == ["0", "0"]
    for lang in LANGUAGES:  # and what they leave is whole: each catalog as its .po says
        with (target / lang / "LC_MESSAGES" / "django.mo").open("rb") as f:
            compiled = gettext.GNUTranslations(f)
        singular = {k: v for k, v in messages(lang).items() if " | " not in v}
        assert singular and all(compiled.gettext(k) == v for k, v in singular.items())
    assert not list(target.rglob("*.tmp")), "a temporary file was left behind"
