"""CSV tables checked against their Table Schema (data/datapackage.json), row by row.

This applies the Table Schema rules that the project's schemas use — types integer, number,
string (email, uri), date, year, boolean; constraints required, unique, minimum, maximum,
minLength, maxLength, pattern, enum; header labels; primary key — with the same error codes as
Frictionless, in one pass of plain Python. The tests run Frictionless on the same files and
require the same (row, field, code) findings; Frictionless remains the reference and the
published contract, this is the fast path (see bench/ for the measured difference).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal_contract.problems import Problem
from portal_contract.schemas import OPTIONAL_COLUMN

csv.field_size_limit(1 << 20)

_INT = re.compile(r"[+-]?\d+")
_NUM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+")
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


@dataclass(frozen=True)
class Row:
    """One data row: its line in the file and its values, cast to their types."""

    path: str
    line: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Table:
    """One checked file, kept by column: the checks and the key lookups work a column at a
    time, and rows are only built for the pages that need them."""

    path: str
    lines: list[int]
    columns: dict[str, list[Any]]

    def rows(self) -> Iterator[Row]:
        names = list(self.columns)
        for line, values in zip(self.lines, zip(*self.columns.values(), strict=True), strict=True):
            yield Row(self.path, line, dict(zip(names, values, strict=True)))


class CastError(ValueError):
    pass


def _cast_integer(text: str) -> int:
    if text.isascii() and text.isdigit():  # the common case, without a regular expression
        return int(text)
    if not _INT.fullmatch(text):
        raise CastError(f"{text!r} is not a whole number")
    return int(text)


def _cast_number(text: str) -> float:
    if not _NUM.fullmatch(text):
        raise CastError(f"{text!r} is not a number (use a dot for decimals)")
    return float(text)


def _cast_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CastError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _cast_year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise CastError(f"{text!r} is not a year")
    return int(text)


def _cast_boolean(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CastError(f"{text!r} is not true or false")


def _string_caster(fmt: str) -> Callable[[str], str]:
    pattern = {"email": _EMAIL, "uri": _URI}.get(fmt)
    if pattern is None:
        return str

    def cast(text: str) -> str:
        if not pattern.fullmatch(text):
            what = "an email address" if fmt == "email" else "a full web address"
            raise CastError(f"{text!r} is not {what}")
        return text

    return cast


def _caster(field: dict[str, Any]) -> Callable[[str], Any]:
    kind = field.get("type", "string")
    casters: dict[str, Callable[[str], Any]] = {
        "integer": _cast_integer,
        "number": _cast_number,
        "date": _cast_date,
        "year": _cast_year,
        "boolean": _cast_boolean,
    }
    if kind == "string":
        return _string_caster(field.get("format", "default"))
    if kind not in casters:
        raise ValueError(f"field {field['name']}: type {kind} is not supported here")
    return casters[kind]


def _constraint_checks(field: dict[str, Any]) -> list[Callable[[Any], str | None]]:
    """Each check returns a message when the (cast) value breaks the constraint."""
    c = field.get("constraints", {})
    checks: list[Callable[[Any], str | None]] = []
    if "minimum" in c:
        lo = c["minimum"]
        checks.append(lambda v: f"{v} is below the minimum {lo}" if v < lo else None)
    if "maximum" in c:
        hi = c["maximum"]
        checks.append(lambda v: f"{v} is above the maximum {hi}" if v > hi else None)
    if "minLength" in c:
        n = c["minLength"]
        checks.append(lambda v: f"needs at least {n} characters" if len(v) < n else None)
    if "maxLength" in c:
        m = c["maxLength"]
        checks.append(lambda v: f"is too long: at most {m} characters" if len(v) > m else None)
    if "pattern" in c:
        rx = re.compile(c["pattern"])
        checks.append(lambda v: None if rx.fullmatch(v) else f"{v!r} does not match {rx.pattern}")
    if "enum" in c:
        allowed = set(c["enum"])
        options = ", ".join(c["enum"])
        checks.append(lambda v: None if v in allowed else f"{v!r} is not one of: {options}")
    return checks


def _bulk_checks(field: dict[str, Any]) -> list[Callable[[list[Any]], bool]]:
    """The same constraints over a whole column at once, true when every value passes.

    Each runs its loop in C (min, max, map, set); only a column that fails is walked cell by
    cell to say where and why.
    """
    c = field.get("constraints", {})
    checks: list[Callable[[list[Any]], bool]] = []
    if "minimum" in c:
        lo = c["minimum"]
        checks.append(lambda vs: min(vs) >= lo)
    if "maximum" in c:
        hi = c["maximum"]
        checks.append(lambda vs: max(vs) <= hi)
    if "minLength" in c:
        n = c["minLength"]
        checks.append(lambda vs: min(map(len, vs)) >= n)
    if "maxLength" in c:
        m = c["maxLength"]
        checks.append(lambda vs: max(map(len, vs)) <= m)
    if "pattern" in c:
        rx = re.compile(c["pattern"])
        checks.append(lambda vs: all(map(rx.fullmatch, vs)))
    if "enum" in c:
        allowed = frozenset(c["enum"])
        checks.append(allowed.issuperset)
    return checks


@dataclass(frozen=True)
class _Column:
    name: str
    cast: Callable[[str], Any]
    required: bool
    checks: tuple[Callable[[Any], str | None], ...]
    bulk: tuple[Callable[[list[Any]], bool], ...]


def _cast_all(cast: Callable[[str], Any], texts: Sequence[str]) -> list[Any] | None:
    """Every cell cast at once, or None if one of them does not cast."""
    if cast is str:
        return list(texts)
    if cast is _cast_integer and all(map(str.isdigit, texts)) and all(map(str.isascii, texts)):
        return list(map(int, texts))
    try:
        return list(map(cast, texts))
    except CastError:
        return None


def _column_passes(col: _Column, texts: Sequence[str], missing: frozenset[str]) -> list[Any] | None:
    """The column's values when no cell is missing and every cell passes; None otherwise."""
    if not texts or not missing.isdisjoint(texts):
        return None
    values = _cast_all(col.cast, texts)
    if values is None or not all(check(values) for check in col.bulk):
        return None
    return values


def check_table(path: str, text: str, schema: dict[str, Any]) -> tuple[Table, list[Problem]]:
    """Check one CSV file. Rows with problems are still returned, their bad cells as None.

    Cells are checked column by column: one tight loop per column is several times faster in
    Python than dispatching on the field's type at every cell.
    """
    missing = frozenset(schema.get("missingValues", [""]))
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    # A language's column that languages.yaml adds (portal_contract.schemas) may be absent:
    # the file is checked as if its schema had not listed it.
    fields = [f for f in schema["fields"] if f["name"] in header or not f.get(OPTIONAL_COLUMN)]
    columns = [
        _Column(
            f["name"],
            _caster(f),
            bool(f.get("constraints", {}).get("required")),
            tuple(_constraint_checks(f)),
            tuple(_bulk_checks(f)),
        )
        for f in fields
    ]
    names = [c.name for c in columns]
    problems: list[Problem] = []
    problems.extend(_check_header(path, 1, header, names))
    table = list(reader)
    if (
        reader.line_num == len(table) + 1  # one line per record: no quoted line breaks
        and all(len(cells) == len(names) for cells in table)
        and all(map(any, table))  # no blank row
    ):
        lines = list(range(2, len(table) + 2))
    else:  # walk it again record by record to say which rows are wrong and where they start
        reader = csv.reader(io.StringIO(text))
        next(reader)
        lines, table = _rectangle(path, reader, names, problems)
    # zip(*) transposes in C; a list comprehension per column costs several times more.
    texts = list(zip(*table, strict=True)) if table else [() for _ in columns]
    typed = {
        col.name: _check_column(path, lines, col, texts[j], missing, problems)
        for j, col in enumerate(columns)
    }
    return Table(path, lines, typed), problems


def _rectangle(
    path: str, reader: Any, names: list[str], problems: list[Problem]
) -> tuple[list[int], list[list[str]]]:
    """Rows cut or padded to the header's width; blank, short and long rows reported.

    A record's line is where it starts: quoted cells may span lines, so it is counted from
    the reader's position after the previous record.
    """
    width = len(names)
    lines: list[int] = []
    table: list[list[str]] = []
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if len(cells) != width:
            if not any(cells):
                problems.append(Problem(path, line, "", "blank row: remove it", "blank-row"))
                continue
            for name in names[len(cells) :]:
                problems.append(
                    Problem(
                        path,
                        line,
                        name,
                        "missing cell: the row has too few columns",
                        "missing-cell",
                    )
                )
            for extra in range(width, len(cells)):
                problems.append(
                    Problem(
                        path,
                        line,
                        "",
                        f"extra cell in column {extra + 1}: the row has"
                        " more columns than the header",
                        "extra-cell",
                    )
                )
            cells = (cells + [""] * width)[:width]  # short rows: checked as empty cells
        elif not any(cells):
            problems.append(Problem(path, line, "", "blank row: remove it", "blank-row"))
            continue
        lines.append(line)
        table.append(cells)
    return lines, table


def _check_column(
    path: str,
    lines: list[int],
    col: _Column,
    texts: Sequence[str],
    missing: frozenset[str],
    problems: list[Problem],
) -> list[Any]:
    values = _column_passes(col, texts, missing)
    if values is not None:  # the common case: a whole column of good cells
        return values
    if col.cast is str:  # text needs no casting: check whole columns at a time
        return _check_text_column(path, lines, col, texts, missing, problems)
    out: list[Any] = [None] * len(texts)
    cast, checks = col.cast, col.checks
    for i, text in enumerate(texts):
        if text in missing:
            if col.required:
                problems.append(
                    Problem(
                        path, lines[i], col.name, "required: fill in this cell", "constraint-error"
                    )
                )
            continue
        try:
            value = cast(text)
        except CastError as exc:
            problems.append(Problem(path, lines[i], col.name, str(exc), "type-error"))
            continue
        for check in checks:
            message = check(value)
            if message:
                problems.append(Problem(path, lines[i], col.name, message, "constraint-error"))
                break
        else:
            out[i] = value
    return out


def _check_text_column(
    path: str,
    lines: list[int],
    col: _Column,
    texts: Sequence[str],
    missing: frozenset[str],
    problems: list[Problem],
) -> list[Any]:
    out: list[Any] = [None if t in missing else t for t in texts]
    if col.required:
        problems.extend(
            Problem(path, lines[i], col.name, "required: fill in this cell", "constraint-error")
            for i, v in enumerate(out)
            if v is None
        )
    for check in col.checks:
        for i, v in enumerate(out):
            if v is not None and (message := check(v)):
                problems.append(Problem(path, lines[i], col.name, message, "constraint-error"))
                out[i] = None
    return out


def _check_header(path: str, line: int, header: list[str], names: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, label in enumerate(header):
        where = f"column {i + 1}"
        if label in seen:
            problems.append(
                Problem(path, line, where, f"duplicate column {label!r}", "duplicate-label")
            )
        seen.add(label)
        if i >= len(names):
            problems.append(
                Problem(
                    path,
                    line,
                    where,
                    f"unexpected column {label!r}: not in the table's schema",
                    "extra-label",
                )
            )
        elif label != names[i]:
            problems.append(
                Problem(
                    path,
                    line,
                    where,
                    f"column is named {label!r}; the schema expects {names[i]!r} here",
                    "incorrect-label",
                )
            )
    for i in range(len(header), len(names)):
        problems.append(
            Problem(
                path, line, f"column {i + 1}", f"column {names[i]!r} is missing", "missing-label"
            )
        )
    return problems


def check_foreign_keys(
    files: list[Table], schema: dict[str, Any], targets: Mapping[str, set[str] | None]
) -> list[Problem]:
    """Each foreign key must name an existing record of the referenced resource.

    A target of None could not be read at all: its own problem is reported, not every row's.
    """
    problems = []
    for fk in schema.get("foreignKeys", []):
        (name,) = fk["fields"]
        resource = fk["reference"]["resource"]
        known = targets.get(resource, set())
        if known is None:
            continue
        for table in files:
            column = table.columns.get(name, [])
            # Set difference in C first: nearly every value is known, so the loop is short.
            unknown = set(column) - known - {None}
            if not unknown:
                continue
            for line, value in zip(table.lines, column, strict=True):
                if value in unknown:
                    problems.append(
                        Problem(
                            table.path,
                            line,
                            name,
                            f"{value!r} matches no record in {resource}/ (is there a"
                            f" {resource}/{value}.yaml?)",
                            "foreign-key",
                        )
                    )
    return problems
