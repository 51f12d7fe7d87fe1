"""Shared fixtures: a fresh copy of the sample data with small, known records added."""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.reading.validate import validate
from site_builder.settings import Settings

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 29)  # tests never read the wall clock

Finding = tuple[str, int, str]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The sample data plus calls/support-2030.yaml, associations/amal-test.yaml,
    trainings/training-test.yaml and projects/2030.csv, whose lines the tests know."""
    return copy_data(tmp_path / "data")


def copy_data(root: Path) -> Path:
    shutil.copytree(REPO / "data", root)
    records = FIXTURES / "records"
    shutil.copy(records / "call.yaml", root / "calls" / "support-2030.yaml")
    shutil.copy(records / "association.yaml", root / "associations" / "amal-test.yaml")
    shutil.copy(records / "training.yaml", root / "trainings" / "training-test.yaml")
    shutil.copy(records / "projects.csv", root / "projects" / "2030.csv")
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"].append(
        {
            "name": "projects-2030",
            "path": "projects/2030.csv",
            "profile": "tabular-data-resource",
            "schema": "schemas/project.tableschema.json",
        }
    )
    (root / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2))
    return root


@pytest.fixture
def findings() -> Callable[[Path], set[Finding]]:
    def run(root: Path) -> set[Finding]:
        _, report = validate(root, today=TODAY)
        return {(p.path, p.line, p.field) for p in report.problems}

    return run


BUILT_AS_OF = "2026-11-29T12:00:00+00:00"


@dataclass(frozen=True)
class BuiltSite:
    data: Path
    out: Path
    log: list[str]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The test data built once per session, every language, with search indexes."""
    base = tmp_path_factory.mktemp("site")
    data = copy_data(base / "data")
    log: list[str] = []
    build(
        data=data,
        content=REPO / "content",
        out=base / "site",
        settings=Settings(now=BUILT_AS_OF),
        say=log.append,
    )
    return BuiltSite(data, base / "site", log)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a data file."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres() -> str:
    """A PostgreSQL URL; skipped where there is none, except in CI (REQUIRE_POSTGRES=1)."""
    if not postgres_reachable():
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is required here but not reachable")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    return "postgres://postgres@127.0.0.1:5432/test"
