"""The Lighthouse runner's choice of a page's median run (bench/lighthouse.py), against
Lighthouse's own (core/lib/median-run.js) where the pinned Lighthouse is installed."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
from pathlib import Path
from typing import Any

from bench import lighthouse, results
from tests.audit.tools import HERE as AUDIT_TOOLS
from tests.audit.tools import require_lighthouse


def result(fcp: float, tti: float, score: float = 0.5) -> dict[str, Any]:
    return {
        "categories": {"performance": {"score": score}},
        "audits": {
            "first-contentful-paint": {"numericValue": fcp},
            "interactive": {"numericValue": tti},
        },
    }


def test_the_median_run_is_the_nearest_to_the_median_paint_and_interactive_times() -> None:
    # A run slowed by a busy machine (the last) is not the one kept.
    runs = [result(1000, 2500), result(1100, 2400), result(1300, 6000)]
    assert lighthouse.median_run(runs) == 1
    assert lighthouse.median_run([runs[2], runs[0], runs[1]]) == 2
    # A tie goes to the sooner interactive.
    assert lighthouse.median_run([result(1000, 3000), result(1000, 2000)]) == 1


def test_the_median_run_is_the_one_lighthouse_chooses() -> None:
    node = require_lighthouse()
    pick = random.Random(18)
    cases = [
        [result(pick.uniform(800, 3000), pick.uniform(1500, 9000)) for _ in range(size)]
        for size in pick.choices((2, 3, 5), k=40)
    ]
    module = AUDIT_TOOLS / "node_modules" / "lighthouse" / "core" / "lib" / "median-run.js"
    script = (
        f"import {{computeMedianRun}} from {json.dumps(module.as_uri())};"
        "import fs from 'node:fs';"
        "const cases = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(runs => runs.indexOf(computeMedianRun(runs)))));"
    )
    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(cases), capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert [lighthouse.median_run(runs) for runs in cases] == json.loads(done.stdout)


def test_a_page_keeps_its_median_run_and_a_failed_run_has_no_say(tmp_path: Path) -> None:
    reports = {
        "en-home.json": result(1300, 6000, 0.8),
        "en-home.2.json": result(1000, 2500, 0.97),
        "en-home.3.json": {"runtimeError": {"code": "NO_NAVSTART"}, "categories": {}},
        "en-home.4.json": result(1100, 2400, 0.95),
    }
    for name, content in reports.items():
        (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    lighthouse.keep_median(tmp_path, "en-home")
    kept = json.loads((tmp_path / "en-home.json").read_text(encoding="utf-8"))
    assert kept == reports["en-home.4.json"]  # nearest the medians of the three that ran
    assert json.loads((tmp_path / "en-home.1.json").read_text()) == reports["en-home.json"]


def test_a_kept_run_renders_the_report_it_was_made_from(tmp_path: Path) -> None:
    failing = lighthouse.Failing("total-blocking-time", "Total Blocking Time", 0.5, "450 ms", 30)
    runs = [
        lighthouse.Run(
            lang, page, f"https://portal.test/{lang}/{path}",
            {"performance": 0.89 if page == "home" else 0.97, "accessibility": 1.0,
             "best-practices": 1.0},
            {"performance": [failing] if page == "home" else [], "accessibility": []},
            [], 1234.0, metrics={"TBT": 450.0, "FCP": 1200.0, "LCP": 2100.0},
            transfer=40_960, requests=9,
        )
        for lang in lighthouse.LANGUAGES
        for page, path in lighthouse.PAGES.items()
    ]  # fmt: skip
    report = lighthouse.Report(runs, "13.5.0", "Chromium", 30.0, 200.0)
    figures = {**dataclasses.asdict(report), "load": [1.5, 1.2, 1.0]}
    out = tmp_path / "lighthouse.md"
    run = results.save(out, "lighthouse", "python -m bench.lighthouse", figures)
    kept = results.load(out.with_suffix(".json"))
    assert lighthouse.from_figures(kept.figures) == report
    text = out.read_text(encoding="utf-8")
    assert text == lighthouse.markdown(report, run.command, run.machine, [1.5, 1.2, 1.0])
    assert "`total-blocking-time` Total Blocking Time — ar home (450 ms)" in text
    assert "| performance | 89 | 90 | NOT met |" in lighthouse.summary(kept)
    assert "| accessibility | 100 | 100 | met |" in lighthouse.summary(kept)
