"""The project's layers, read from its code (parsed, never imported): the core below both
halves, neither half importing the other, and the site builder's packages along its
pipeline, each importing only the stages before it. The forms service's apps have their own
test: tests/forms_service/test_layering.py."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

# The site's stages, in the order the data goes through them; a stage imports only those
# before it. `build` is the whole site (build.py, and plugin.py, through which MkDocs calls
# the stages); staff's tools run builds; the command line calls everything. Settings and the
# clock are read by every stage.
STAGES = ("reading", "model", "outputs", "pages", "build", "tools", "cli")
TOP = {"build": "build", "plugin": "build", "cli": "cli"}
BASE = {"settings", "clock", "__init__"}


def imports(path: Path) -> Iterator[str]:
    """Every module `path` imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def package_edges(package: str) -> set[tuple[str, str, str]]:
    """(module, imported module) pairs out of `package`, to the project's other packages."""
    found = set()
    for path in sorted((REPO / package).rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for name in imports(path):
            top = name.split(".")[0]
            if top in ("site_builder", "forms_service", "portal_contract") and top != package:
                found.add((module, top, name))
    return found


@pytest.mark.parametrize(
    "package,allowed",
    [
        ("portal_contract", set()),
        ("site_builder", {"portal_contract"}),
        ("forms_service", {"portal_contract"}),
    ],
)
def test_the_core_is_below_both_halves_and_neither_imports_the_other(
    package: str, allowed: set[str]
) -> None:
    wrong = sorted((m, n) for m, top, n in package_edges(package) if top not in allowed)
    assert wrong == []


def stage(module: str) -> str:
    parts = module.split(".")
    if parts[1] in BASE:
        return "base"
    return TOP.get(parts[1], parts[1])


def test_each_stage_of_the_site_imports_only_the_stages_before_it() -> None:
    wrong = []
    for path in sorted((REPO / "site_builder").rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        here = stage(module)
        for name in imports(path):
            if not name.startswith("site_builder."):
                continue
            there = stage(name)
            if there in ("base", here) or (here == "base" and there == "base"):
                continue
            if here == "base" or STAGES.index(there) > STAGES.index(here):
                wrong.append(f"{module} ({here}) imports {name} ({there})")
    assert wrong == []


def test_the_check_can_fail(tmp_path: Path) -> None:
    """A stage importing a later one is reported (a model module reaching for the pages)."""
    assert stage("site_builder.model.site") == "model"
    assert stage("site_builder.pages.render") == "pages"
    assert STAGES.index(stage("site_builder.pages.render")) > STAGES.index("model")
    assert stage("site_builder.build") == "build" and stage("site_builder.clock") == "base"
    assert STAGES.index(stage("site_builder.tools.serve")) > STAGES.index("build")
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from site_builder.pages import render\n")
    assert "site_builder.pages.render" in set(imports(sample))
