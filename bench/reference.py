"""Frictionless on its own, checking the project tables the way the data package declares them.

Used by the benchmark (the time to beat) and by the tests (the findings to match).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frictionless


def frictionless_findings(root: Path, ids: dict[str, set[str]]) -> set[tuple[str, int, str, str]]:
    """(path, row, field, error code) for every problem Frictionless finds in the CSV tables.

    `ids` gives the ids of the YAML-backed resources (calls, associations) that the foreign keys
    point to; Frictionless reads tables, so they are handed to it as one-column tables.
    """
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resources = [
        frictionless.Resource(data=[["id"], *[[i] for i in sorted(values)]], name=name)
        for name, values in ids.items()
    ]
    schemas: dict[str, Any] = {}
    for res in package["resources"]:
        ref = res["schema"]
        schema = schemas.setdefault(ref, json.loads((root / ref).read_text(encoding="utf-8")))
        resources.append(
            frictionless.Resource(
                path=res["path"],
                basepath=str(root),
                name=res["name"],
                schema=frictionless.Schema.from_descriptor(schema),
            )
        )
    paths = {res["name"]: res["path"] for res in package["resources"]}
    keys = {
        res["name"]: schemas[res["schema"]].get("primaryKey", []) for res in package["resources"]
    }
    report = frictionless.Package(resources=resources).validate()
    found = set()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None) or 1
            name = getattr(error, "field_name", None)
            if name is None:
                number = getattr(error, "field_number", None)
                name = f"column {number}" if number else ""
            if error.type == "foreign-key":
                name = ",".join(getattr(error, "field_names", []) or [name])
            if error.type == "primary-key":  # Frictionless names no field; the key is known
                name = ",".join(keys.get(task.name, []))
            found.add((paths.get(task.name, task.place), row, name, error.type))
    return found
