"""Large tables are checked by worker processes: the findings are the same as in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.reading import tablefiles
from site_builder.reading.validate import validate
from tests.conftest import TODAY, edit


def test_workers_find_what_one_process_finds(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = (data_dir / "projects/2019.csv").read_text().splitlines()[1].split(",")[0]
    edit(data_dir, "projects/2020.csv", "p2020-002,", f"{first},")  # id used in 2019.csv
    edit(data_dir, "projects/2021.csv", "p2021-001,support-2021", "p2021-001,support-1900")
    _, in_process = validate(data_dir, today=TODAY, keep_rows=True)

    started: list[int] = []
    original = tablefiles._in_workers

    def spy(jobs: list[tablefiles.Job], processes: int) -> list[tablefiles.Checked]:
        started.append(processes)
        return original(jobs, processes)

    monkeypatch.setattr(tablefiles, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(tablefiles, "_in_workers", spy)
    dataset, in_workers = validate(data_dir, today=TODAY, keep_rows=False)

    assert started and started[0] >= 2, "the workers were not used"
    assert sorted(in_workers.problems) == sorted(in_process.problems)
    found = {(p.path, p.line, p.field, p.code) for p in in_workers.problems}
    assert ("projects/2020.csv", 3, "id", "primary-key") in found
    assert ("projects/2021.csv", 2, "call_id", "foreign-key") in found
    assert ("projects/2021.csv", 2, "year", "year") not in found  # unknown call: no year check
    assert in_workers.counts["projects"] == in_process.counts["projects"]
    assert not dataset.tables  # rows were not kept
