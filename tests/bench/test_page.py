"""BENCHMARKS.md and the results files say what the kept runs measured, and nothing typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import page, results

KEPT = results.kept()


def test_every_results_file_has_its_run() -> None:
    # A results file with no JSON would be figures nobody can regenerate.
    for path in results.RESULTS.glob("*.md"):
        assert path.stem in KEPT, f"{path.name}: no {path.stem}.json beside it"


@pytest.mark.parametrize("name", sorted(KEPT))
def test_a_results_file_is_what_its_run_renders(name: str) -> None:
    run = KEPT[name]
    text = (results.RESULTS / f"{name}.md").read_text(encoding="utf-8")
    assert text == results.render(run), f"{name}.md differs from {name}.json: python -m bench.page"
    assert run.command.startswith("python -m bench.")
    assert f"`{run.command}`" in text
    for key in ("cpu", "cores", "memory_gib", "python", "system"):
        assert run.machine.get(key), f"{name}.json: the machine's {key} was not read"


def test_benchmarks_md_is_drawn_from_the_kept_runs() -> None:
    text = page.PAGE.read_text(encoding="utf-8")
    assert text == page.generate(text, KEPT), "BENCHMARKS.md is stale: python -m bench.page"
    named = set(page.SECTION.findall(text))
    names = {name for _, name, _, _ in named}
    assert names == set(KEPT), "a kept run has no section, or a section no kept run"


def test_the_prose_holds_no_figure() -> None:
    prose = page.prose(page.PAGE.read_text(encoding="utf-8"))
    figures = re.findall(r"[^\s]*\d[^\s]*", prose)
    assert not figures, f"typed figures in BENCHMARKS.md's prose: {figures}"


def test_a_changed_figure_is_caught(tmp_path: Path) -> None:
    # The check above cannot pass by comparing a file with itself: alter one figure in a
    # copy of the page and the generator must put it back.
    text = page.PAGE.read_text(encoding="utf-8")
    name, run = next(iter(KEPT.items()))
    section = page.section(name, run)
    numbers = re.findall(r"\d+(?:\.\d+)?", results.module(run).summary(run))
    assert numbers, f"{name}: its summary states no figure"
    altered = text.replace(section, section.replace(numbers[0], numbers[0] + "7", 1), 1)
    assert altered != text
    assert page.generate(altered, KEPT) == text


def test_the_machine_is_read_from_the_system() -> None:
    m = results.machine()
    assert m["cores"] and m["cores"] >= 1
    assert m["memory_gib"] and m["memory_gib"] > 0
    assert m["cpu"] and m["cpu"] != "unknown CPU"
    assert results.machine_line(m).startswith(m["cpu"])
