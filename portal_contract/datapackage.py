"""The contract in data/: datapackage.json and the schemas it names.

Both the site builder and the forms service read these files; nothing here is specific to one
of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs

from portal_contract import schemas as language_schemas
from portal_contract.problems import Problem

PACKAGE = "datapackage.json"


@dataclass(frozen=True)
class RecordSpec:
    """A kind of YAML record: `one-per-file` (calls/<id>.yaml) or `list` (a taxonomy file)."""

    name: str
    path: str  # a glob for one-per-file, a file for list
    layout: str
    schema: str
    key: str = ""  # for list: the top-level key holding the items


@dataclass(frozen=True)
class TableSpec:
    """A CSV resource and its Table Schema (already read)."""

    name: str
    path: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class Contract:
    records: tuple[RecordSpec, ...]
    tables: tuple[TableSpec, ...]
    validators: dict[str, Any]  # schema path → compiled JSON Schema validator
    schemas: dict[str, dict[str, Any]]

    def spec(self, name: str) -> RecordSpec:
        return next(r for r in self.records if r.name == name)


class ContractError(Exception):
    """datapackage.json or a schema is unusable: nothing else can be checked."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _read_json(root: Path, rel: str) -> Any:
    try:
        return json.loads((root / rel).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContractError(Problem(rel, 1, "", "file not found", "missing-file")) from None
    except (UnicodeDecodeError, OSError) as exc:
        raise ContractError(Problem(rel, 1, "", f"cannot be read: {exc}", "unreadable")) from None
    except json.JSONDecodeError as exc:
        problem = Problem(rel, exc.lineno, "", f"invalid JSON: {exc.msg}", "json-syntax")
        raise ContractError(problem) from None


def load_contract(root: Path) -> Contract:
    package = _read_json(root, PACKAGE)
    records = tuple(
        RecordSpec(r["name"], r["path"], r["layout"], r["schema"], r.get("key", ""))
        for r in package.get("records", [])
    )
    table_schemas: dict[str, dict[str, Any]] = {}
    tables = []
    for res in package.get("resources", []):
        ref = res["schema"]
        if isinstance(ref, str):
            if ref not in table_schemas:  # the languages of languages.yaml, not the file's
                table_schemas[ref] = language_schemas.table_schema(_read_json(root, ref))
            ref = table_schemas[ref]
        else:
            ref = language_schemas.table_schema(ref)
        tables.append(TableSpec(res["name"], res["path"], ref))
    schema_dir = root / "schemas"
    schemas = {  # text objects keyed by the languages of languages.yaml, not the file's
        f"schemas/{p.name}": language_schemas.json_schema(_read_json(root, f"schemas/{p.name}"))
        for p in sorted(schema_dir.glob("*.schema.json"))
    }
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values() if "$id" in s])
    validators = {}
    for spec in records:
        if spec.schema not in schemas:
            raise ContractError(
                Problem(PACKAGE, 1, spec.name, f"schema {spec.schema} not found", "missing-file")
            )
        validators[spec.schema] = jsonschema_rs.validator_for(
            schemas[spec.schema], registry=registry, validate_formats=True
        )
    return Contract(records, tuple(tables), validators, schemas)
