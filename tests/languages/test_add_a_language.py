"""A language is added in three places (CONTRIBUTING.md, "Add a language"): its entry in
portal_contract/languages.yaml, its catalogs (`make messages`, then translate), its content
folder. Here, in a copy of the project, Spanish, then Standard Moroccan Tamazight in
Tifinagh (zgh, three letters, a language neither Material nor Django has), each with a few
strings translated and one page, the data left as it is; then the copy's own commands, in
new processes with the copy first on PYTHONPATH (settings and the plugin read languages.yaml
as they load): `site-builder validate`, `build` and `report`, and the forms service.

Select these with `pytest -m new_language`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from babel.messages.pofile import read_po, write_po

from portal_contract import languages
from site_builder.model import i18n
from tests.conftest import BUILT_AS_OF, REPO
from tests.forms_service.conftest import free_port

pytestmark = pytest.mark.new_language

COPIED = ("data", "content", "site_builder", "forms_service", "portal_contract", "mkdocs.yml")
CATALOGS = (  # (template, folder, domain): what `make messages` starts a new catalog from
    ("site_builder/locale/messages.pot", "site_builder/locale", "messages"),
    ("forms_service/locale/en/LC_MESSAGES/django.po", "forms_service/locale", "django"),
    ("portal_contract/locale/contract.pot", "portal_contract/locale", "contract"),
)
SUBJECT = "%(title)s: we have received your form (%(reference)s)"
NOTICE = "Not yet translated: shown in %(language)s."
FIRST = languages.FIRST  # where every untranslated string and text falls back to


@dataclass(frozen=True)
class New:
    """A language to add, with the few strings translated for it."""

    entry: dict[str, str]  # its languages.yaml entry
    site: dict[str, str]  # site_builder's catalog: msgid → translation
    service: dict[str, str]  # forms_service's
    page: str  # content/<code>/accessibility.md
    translated: tuple[str, str]  # (a page of the built site, a translated string it shows)


SPANISH = New(
    entry={"code": "es", "name": "Español", "direction": "ltr", "locale": "es"},
    site={
        "Calls for projects": "Convocatorias de proyectos",
        NOTICE: "Aún sin traducir: se muestra en %(language)s.",
    },
    service={"Send": "Enviar", SUBJECT: "%(title)s: hemos recibido su formulario (%(reference)s)"},
    page="# Declaración de accesibilidad\n\nEl portal se publica también en español.\n",
    translated=("calls/index.html", "<title>Convocatorias de proyectos"),
)
# Only what is certain: the language's name (CLDR's), "Kingdom of Morocco" as the state
# writes it, "send" (ⴰⵣⵏ); everything else falls back, to Arabic.
TAMAZIGHT = New(
    entry={"code": "zgh", "name": "ⵜⴰⵎⴰⵣⵉⵖⵜ", "direction": "ltr", "locale": "zgh"},
    site={"Kingdom of Morocco": "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ"},
    service={"Send": "ⴰⵣⵏ"},
    page="# ⵜⴰⵎⴰⵣⵉⵖⵜ\n",
    translated=("calls/index.html", "<span>ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ</span>"),
)


def copy_project(root: Path) -> Path:
    """What the site builder and the forms service need of the project, without tests/."""
    for name in COPIED:
        if (REPO / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(REPO / name, root / name, ignore=ignore)
        else:
            shutil.copy(REPO / name, root / name)
    return root


def add(root: Path, new: New) -> None:
    """The three places, and nothing else."""
    code = new.entry["code"]
    # 1. Its entry in the languages file: records optional, as for any language being added.
    entry = {**new.entry, "font": '"DejaVu Sans", sans-serif', "records": "optional"}
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items()]
    with (root / "portal_contract" / "languages.yaml").open("a", encoding="utf-8") as f:
        f.write("- " + "\n  ".join(lines) + "\n")
    # 2. Its catalogs, as `make messages` starts them, then a few strings translated.
    for template, folder, domain in CATALOGS:
        run(root, "-m", "portal_contract.catalogs", template, folder, domain)
    translate(root / "site_builder" / "locale" / code / "LC_MESSAGES" / "messages.po", new.site)
    translate(root / "forms_service" / "locale" / code / "LC_MESSAGES" / "django.po", new.service)
    # 3. Its content folder: one page, and the MkDocs file beside the others, with the
    # site's name of the language it falls back to.
    (root / "content" / code).mkdir()
    (root / "content" / code / "accessibility.md").write_text(new.page, encoding="utf-8")
    first = (root / "content" / f"mkdocs.{FIRST}.yml").read_text(encoding="utf-8")
    names = "".join(re.findall(r"^site_(?:name|description): .*\n", first, re.M))
    (root / "content" / f"mkdocs.{code}.yml").write_text(
        f"INHERIT: ../mkdocs.yml\n{names}docs_dir: {code}\nsite_dir: ../site/{code}\n"
        f"theme:\n  language: {code}\n",
        encoding="utf-8",
    )


def translate(po: Path, texts: dict[str, str]) -> None:
    with po.open("rb") as f:
        catalog = read_po(f)
    for message, text in texts.items():
        assert message in catalog, message  # still a string of the code
        catalog[message].string = text
    with po.open("wb") as f:
        write_po(f, catalog, width=100)


def environment(root: Path, **more: str) -> dict[str, str]:
    """This environment without what would lead the copy elsewhere (a database, a cache,
    the service's and the site's settings), with the copy first on PYTHONPATH."""
    elsewhere = ("FORMS_", "PORTAL_", "AWS_", "DATABASE_URL", "REDIS_URL")
    kept = {k: v for k, v in os.environ.items() if not k.startswith(elsewhere)}
    return {**kept, "PYTHONPATH": str(root), "FORMS_VAR_DIR": str(root / "var"), **more}


def run(root: Path, *argv: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, *argv], cwd=root, env=environment(root, **env),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{argv}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class Inbox:
    messages: list[EmailMessage]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(found, EmailMessage)
        self.messages.append(found)
        return "250 Message accepted for delivery"


def in_first(message: str) -> str:
    """A site string as the first language's catalog words it: the fallback of the others."""
    return str(i18n.translations(FIRST).ugettext(message))


@pytest.mark.parametrize("new", [SPANISH, TAMAZIGHT], ids=["es", "zgh"])
def test_a_language_added_in_three_places(tmp_path: Path, new: New) -> None:
    code = new.entry["code"]
    root = copy_project(tmp_path / "portal")
    add(root, new)

    # The data as it is, without a word of the new language, is valid...
    assert "data is valid" in run(root, "-m", "site_builder.cli", "validate", "--data", "data")
    # ...and the report lists what is missing in it: every record, every page but one.
    report = run(
        root, "-m", "site_builder.cli", "report", "--data", "data", "--content", "content",
        "--today", BUILT_AS_OF[:10],
    )  # fmt: skip
    assert re.search(rf"^  calls +ar (\d+)/\1 .* {code} 0/\1$", report, re.M), report[:600]
    assert f": title: no {code} text" in report
    assert re.search(rf"^  pages +.* {code} 1/\d+$", report, re.M)

    # The site, in every language of the copy's file: the new one's pages speak it.
    run(
        root, "-m", "site_builder.cli", "build", "--data", "data", "--content", "content",
        "--out", "site", "--now", BUILT_AS_OF,
    )  # fmt: skip
    site = root / "site" / code
    assert (site / "pagefind" / "pagefind.js").is_file()  # its search index
    home = (site / "index.html").read_text(encoding="utf-8")
    for page in ("index.html", "accessibility/index.html", new.translated[0]):
        html = (site / page).read_text(encoding="utf-8")
        assert f'<html lang="{code}" dir="ltr"' in html, page
    assert new.translated[1] in (site / new.translated[0]).read_text(encoding="utf-8")
    # A string it has not translated, in the language it falls back to; never its msgid.
    assert in_first("Skip to main content") in home and "Skip to main content" not in home
    # Records' texts in another language, marked with it, and said to be so.
    call = next((site / "calls").glob("*/index.html")).read_text(encoding="utf-8")
    assert f'class="portal-fallback" lang="{FIRST}" dir="rtl"' in call
    notice = (new.site.get(NOTICE) or in_first(NOTICE)).split("%")[0]
    assert 'class="portal-fallback__notice"' in call and notice in call
    # Every language's menu offers it; the front door too.
    arabic = (root / "site" / FIRST / "index.html").read_text(encoding="utf-8")
    assert f'hreflang="{code}" lang="{code}"' in arabic
    assert f'href="/{code}/"' in (root / "site" / "index.html").read_text(encoding="utf-8")

    # The forms service of the copy: a form in the language, stored in it, its confirmation
    # email sent (to a real SMTP server on loopback), and the staff's sign-in page.
    inbox = Inbox([])
    port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        out = run(
            root, str(Path(__file__).with_name("forms_in_copy.py")), code,
            FORMS_ALLOWED_HOSTS="testserver", FORMS_MIN_FILL_SECONDS="0",
            FORMS_SMTP_HOST="127.0.0.1", FORMS_SMTP_PORT=str(port),
        )  # fmt: skip
    finally:
        smtp.stop()
    served = json.loads(out)
    assert Path(served["settings_file"]).is_relative_to(root)
    assert f'<html lang="{code}" dir="ltr"' in served["form"]  # in the site's layout
    assert f'<button type="submit">{new.service["Send"]}</button>' in served["form"]
    assert served["posted"] == 303 and served["stored_lang"] == code
    assert served["sent"] == [1, 0]
    # Its subject in the language where translated (else in the first language), about the
    # form titled in the first language: the data has no title in the new one.
    (mail,) = inbox.messages
    subject = new.service.get(SUBJECT) or service_string(FIRST, SUBJECT)
    title = contact_title(root)
    reference = served["reference"]
    assert str(mail["Subject"]).strip() == subject % {"title": title, "reference": reference}
    assert served["staff_status"] == 200
    assert f'<html lang="{code}" dir="ltr">' in served["staff"]
    # Django's own words too: its catalog of the language, else the first language's.
    assert 'value="Log in"' not in served["staff"] and "Username" not in served["staff"]
    # Django's facts about the language: its own (español), or the languages file's (zgh).
    assert served["info"]["name_local"].lower() == new.entry["name"].lower()
    assert served["info"]["bidi"] is False


def service_string(lang: str, message: str) -> str:
    """A service string as the language's catalog words it."""
    po = REPO / "forms_service" / "locale" / lang / "LC_MESSAGES" / "django.po"
    with po.open("rb") as f:
        return str(read_po(f)[message].string)


def contact_title(root: Path) -> str:
    """The contact form's title in the first language, as the copy's data gives it."""
    form = yaml.safe_load((root / "data" / "forms" / "contact.yaml").read_text(encoding="utf-8"))
    return str(form["title"][FIRST])
