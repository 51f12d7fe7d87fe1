"""The service's UI catalogs: what is particular to them and their languages (Arabic script,
French neither English nor spaced otherwise, counts as plurals), and their compilation when the
service starts. That every catalog of both halves is complete, matches its template
(forms_service/locale/django.pot, written by `make messages`) and keeps its placeholders:
tests/test_catalogs.py."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forms_service.catalogs import SOURCE
from site_builder.model.i18n import LANGUAGES
from tests.catalogs import FORMS, read
from tests.conftest import REPO


def messages(lang: str) -> dict[str, str]:
    """Each message by its id; a plural's forms joined (each is checked as a whole)."""
    found = {}
    for m in read(FORMS.catalog(lang), lang):
        if isinstance(m.id, tuple):
            found[m.id[0]] = " | ".join(m.string)
        elif m.id:
            found[m.id] = m.string
    return found


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_message_is_in_its_language(lang: str) -> None:
    for source, text in messages(lang).items():
        if lang == "ar":
            assert re.search(r"[\u0600-\u06ff]", text), text
        if lang == "fr":
            assert text != source, f"fr: {source!r} is left in English"


def test_every_count_in_a_message_is_a_plural() -> None:
    """A count before a counted noun outside ngettext reads "1 ans", "بـ1 سنوات" (the
    site's catalogs have the same check, tests/site_builder/model/test_i18n.py)."""
    from tests.site_builder.model.test_i18n import COUNT_IN_TEXT

    catalog = read(FORMS.template)
    singular = [m.id for m in catalog if isinstance(m.id, str) and COUNT_IN_TEXT.search(m.id)]
    assert singular == []


def test_french_messages_have_their_narrow_spaces() -> None:
    """U+202F before ; : ! ? and inside « », as on the site
    (tests/site_builder/model/test_i18n.py)."""
    from tests.site_builder.model.test_i18n import FRENCH_SPACING

    wrong = [text for text in messages("fr").values() if FRENCH_SPACING.search(text)]
    assert wrong == []


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
