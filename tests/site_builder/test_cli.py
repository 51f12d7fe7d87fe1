"""`site-builder validate` as staff and CI run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from tests.conftest import REPO, edit


def test_valid_data_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--data", str(REPO / "data"), "--today", "2026-11-29"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("data is valid: checked ")
    assert "48 associations" in out


def test_problems_exit_1_one_per_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        data_dir, "calls/support-2030.yaml", "timezone: Africa/Casablanca", "timezone: Mars/Olympus"
    )
    edit(data_dir, "associations/amal-test.yaml", "country: FR", "country: XY")
    assert main(["validate", "--data", str(data_dir), "--today", "2026-11-29"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{data_dir}/associations/amal-test.yaml:5: country: 'XY' is not an ISO 3166-1"
        " country code",
        f"{data_dir}/calls/support-2030.yaml:9: timezone: 'Mars/Olympus' is not a known time zone"
        " (e.g. Africa/Casablanca, Europe/Paris)",
    ]
    assert captured.err.startswith("2 problems found; checked ")


def test_github_annotations(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data_dir, "associations/amal-test.yaml", "country: FR", "country: XY")
    assert (
        main(["validate", "--data", str(data_dir), "--format", "github", "--today", "2026-11-29"])
        == 1
    )
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={data_dir}/associations/amal-test.yaml,line=5,title=data problem::"
        "country: 'XY' is not an ISO 3166-1 country code"
    ]


def test_a_missing_data_folder_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--data", str(tmp_path / "none")]) == 1
    assert "not found" in capsys.readouterr().out


def test_a_bad_today_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "--today", "29/11/2026"])
    assert "is not a date" in capsys.readouterr().err
