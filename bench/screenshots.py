"""Screenshots of every kind of page, in Arabic, French and English, on a phone (390 px) and
a laptop (1366 px), with a contact sheet to look at them side by side.

    make screenshots                       # into var/screenshots/
    python -m bench.screenshots --out DIR

The sample site (data/, content/) is built into a temporary folder, and the forms service,
with a temporary database, serves it beside the forms (as `make run` does) on a free port.
Debian's Chromium (Playwright) takes each page whole: the site's page kinds
(tests/audit/pages.py), the forms' pages — the form, its errors, "check your answers" (an
application to a call opened for the occasion), the confirmation, the status page, alerts,
the eligibility checker —, the staff's sign-in page, a missing page (404) and the language
chooser at the root. Files are named PAGE-LANG-WIDTH.png; index.html shows them all.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from tests.audit.pages import FORMS_PAGES, LANGUAGES, SITE_PAGES
from tests.audit.tools import CHROMIUM
from tests.conftest import FIXTURES, REPO
from tests.deploy.processes import base_env, free_port, group, wait_for_port
from tests.forms_service.pdfs import pdf_bytes

BIN = REPO / ".venv" / "bin"
OUT = REPO / "var" / "screenshots"
WIDTHS = {390: 844, 1366: 768}  # a phone, a laptop: the window's height beside its width
OPEN_CALL = "screenshots-open-call"

Page = Any  # Playwright's page (the module is imported only when the screenshots run)


def add_open_call(data: Path, now: datetime) -> None:
    """A call open from yesterday for a month, so that the application form and its
    "check your answers" step exist whatever the day (the sample calls close in time)."""
    call = yaml.safe_load((FIXTURES / "records" / "call.yaml").read_text(encoding="utf-8"))
    opens, closes = now - timedelta(days=1), now + timedelta(days=30)
    record = {**call, "id": OPEN_CALL, "opens": opens.isoformat(), "closes": closes.isoformat()}
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    (data / "calls" / f"{OPEN_CALL}.yaml").write_text(text, encoding="utf-8")


@contextlib.contextmanager
def portal(root: Path) -> Iterator[str]:
    """The sample site and the forms service on one free port: its address."""
    data = root / "data"
    shutil.copytree(REPO / "data", data)
    # The records' times are in the calls' own time zone, to the minute (data/schemas/).
    add_open_call(
        data, datetime.now(ZoneInfo("Africa/Casablanca")).replace(second=0, microsecond=0)
    )
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    print("building the site…", flush=True)
    subprocess.run(
        [str(BIN / "site-builder"), "build", "--data", str(data), "--content",
         str(REPO / "content"), "--out", str(root / "site"), "--origin", origin],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    env = {
        **base_env(),
        "PORTAL_ORIGIN": origin,
        "PORTAL_DATA_DIR": str(data),
        "FORMS_VAR_DIR": str(root / "var"),
        "FORMS_SITE_DIR": str(root / "site"),
        "FORMS_DEBUG": "0",  # as in production (the staff's files: collectstatic)
        "FORMS_MIN_FILL_SECONDS": "0",  # the forms are filled in at once
        "FORMS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    for step in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        subprocess.run([str(BIN / "forms-service"), *step], env=env, check=True,
                       capture_output=True, timeout=600)  # fmt: skip
    with group(root / "logs") as processes:
        processes.start(
            "forms",
            [str(BIN / "forms-service"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            env,
        )
        wait_for_port(port, processes)
        yield origin


def fill_contact(page: Page) -> None:
    page.fill("#id_name", "Amal Benali")
    page.fill("#id_email", "amal@example.org")
    page.locator("input[name=topic]").first.check()
    page.select_option("#id_country", "BE")
    page.fill("#id_message", "Comment trouver une association partenaire ?")


def fill_application(page: Page, pdf: Path) -> None:
    """Answers the call opened for the screenshots accepts (its rules are the test call's)."""
    page.fill("#id_association_name", "Association Amal")
    page.select_option("#id_country", "FR")
    page.fill("#id_city", "Lyon")
    page.fill("#id_founded", "2012")
    page.fill("#id_project_title", "Soutien scolaire")
    page.check("input[name=axis][value=school-support]")
    page.fill("#id_summary", "Des cours de soutien pour quarante enfants.")
    page.fill("#id_amount_mad", "120000")
    page.fill("#id_budget_mad", "200000")
    for name in ("application_form", "budget_file", "statutes"):
        page.set_input_files(f"#id_{name}", str(pdf))
    page.fill("#id_contact_name", "Amal Benali")
    page.fill("#id_email", "amal@example.org")
    page.fill("#id_phone", "+33 6 12 34 56 78")
    page.check("#id_declaration")


def send(page: Page) -> None:
    page.locator("form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def contact_sent(page: Page) -> None:
    fill_contact(page)
    send(page)


def application_sent(pdf: Path) -> Callable[[Page], None]:
    def sent(page: Page) -> None:
        fill_application(page, pdf)
        send(page)

    return sent


def visits(origin: str, lang: str, pdf: Path) -> dict[str, Callable[[Page], None]]:
    """Each page's name → how to show it in a fresh page."""

    def go(path: str, then: Callable[[Page], None] | None = None) -> Callable[[Page], None]:
        def visit(page: Page) -> None:
            page.goto(f"{origin}{path}")
            if then:
                then(page)

        return visit

    at = {kind: go(f"/{lang}/{path}") for kind, path in SITE_PAGES.items() if kind != "404"}
    at["404"] = go(f"/{lang}/no-such-page/")  # as a visitor meets it: the service's 404
    form = f"/{lang}/{FORMS_PAGES['form']}"
    at |= {
        "form": go(form),
        "form-errors": go(form, send),
        "received": go(form, contact_sent),
        "check-answers": go(
            f"/{lang}/forms/project-application/?call={OPEN_CALL}", application_sent(pdf)
        ),
        "status": go(f"/{lang}/{FORMS_PAGES['status']}"),
        "alerts": go(f"/{lang}/{FORMS_PAGES['alerts']}"),
        "eligibility": go(f"/{lang}/{FORMS_PAGES['eligibility']}"),
        "staff-sign-in": go("/staff/login/?next=/staff/"),
    }
    return at


def shoot(origin: str, out: Path) -> list[tuple[str, str, int]]:
    """Every page in every language at every width; (page, lang, width) of each file."""
    from playwright.sync_api import sync_playwright

    pdf = out / "application.pdf"
    pdf.write_bytes(pdf_bytes())
    taken = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        for width, height in WIDTHS.items():
            # The language chooser, without the script that sends the visitor on at once.
            context = browser.new_context(
                viewport={"width": width, "height": height}, java_script_enabled=False
            )
            page = context.new_page()
            page.goto(f"{origin}/")
            page.screenshot(path=str(out / f"root-all-{width}.png"), full_page=True)
            taken.append(("root", "all", width))
            context.close()
            for lang in LANGUAGES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale=lang
                )  # the staff area speaks the browser's language
                for name, visit in visits(origin, lang, pdf).items():
                    page = context.new_page()
                    visit(page)
                    page.screenshot(path=str(out / f"{name}-{lang}-{width}.png"), full_page=True)
                    page.close()
                    taken.append((name, lang, width))
                    print(f"{name}-{lang}-{width}.png", flush=True)
                context.close()
        browser.close()
    pdf.unlink()
    return taken


def contact_sheet(taken: list[tuple[str, str, int]]) -> str:
    """index.html: one row per page, one column per language and width."""
    columns = [(lang, width) for lang in LANGUAGES for width in WIDTHS]
    names = list(dict.fromkeys(name for name, _, _ in taken))
    files = {(n, lang, w) for n, lang, w in taken}
    rows = []
    for name in names:
        cells = []
        for lang, width in columns:
            key = (name, "all" if name == "root" else lang, width)
            if key in files:
                file = html.escape(f"{key[0]}-{key[1]}-{key[2]}.png")
                cells.append(f'<td><a href="{file}"><img src="{file}" alt="{file}" '
                             f'loading="lazy"></a></td>')  # fmt: skip
            else:
                cells.append("<td></td>")
        rows.append(f"<tr><th scope=row>{html.escape(name)}</th>{''.join(cells)}</tr>")
    heads = "".join(f"<th scope=col>{lang} {width}px</th>" for lang, width in columns)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal screenshots</title>
<style>body{{font-family:sans-serif}} td{{vertical-align:top}}
img{{width:160px;max-height:480px;object-fit:cover;object-position:top;border:1px solid #ccc}}
</style></head><body><h1>Portal screenshots</h1>
<p>Each page in each language at 390 px and 1366 px wide; a picture opens whole.</p>
<table><thead><tr><th>page</th>{heads}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"the folder (default {OUT})")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp, portal(Path(tmp)) as origin:
        taken = shoot(origin, args.out)
    (args.out / "index.html").write_text(contact_sheet(taken), encoding="utf-8")
    print(f"{len(taken)} screenshots and index.html in {args.out}")


if __name__ == "__main__":
    main()
