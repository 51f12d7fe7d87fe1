"""The forms service's tests again, on PostgreSQL (127.0.0.1:5432, database `test`).

They run whenever PostgreSQL is reachable; where it is required (REQUIRE_POSTGRES=1, as in
CI) and not reachable, this fails rather than skips.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HERE = Path(__file__).parent


@pytest.mark.timeout(3600)  # the whole forms suite again, in one test (each of its own has 600 s)
def test_the_forms_service_passes_on_postgresql(postgres: str) -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return  # this is the run on PostgreSQL itself
    if "FAKETIME" in os.environ:  # make test-future
        # The forms suite runs under the moved clock on SQLite already, and the PostgreSQL
        # server keeps the real clock whatever the suite's is: 13 more minutes for nothing.
        pytest.skip("under the moved clock the forms suite runs on SQLite only")
    env = {**os.environ, "DATABASE_URL": postgres}
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HERE)]
    args += ["--deselect", f"{HERE / 'test_postgres.py'}"]
    run = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout
