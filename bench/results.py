"""A benchmark run's figures, kept as JSON, and everything written from them.

Each benchmark measures, then calls `save`: the figures go to `bench/results/<name>.json`
with the command and the machine read from the system, and the results file beside it
(`<name>.md`) is drawn from that JSON by the benchmark's own `render`. BENCHMARKS.md's
sections are drawn from the same JSON by its `summary` (bench/page.py). So a figure is
typed nowhere: change a renderer and `python -m bench.page` rewrites every file from the
figures; tests/bench/test_page.py fails while a file and its JSON disagree.

A results file keeps the latest run; earlier ones are in git's history.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Run:
    benchmark: str  # the module in bench/ that measured it and renders it
    command: str
    machine: dict[str, Any]
    figures: dict[str, Any]


class Benchmark(Protocol):
    def render(self, run: Run) -> str: ...
    def summary(self, run: Run) -> str: ...


def _first(path: str, key: str, sep: str = ":") -> str | None:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(sep)
        if name.strip() == key:
            return value.strip().strip('"')
    return None


def machine() -> dict[str, Any]:
    """What ran the benchmark, read from the system (not typed: machines change)."""
    kib = _first("/proc/meminfo", "MemTotal")
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU",
        "architecture": platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(int(kib.split()[0]) / 2**20, 1) if kib else None,
        "python": platform.python_version(),
        "system": _first("/etc/os-release", "PRETTY_NAME", "=") or platform.system(),
    }


def machine_line(m: dict[str, Any]) -> str:
    memory = f", {m['memory_gib']:g} GiB of memory" if m.get("memory_gib") else ""
    return (
        f"{m['cpu']} ({m['architecture']}), {m['cores']} cores{memory},"
        f" Python {m['python']}, {m['system']}"
    )


def heading(run: Run) -> str:
    """The lines every results file starts its body with: the command, then the machine."""
    return f"Command: `{run.command}`\n\nMachine: {machine_line(run.machine)}."


def module(run: Run) -> Benchmark:
    found: Benchmark = importlib.import_module(f"bench.{run.benchmark}")
    return found


def render(run: Run) -> str:
    return module(run).render(run)


def save(markdown: Path, benchmark: str, command: str, figures: dict[str, Any]) -> Run:
    """Keep a run: its JSON, and its results file drawn from it. Returns the run."""
    run = Run(benchmark, command, machine(), figures)
    markdown.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(run), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    markdown.with_suffix(".json").write_text(text, encoding="utf-8")
    markdown.write_text(render(load(markdown.with_suffix(".json"))), encoding="utf-8")
    return run


def load(path: Path) -> Run:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Run(raw["benchmark"], raw["command"], raw["machine"], raw["figures"])


def kept() -> dict[str, Run]:
    """Every kept run, by results name (the JSON file's stem)."""
    return {path.stem: load(path) for path in sorted(RESULTS.glob("*.json"))}


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"
