"""`site-builder new`: a new record has every field, is reported incomplete field by field
until filled in, and is valid once it is; a new story is refused until it names a record."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.cli import main
from site_builder.reading.validate import validate
from site_builder.tools import scaffold
from tests.conftest import REPO

TODAY = date(2026, 11, 29)
SAMPLES = REPO / "tests" / "data" / "records"


def fill(draft: Any, sample: Any) -> Any:
    """Each empty value of the draft from the sample; what the sample lacks, removed."""
    if isinstance(draft, dict):
        return {
            key: fill(value, sample[key])
            for key, value in draft.items()
            if isinstance(sample, dict) and key in sample
        }
    if draft is None or (isinstance(draft, list) and None in draft):
        return sample
    if isinstance(draft, list) and draft and isinstance(draft[0], dict):
        return sample
    return draft if draft != [] else sample


def as_written(value: Any) -> Any:
    """Dates and times back to the text a person types (YAML read them as objects)."""
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("kind", ["call", "association", "training"])
def test_a_new_record_is_incomplete_until_filled_in(kind: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    folder = scaffold.RECORDS[kind][0]
    args = ["new", kind, f"new-{kind}", "--data", str(data), "--today", TODAY.isoformat()]
    assert main(args) == 0
    path = data / folder / f"new-{kind}.yaml"
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = yaml.safe_load((data / "schemas" / scaffold.RECORDS[kind][1]).read_text())
    assert list(draft) == list(schema["properties"]), "every field, in the schema's order"

    _, report = validate(data, today=TODAY)
    mine = [p for p in report.problems if p.path == f"{folder}/new-{kind}.yaml"]
    assert mine and {p.code for p in mine} == {"incomplete"}
    assert len(report.problems) == len(mine), "the rest of the data is still valid"
    lines = path.read_text(encoding="utf-8").splitlines()
    for problem in mine:  # each on the line of its empty value
        assert lines[problem.line - 1].rstrip().endswith("~"), problem

    sample = yaml.safe_load((SAMPLES / f"{kind}.yaml").read_text(encoding="utf-8"))
    filled = as_written(fill(draft, sample))
    filled["id"] = f"new-{kind}"
    path.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    _, report = validate(data, today=TODAY)
    assert report.ok, [p.format() for p in report.problems]


def test_an_existing_record_is_not_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    before = (data / "calls" / "support-2026.yaml").read_bytes()
    assert main(["new", "call", "support-2026", "--data", str(data)]) == 1
    assert (data / "calls" / "support-2026.yaml").read_bytes() == before
    assert main(["new", "call", "Bad_Id", "--data", str(data)]) == 2


def test_a_new_story_is_written_in_every_language(tmp_path: Path) -> None:
    paths = scaffold.new("story", "new-story", data=REPO / "data", content=tmp_path, today=TODAY)
    assert [p.relative_to(tmp_path).parts[0] for p in paths] == ["ar", "fr", "en"]
    for path in paths:
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        assert meta == {"projects": [], "associations": []}
