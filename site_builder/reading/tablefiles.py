"""Every CSV file of the tables checked: cells, foreign keys and row cross-checks, per file.

Files are independent once the records they point at are known, so with many rows they are
checked by worker processes, one per core. A worker sends back only its problems and the
primary-key values: turning a whole table back into Python objects in the parent would cost
more than the parse it saves, so the parent keeps the rows only when it asks to
(`keep_rows`, for building pages), and then checks in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal_contract.problems import Problem
from portal_contract.sources import formula_problem, read_text
from site_builder.reading import tables
from site_builder.reading.tables import Row, Table

RowCheck = Callable[[Iterable[Row]], Iterable[Problem]]

# Below this many bytes of CSV, starting workers costs more than it saves.
PARALLEL_FROM_BYTES = 8 << 20


@dataclass(frozen=True)
class Job:
    """One file to check, and everything its checks need."""

    root: Path
    path: str
    schema: dict[str, Any]
    targets: Mapping[str, set[str] | None]
    row_check: RowCheck | None = None


@dataclass
class Checked:
    path: str
    problems: list[Problem]
    lines: list[int] = field(default_factory=list)
    keys: list[tuple[Any, ...]] = field(default_factory=list)  # primary-key values, per line
    table: Table | None = None  # the rows themselves, when kept


def check_file(job: Job, *, keep_rows: bool = True) -> Checked:
    source = read_text(job.root, job.path, strict_csv=True)
    if isinstance(source, Problem):
        return Checked(job.path, [source])
    table, problems = tables.check_table(source.path, source.text, job.schema)
    problems += formulas(table)
    problems += tables.check_foreign_keys([table], job.schema, job.targets)
    if job.row_check is not None:
        problems += job.row_check(table.rows())
    key = job.schema.get("primaryKey") or []
    keys = list(zip(*(table.columns[k] for k in key), strict=True)) if key else []
    return Checked(job.path, problems, table.lines, keys, table if keep_rows else None)


def formulas(table: Table) -> list[Problem]:
    """Text cells a spreadsheet would run (portal_contract/sources.py); apart from the Table
    Schema checks, which Frictionless makes the same."""
    found = []
    for name, values in table.columns.items():
        for line, value in zip(table.lines, values, strict=True):
            if isinstance(value, str) and (
                problem := formula_problem(table.path, value, line, name)
            ):
                found.append(problem)
    return found


def check_files(jobs: list[Job], *, keep_rows: bool = True) -> list[Checked]:
    """Check the files, then their primary keys across files; results in the jobs' order."""
    cores = os.cpu_count() or 1
    size = sum(_size(job) for job in jobs)
    if keep_rows or cores < 2 or len(jobs) < 2 or size < PARALLEL_FROM_BYTES:
        results = [check_file(job, keep_rows=keep_rows) for job in jobs]
    else:
        results = _in_workers(jobs, min(cores, len(jobs)))
    key = next((job.schema.get("primaryKey") for job in jobs), None)
    if key:
        results[0].problems += check_primary_key(results, list(key))
    return results


def check_primary_key(results: list[Checked], key: list[str]) -> list[Problem]:
    """A primary key is unique across every file of the table, not only within one."""
    seen: dict[tuple[Any, ...], tuple[str, int]] = {}
    problems = []
    for result in results:
        for line, value in zip(result.lines, result.keys, strict=True):
            if None in value:
                continue
            first = seen.setdefault(value, (result.path, line))
            if first == (result.path, line):
                continue
            where = "line" if first[0] == result.path else f"{first[0]} line"
            problems.append(
                Problem(
                    result.path,
                    line,
                    ",".join(key),
                    f"{', '.join(map(str, value))} is already used ({where} {first[1]})",
                    "primary-key",
                )
            )
    return problems


def _size(job: Job) -> int:
    try:
        return (job.root / job.path).stat().st_size
    except OSError:
        return 0


# The jobs reach the workers by fork, not by pickling: a row check is a closure over the
# records it compares against.
_JOBS: list[Job] = []


def _work(index: int) -> Checked:
    return check_file(_JOBS[index], keep_rows=False)


def _in_workers(jobs: list[Job], processes: int) -> list[Checked]:
    if "fork" not in multiprocessing.get_all_start_methods():
        return [check_file(job, keep_rows=False) for job in jobs]
    global _JOBS
    _JOBS = jobs
    try:
        # Largest files first, so that no worker is left with a big file at the end.
        order = sorted(range(len(jobs)), key=lambda i: -_size(jobs[i]))
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            done = dict(zip(order, pool.map(_work, order, chunksize=1), strict=True))
    finally:
        _JOBS = []
    return [done[i] for i in range(len(jobs))]
