"""No secret in the repository: detect-secrets finds nothing in the tracked files (test
values that look like secrets say so with `# pragma: allowlist secret`), and it does find a
planted one, so the check can fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SCAN = [sys.executable, "-m", "detect_secrets", "scan"]


def scan(paths: list[str], cwd: Path) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    done = subprocess.run([*SCAN, *paths], cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)["results"]  # type: ignore[no-any-return]


def test_no_secret_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(tracked) > 100
    assert scan(tracked, REPO) == {}


def test_a_planted_secret_is_found(tmp_path: Path) -> None:
    planted = tmp_path / "settings_local.py"
    key = "AKIA" + "ABCDEFGHIJ" + "KLMNOP"
    planted.write_text(f'AWS_ACCESS_KEY_ID = "{key}"\n', encoding="utf-8")
    found = scan([planted.name], tmp_path)
    assert [item["type"] for item in found[planted.name]] == ["AWS Access Key"]
