"""The budget template: a workbook an association fills in, in its language.

One line per cost, grouped by activity, with quantity × unit cost worked out by formulas, and
who pays for it (the ministry's grant, the association's own funds, other co-financers);
totals and the ministry's share of the whole are formulas too, so that the association sees
at once whether its request keeps within the call's limits. Written with openpyxl; the
Arabic workbook reads right to left.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from site_builder.model import i18n

LINES = 30  # empty lines to fill in
FIRST = 5  # the first of them (rows 1–3: title and notes; row 4: the header)
# A fixed date in the file's properties: the same template is the same bytes.
MADE = datetime(2026, 1, 1)
HEAD = PatternFill("solid", fgColor="7A1F1F")


def workbook(lang: str) -> bytes:
    _ = i18n.translations(lang).ugettext
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Budget")[:31]
    sheet.sheet_view.rightToLeft = i18n.direction(lang) == "rtl"
    sheet["A1"] = _("Project budget (in Moroccan dirhams, MAD)")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("One line per cost. Fill in the white cells; the grey ones are worked out.")
    sheet["A3"] = _(
        "The ministry's grant may not exceed the share of the total budget set by the call."
    )
    headers = [
        _("Activity"),
        _("Cost"),
        _("Unit"),
        _("Quantity"),
        _("Unit cost (MAD)"),
        _("Total (MAD)"),
        _("Asked of the ministry (MAD)"),
        _("Association's own funds (MAD)"),
        _("Other co-financers (MAD)"),
        _("Co-financer"),
    ]
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=FIRST - 1, column=column, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = FIRST + LINES - 1
    grey = PatternFill("solid", fgColor="EEEEEE")
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    numbers.error = _("Enter an amount of zero or more.")
    sheet.add_data_validation(numbers)
    for row in range(FIRST, last + 1):
        total = sheet.cell(row=row, column=6, value=f'=IF(D{row}*E{row}=0,"",D{row}*E{row})')
        total.fill = grey
        for number in (4, 5, 7, 8, 9):
            numbers.add(sheet.cell(row=row, column=number))
    sums = last + 1
    sheet.cell(row=sums, column=1, value=_("Total")).font = Font(bold=True)
    for letter in "FGHI":
        cell = sheet[f"{letter}{sums}"]
        cell.value = f"=SUM({letter}{FIRST}:{letter}{last})"
        cell.font = Font(bold=True)
        cell.fill = grey
    share, limit = sums + 2, sums + 3
    yes, no = _("yes"), _("no")
    rows = [
        (share, _("Share asked of the ministry"), f'=IF(F{sums}=0,"",G{sums}/F{sums})', "0%"),
        (limit, _("Largest share the call allows (see its page)"), None, "0%"),
        (
            sums + 4,
            _("Within that share?"),
            f'=IF(OR(G{limit}="",G{share}=""),"",IF(G{share}<=G{limit},"{yes}","{no}"))',
            "General",
        ),
        (sums + 5, _("Costs not yet covered (MAD)"), f"=F{sums}-G{sums}-H{sums}-I{sums}", "#,##0"),
    ]
    for row, label, value, number_format in rows:
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=row, column=7, value=value)
        cell.number_format = number_format
        if value is None:
            numbers.add(cell)  # typed in by the association
        else:
            cell.fill = grey
    for letter in "EFGHI":
        for row in range(FIRST, sums + 1):
            sheet[f"{letter}{row}"].number_format = "#,##0"
    widths = {
        "A": 26,
        "B": 30,
        "C": 10,
        "D": 10,
        "E": 14,
        "F": 14,
        "G": 16,
        "H": 16,
        "I": 16,
        "J": 22,
    }
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST}"
    book.properties.creator = _("Partnership portal for associations of Moroccans of the World")
    book.properties.title = _("Project budget (in Moroccan dirhams, MAD)")
    book.properties.language = lang
    book.properties.created = book.properties.modified = MADE
    out = BytesIO()
    book.save(out)
    return _reproducible(out.getvalue())


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(saved: bytes) -> bytes:
    """The file as openpyxl saved it, without the moment it was saved: openpyxl sets the
    `modified` property to the clock and dates the zip's entries by it, so two builds of
    the same template differed (and an incremental build keeps the last build's)."""
    stamp = MADE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(saved)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(item.filename, MADE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    return out.getvalue()
