"""The committee's export: a call's applications, one row each, as CSV or XLSX.

A cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe: text typed by applicants must never
become a formula on a reviewer's machine.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from forms_service import subjects
from forms_service.submissions.models import Submission

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ANSWERS = ("association_name", "country", "city", "project_title", "axis", "region")
AMOUNTS = ("amount_mad", "budget_mad")


def header() -> list[str]:
    return [
        _("Reference"), _("Call"), _("Name of the association"), _("Country"), _("City"),
        _("Project"), _("Priority area"), _("Region"), _("Amount requested (MAD)"),
        _("Total budget (MAD)"), _("Status"), _("Consular post"), _("Received"),
    ]  # fmt: skip


def rows(submissions: QuerySet[Submission]) -> Iterable[list[Any]]:
    for s in submissions.order_by("subject", "created"):
        answers = s.answers
        yield [
            s.reference,
            s.subject,
            *(answers.get(name, "") for name in ANSWERS[:5]),
            answers.get("axis", ""),
            answers.get("region", ""),
            *(answers.get(name) for name in AMOUNTS),
            s.status,
            s.post,
            s.created.date().isoformat(),
        ]


def safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def as_csv(submissions: QuerySet[Submission]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for row in rows(submissions):
        writer.writerow([safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel then reads UTF-8


def as_xlsx(submissions: QuerySet[Submission]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Applications")[:31]
    sheet.append(header())
    for row in rows(submissions):
        sheet.append([safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def project_rows(submissions: QuerySet[Submission], data_dir: Path) -> bytes:
    """Selected applications as rows of data/projects/<year>.csv, in its Table Schema's
    columns. The title and summary go in the application's language; staff add the other
    two languages, and check the association's id against the directory, before committing."""
    schema = json.loads((data_dir / "schemas" / "project.tableschema.json").read_text("utf-8"))
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
