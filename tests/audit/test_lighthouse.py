"""The portal's main pages meet the issue's goals in Lighthouse (accessibility 100, best
practices 95, performance 90) in every language, served as production serves them
(bench/lighthouse.py runs them; its latest figures are in bench/results/lighthouse.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import lighthouse
from tests.audit.tools import require_lighthouse
from tests.deploy.nginx import require_nginx


def test_main_pages_meet_the_goals_in_every_language(tmp_path: Path) -> None:
    require_lighthouse()
    require_nginx()
    if "FAKETIME" in os.environ:  # make test-future
        pytest.skip("the pages' speed does not depend on the date; 5 more minutes for nothing")
    report = lighthouse.run(tmp_path)
    print(lighthouse.table(report))
    below = {
        f"{run.lang} {run.page}": {
            category: [
                f"{a.id} ({a.title}: {a.value or a.score})"
                for a in run.failing[category]
                if a.weight > 0
            ]
            or [run.error or f"score {run.scores[category]}"]
            for category in run.below_goals()
        }
        for run in report.runs
        if run.below_goals()
    }
    assert below == {}, lighthouse.table(report)
