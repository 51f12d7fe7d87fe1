"""The forms service's layers, read from its code: no two apps import each other, even
through a third, and the package-level modules they share import no app.

Every module of forms_service/ is parsed (never imported), and each import it makes counts:
at the top or inside a function, under TYPE_CHECKING or not, relative or absolute, and a
string that names a module of the package (include("…urls"), import_module) or a model by
its app's label ("submissions.Publication"). Migrations are left out: they are the database's
history, whose dependencies follow the order its tables were created in, not the code's
layers (submissions' 0010 depends on staff's 0004, which created the table Publication
keeps).
"""

from __future__ import annotations

import ast
import functools
import itertools
import re
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "forms_service"
APPS = ("submissions", "alerts", "staff", "worker")
# The project itself: it wires the apps together (settings, URL routes, entry points), so it
# may import any of them; it is neither an app nor a shared module.
PROJECT = {"settings", "urls", "wsgi", "manage"}

# Which app may import which, and why; anything else is a layering mistake. Each edge
# points down: submissions at the bottom (what the service keeps: submissions and the queues
# every app fills), then alerts, staff, and the worker on top (the one app that may reach
# every other, and that none imports back). An edge is added here with its reason, never
# one that would close a circle (the first test below).
ALLOWED = {
    ("alerts", "submissions"): (
        "alert emails are rows of the outbox (submissions' Email), and the alert pages are"
        " guarded like the forms (submissions.protection)"
    ),
    ("staff", "submissions"): "staff review the submissions and see the worker's queues",
    ("staff", "alerts"): "a person's personal data includes their alert subscriptions",
    ("worker", "submissions"): (
        "the worker drains the queues submissions keep (emails, records to publish) and clears"
        " the pending files no saved form holds"
    ),
    ("worker", "alerts"): "`notify` queues the alerts, then sends them at once",
}

MODEL_LABEL = re.compile(rf"^({'|'.join(APPS)})\.[A-Z]\w*$")


def modules() -> dict[str, Path]:
    """Each module of the package by its dotted name, migrations aside."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if "migrations" in parts:
            continue
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = modules()


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The module a `from … import` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if MODULES[module].name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imported(module: str) -> dict[str, int]:
    """What `module` imports, each target by its dotted name, with the first line saying so."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            # `from forms_service import clock` imports a module; `from x import name`, a name
            targets = [source, *(f"{source}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = node.value in MODULES or MODEL_LABEL.match(node.value)
            targets = [node.value] if named else []
        for target in targets:
            found.setdefault(target, node.lineno)
    return found


def unit(name: str) -> str | None:
    """The app a dotted name belongs to ("forms_service.staff.x" or the label "staff.X"),
    "shared" for the other package-level modules, "project", or None: outside the package."""
    parts = name.split(".")
    if parts[0] in APPS and MODEL_LABEL.match(name):
        return parts[0]
    if parts[0] != "forms_service":
        return None
    if len(parts) == 1:
        return "shared"
    if parts[1] in APPS:
        return parts[1]
    return "project" if parts[1] in PROJECT else "shared"


@functools.cache
def edges() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) between units, each with where it is: "module:line imports x"."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module in MODULES:
        source = unit(module)
        assert source is not None
        for target, line in imported(module).items():
            into = unit(target)
            if into is not None and into != source:
                found[source, into].append(f"{module}:{line} imports {target}")
    return found


def cycle(pairs: set[tuple[str, str]]) -> list[str]:
    """A circle among the pairs, as the path that goes round it, or []."""
    after: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        after[a].add(b)
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for nxt in sorted(after[node]):
            found = walk(nxt, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    for start in sorted(after):
        found = walk(start, [])
        if found:
            return found
    return []


def test_the_allowed_directions_go_one_way() -> None:
    assert cycle(set(ALLOWED)) == []


def test_no_two_apps_import_each_other_even_through_a_third() -> None:
    between_apps = {pair: where for pair, where in edges().items() if set(pair) <= set(APPS)}
    circle = cycle(set(between_apps))
    where = [w for a, b in itertools.pairwise(circle) for w in between_apps[a, b]]
    assert circle == [], " -> ".join(circle) + "\n" + "\n".join(where)


def test_each_app_imports_only_the_apps_below_it() -> None:
    wrong = [
        f"{a} -> {b}: {w}"
        for (a, b), where in sorted(edges().items())
        if a in APPS and b in APPS and (a, b) not in ALLOWED
        for w in where
    ]
    assert not wrong, "\n".join(wrong)


def test_the_shared_modules_import_no_app_and_not_the_project() -> None:
    wrong = [
        w
        for (a, b), where in sorted(edges().items())
        if a == "shared" and b != "shared"
        for w in where
    ]
    assert not wrong, "\n".join(wrong)


def test_no_app_imports_the_project() -> None:
    # Settings are read through django.conf.settings; the URL routes only by name (reverse).
    wrong = [
        w
        for (a, b), where in sorted(edges().items())
        if a in APPS and b == "project"
        for w in where
    ]
    assert not wrong, "\n".join(wrong)


def test_the_scan_sees_the_imports_it_is_meant_to() -> None:
    """The reader itself: an import inside a function, and a module named by a string."""
    assert "forms_service.checks" in imported("forms_service.submissions.apps")  # in ready()
    assert "forms_service.submissions.urls" in imported("forms_service.urls")  # include("…")
    assert set(APPS) <= {unit(m) for m in MODULES}, "an app listed in APPS has no module"
