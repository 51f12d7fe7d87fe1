"""The fast table checks find what Frictionless finds, at the same rows and fields."""

from __future__ import annotations

from pathlib import Path

from bench.reference import frictionless_findings
from site_builder.reading.validate import validate
from tests.conftest import TODAY

CSV = "projects/2030.csv"
CODES = {
    "type-error",
    "constraint-error",
    "missing-cell",
    "extra-cell",
    "primary-key",
    "foreign-key",
}
GOOD = (
    "t2030-{n:03d},support-2030,amal-test,2030,women,FR,Lyon,100000,200000,funded,40,"
    "2031-01-15,2031-12-15,عنوان,Titre,Title,,,"
)


def test_same_findings_as_frictionless(data_dir: Path) -> None:
    rows = [GOOD.format(n=n) for n in range(1, 12)]
    rows[0] = rows[0].replace(",100000,", ",12O000,")  # type-error
    rows[1] = rows[1].replace(",40,", ",-4,")  # constraint-error (minimum)
    rows[2] = rows[2].replace("support-2030", "support-1900")  # foreign-key
    rows[3] = rows[3].replace("amal-test", "nobody")  # foreign-key
    rows[4] = rows[4].replace("t2030-005", "t2030-004")  # primary-key
    rows[5] = rows[5].replace(",Titre,", ",,")  # constraint-error (required)
    rows[6] = rows[6].replace("2031-01-15", "15/01/2031")  # type-error (date)
    rows[7] = ",".join(rows[7].split(",")[:5])  # missing-cell x14
    rows[8] = rows[8] + ",extra"  # extra-cell
    # A blank row is left out: Frictionless reports it twice (blank-row and a primary-key
    # clash with nothing); the validator reports it once, as a blank row (tested below).
    path = data_dir / CSV
    header = path.read_text().splitlines()[0]
    path.write_text("\n".join([header, *rows]) + "\n")

    dataset, report = validate(data_dir, today=TODAY)
    ids = {"calls": dataset.ids("calls"), "associations": dataset.ids("associations")}
    theirs = {f for f in frictionless_findings(data_dir, ids) if f[0] == CSV}
    ours = {(p.path, p.line, p.field, p.code) for p in report.problems if p.code in CODES}
    assert (sorted(ours - theirs), sorted(theirs - ours)) == ([], [])
    assert {code for *_, code in ours} == CODES  # every kind of error was exercised


def test_a_blank_row(data_dir: Path) -> None:
    path = data_dir / CSV
    path.write_text(path.read_text() + "\n" + GOOD.format(n=2) + "\n")
    _, report = validate(data_dir, today=TODAY)
    assert [(p.path, p.line, p.code) for p in report.problems] == [(CSV, 3, "blank-row")]
