"""The benchmarks' figures are kept as JSON and everything else is drawn from them: a
results file from its run, a BENCHMARKS.md section from the same run (bench/page.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import page, results

KEPT = results.kept()
FIGURES = {
    "crashes": 3,
    "queued": 60,
    "per_message_s": 0.1,
    "runs": [
        {"database": "sqlite", "queued": 60, "crashes": 3, "accepted": 61, "lost": 0,
         "duplicated": 1},
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(KEPT))
def test_a_kept_results_file_is_what_its_run_renders(name: str) -> None:
    run = KEPT[name]
    text = (results.RESULTS / f"{name}.md").read_text(encoding="utf-8")
    assert text == results.render(run), f"{name}.md differs from {name}.json: python -m bench.page"
    assert f"`{run.command}`" in text
    for key in ("cpu", "cores", "memory_gib", "python", "system"):
        assert run.machine.get(key), f"{name}.json: the machine's {key} was not read"


def test_a_run_is_saved_as_json_and_its_file_drawn_from_it(tmp_path: Path) -> None:
    out = tmp_path / "worker-crash.md"
    run = results.save(out, "worker_crash", "python -m bench.worker_crash", FIGURES)
    kept = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert kept["figures"] == FIGURES and kept["machine"] == results.machine()
    text = out.read_text(encoding="utf-8")
    assert text == results.render(results.load(out.with_suffix(".json")))
    assert "| sqlite | 60 | 3 | 61 | 0 | 1 |" in text
    assert results.machine_line(run.machine) in text


def test_a_section_is_drawn_from_its_run_and_a_changed_figure_put_back(tmp_path: Path) -> None:
    out = tmp_path / "worker-crash.md"
    run = results.save(out, "worker_crash", "python -m bench.worker_crash", FIGURES)
    runs = {"worker-crash": run}
    blank = "# Benchmarks\n\nProse.\n\n<!-- figures: worker-crash -->\n<!-- /figures -->\n"
    text = page.generate(blank, runs)
    assert "| sqlite | 60 | 3 | 61 | 0 | 1 |" in text
    assert "`python -m bench.worker_crash` → [bench/results/worker-crash.md]" in text
    assert page.generate(text, runs) == text
    altered = text.replace("| 61 |", "| 62 |")
    assert altered != text and page.generate(altered, runs) == text
    with pytest.raises(SystemExit, match="no kept run"):
        page.generate(blank.replace("worker-crash", "nothing-kept"), runs)


def test_the_prose_is_what_lies_outside_the_sections_and_code() -> None:
    text = (
        "Measured by `python -m bench.x --seconds 15`.\n\n"
        "<!-- figures: x -->\n| 177 per second |\n<!-- /figures -->\n\nThen 3.7× faster.\n"
    )
    figures = re.findall(r"[^\s]*\d[^\s]*", page.prose(text))
    assert figures == ["3.7×"]


def test_the_machine_is_read_from_the_system() -> None:
    m = results.machine()
    assert m["cores"] and m["cores"] >= 1
    assert m["memory_gib"] and m["memory_gib"] > 0
    assert m["cpu"] and m["cpu"] != "unknown CPU"
    assert results.machine_line(m).startswith(m["cpu"])


def test_benchmarks_md_and_every_results_file_are_what_the_kept_runs_draw() -> None:
    stale = page.stale()
    assert stale == [], f"out of date with bench/results/*.json: {stale} (python -m bench.page)"


def test_the_prose_of_benchmarks_md_holds_no_figure() -> None:
    text = page.PAGE.read_text(encoding="utf-8")
    typed = re.findall(r"[^\s]*\d[^\s]*", page.prose(text))
    assert typed == [], f"figures typed into BENCHMARKS.md's prose: {typed}"


def test_every_kept_run_has_its_section_in_benchmarks_md() -> None:
    named = {m.group(2) for m in page.SECTION.finditer(page.PAGE.read_text(encoding="utf-8"))}
    assert set(KEPT) <= named, f"runs kept but not shown: {sorted(set(KEPT) - named)}"
