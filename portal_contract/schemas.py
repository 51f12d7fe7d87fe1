"""The data's schemas (data/schemas) as every reader must see them: with the languages of
languages.yaml, not those written in the files.

A record's text is an object keyed by language (common.schema.json: `text_all`, `text_some`),
and the funded projects' table has a column per language (title_ar, title_fr…). The files
list today's languages, for the tools that read them as they are; the portal reads them
through this module, so that a language added to languages.yaml is allowed everywhere at
once, without editing a schema:

- `text_all` and `text_some` accept a key for every language of the file; `text_all`
  requires only the languages with `records: required` (a record without the new language
  still validates, and its pages fall back);
- a Table Schema gains, for each column named after a language (`title_ar`), the same
  column in every other language, optional: a CSV file without them still validates, and
  one that has them must place them after the others, in the file's order.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from babel import Locale

from portal_contract import languages

TEXTS = ("text_all", "text_some")  # the text objects' definitions, in common.schema.json
# A Table Schema field's mark for a column that a CSV file may leave out (a language's,
# added from languages.yaml): the site builder's table check skips it when absent.
OPTIONAL_COLUMN = "x-optional-column"


def json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a JSON Schema with its text objects keyed by the languages of the file."""
    definitions = schema.get("$defs", {})
    if not any(name in definitions for name in TEXTS):
        return schema
    done = copy.deepcopy(schema)
    for name in TEXTS:
        node = done["$defs"].get(name)
        if node is None:
            continue
        node["properties"] = {code: {"type": "string", "minLength": 1} for code in languages.CODES}
        if "required" in node:  # text_all: the complete languages only
            node["required"] = list(languages.REQUIRED)
    return done


def table_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a Table Schema with every per-language column in every language: those
    the file lacks are added at its end, optional, in the languages' order."""
    fields = schema.get("fields", [])
    names = {field["name"] for field in fields}
    per_language = re.compile(rf"^(.+)_({'|'.join(map(re.escape, languages.CODES))})$")
    bases: dict[str, dict[str, Any]] = {}  # "title" → the field of its first language
    for field in fields:
        found = per_language.match(field["name"])
        if found:
            bases.setdefault(found.group(1), field)
    added = [
        _column(base, code, model)
        for code in languages.CODES
        for base, model in bases.items()
        if f"{base}_{code}" not in names
    ]
    if not added:
        return schema
    return {**schema, "fields": [*fields, *added]}


def _column(base: str, code: str, model: dict[str, Any]) -> dict[str, Any]:
    constraints = {k: v for k, v in model.get("constraints", {}).items() if k != "required"}
    name = Locale("en").languages.get(code, code)
    column: dict[str, Any] = {
        "name": f"{base}_{code}",
        "type": model.get("type", "string"),
        "description": f"The same as {model['name']}, in {name}; optional.",
        OPTIONAL_COLUMN: True,
    }
    if constraints:
        column["constraints"] = constraints
    return column


def read(path: Path) -> dict[str, Any]:
    """A schema file of data/schemas, as the portal reads it (a Table Schema if its name ends
    in .tableschema.json, else a JSON Schema)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    return filled(path.name, schema)


def filled(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, read from the file `name`, with the languages filled in."""
    return table_schema(schema) if name.endswith(".tableschema.json") else json_schema(schema)


class Schemas:
    """The JSON Schemas of data/schemas, read once each as `filled` makes them, with their
    `$ref`s followed: what the open data's Table Schemas (site_builder/outputs/opendata.py)
    and new records (site_builder/tools/scaffold.py) are written from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, dict[str, Any]] = {}

    def file(self, name: str) -> dict[str, Any]:
        if name not in self._files:
            text = (self.folder / name).read_text(encoding="utf-8")
            self._files[name] = filled(name, json.loads(text))
        return self._files[name]

    def resolve(self, node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """The node with its `$ref` replaced by what it points at (the node's own keys win)."""
        while "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            base = target or base
            found: Any = self.file(base)
            for part in filter(None, pointer.split("/")):
                found = found[part]
            node = {**found, **{k: v for k, v in node.items() if k != "$ref"}}
        return node, base
