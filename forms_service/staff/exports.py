"""The committee's export: a call's applications, one row each, as CSV or XLSX.

A cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe: text typed by applicants must never
become a formula on a reviewer's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from forms_service import subjects
from forms_service.submissions.models import Submission
from portal_contract import schemas as language_schemas

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of the export: its heading, and how its value is read from a submission.
    Both are defined together, so a heading cannot end up over another column's values."""

    heading: Promise  # translated when the file is written, in the staff member's language
    read: Callable[[Submission], Any]


def answer(name: str, missing: Any = "") -> Callable[[Submission], Any]:
    return lambda s: s.answers.get(name, missing)


COLUMNS = (
    Column(gettext_lazy("Reference"), attrgetter("reference")),
    Column(gettext_lazy("Call"), attrgetter("subject")),
    Column(gettext_lazy("Name of the association"), answer("association_name")),
    Column(gettext_lazy("Country"), answer("country")),
    Column(gettext_lazy("City"), answer("city")),
    Column(gettext_lazy("Project"), answer("project_title")),
    Column(gettext_lazy("Priority area"), answer("axis")),
    Column(gettext_lazy("Region"), answer("region")),
    # Amounts stay numbers (an empty cell when missing), for the committee's sums.
    Column(gettext_lazy("Amount requested (MAD)"), answer("amount_mad", None)),
    Column(gettext_lazy("Total budget (MAD)"), answer("budget_mad", None)),
    Column(gettext_lazy("Status"), attrgetter("status")),
    Column(gettext_lazy("Consular post"), attrgetter("post")),
    Column(gettext_lazy("Received"), lambda s: s.created.date().isoformat()),
)


def header() -> list[str]:
    return [str(column.heading) for column in COLUMNS]


def rows(submissions: QuerySet[Submission]) -> Iterable[list[Any]]:
    for s in submissions.order_by("subject", "created"):
        yield [safe(column.read(s)) for column in COLUMNS]


def safe(value: Any) -> Any:
    """A value a spreadsheet takes as text: not a formula, and without the control
    characters a cell cannot hold (the forms drop them now; answers kept before may have
    them, and one would fail the whole export)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def as_csv(submissions: QuerySet[Submission]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    writer.writerows(rows(submissions))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel then reads UTF-8


def as_xlsx(submissions: QuerySet[Submission]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Applications")[:31]
    sheet.append(header())
    for row in rows(submissions):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def project_rows(submissions: QuerySet[Submission], data_dir: Path) -> bytes:
    """Selected applications as rows of data/projects/<year>.csv, in its Table Schema's
    columns. The title and summary go in the application's language; staff add the other
    two languages, and check the association's id against the directory, before committing."""
    # With a column per language of languages.yaml: an application in a language added
    # since the file was written has its title's column too (portal_contract.schemas).
    schema = language_schemas.read(data_dir / "schemas" / "project.tableschema.json")
    columns = [f["name"] for f in schema["fields"]]
    calls = subjects.calls(data_dir)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for s in submissions.filter(status="selected").order_by("created"):
        a = s.answers
        call = calls.get(s.subject)
        year = call.data.get("year", s.created.year) if call else s.created.year
        row = {
            "id": f"p{year}-{s.reference.lower().replace('-', '')[3:]}",
            "call_id": s.subject,
            "association_id": slugify(f"{a.get('association_name', '')} {a.get('city', '')}"),
            "year": year,
            "axis": a.get("axis", ""),
            "country": a.get("country", ""),
            "city": a.get("city", ""),
            "amount_mad": a.get("amount_mad", ""),
            "total_budget_mad": a.get("budget_mad", ""),
            "status": "funded",
            f"title_{s.lang}": a.get("project_title", ""),
            f"summary_{s.lang}": a.get("summary", ""),
        }
        writer.writerow({k: safe(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")
