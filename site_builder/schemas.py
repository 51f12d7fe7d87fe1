"""The JSON Schemas of data/schemas, read once each, with their `$ref`s followed: what the
open data's Table Schemas (site_builder/opendata.py) and new records (site_builder/scaffold.py)
are written from. Read as portal_contract.schemas fills them: with the languages of
languages.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from portal_contract import schemas as language_schemas


class Schemas:
    """The JSON Schemas of data/schemas, with their `$ref`s followed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, dict[str, Any]] = {}

    def file(self, name: str) -> dict[str, Any]:
        if name not in self._files:
            text = (self.folder / name).read_text(encoding="utf-8")
            self._files[name] = language_schemas.filled(name, json.loads(text))
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
