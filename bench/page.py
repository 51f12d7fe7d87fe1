"""BENCHMARKS.md's figures, drawn from the kept runs (bench/results/*.json).

    python -m bench.page            # rewrite BENCHMARKS.md's sections and the results files
    python -m bench.page --check    # exit 1, naming them, while any of them is out of date

The prose of BENCHMARKS.md is written by hand and holds no figure; each
`<!-- figures: NAME -->` … `<!-- /figures -->` section in it is generated from
bench/results/NAME.json by the benchmark that measured it (its `summary`), headed by the
command and the machine. The results files are regenerated from the same JSON.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bench import results
from bench.results import Run

PAGE = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
SECTION = re.compile(r"(<!-- figures: ([\w-]+) -->\n)(.*?)(<!-- /figures -->)", re.S)


def section(name: str, run: Run) -> str:
    link = f"bench/results/{name}.md"
    return (
        f"`{run.command}` → [{link}]({link})\n\n"
        f"Machine: {results.machine_line(run.machine)}.\n\n"
        f"{results.module(run).summary(run).strip()}\n"
    )


def generate(text: str, runs: dict[str, Run]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in runs:
            raise SystemExit(f"BENCHMARKS.md: no kept run bench/results/{name}.json")
        return match.group(1) + section(name, runs[name]) + match.group(4)

    return SECTION.sub(fill, text)


def prose(text: str) -> str:
    """The hand-written part of the page: outside the generated sections and code spans."""
    outside = SECTION.sub("", text)
    return re.sub(r"`[^`\n]*`", "", outside)


def stale() -> list[Path]:
    """Files that differ from what their kept runs say."""
    runs = results.kept()
    out = []
    for name, run in runs.items():
        path = results.RESULTS / f"{name}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != results.render(run):
            out.append(path)
    text = PAGE.read_text(encoding="utf-8")
    if generate(text, runs) != text:
        out.append(PAGE)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale")
    args = parser.parse_args(argv)
    if args.check:
        out = stale()
        for path in out:
            print(f"{path}: out of date with bench/results/*.json (python -m bench.page)")
        return 1 if out else 0
    runs = results.kept()
    for name, run in runs.items():
        (results.RESULTS / f"{name}.md").write_text(results.render(run), encoding="utf-8")
    PAGE.write_text(generate(PAGE.read_text(encoding="utf-8"), runs), encoding="utf-8")
    print(f"wrote {PAGE.name} and {len(runs)} results files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
