"""`site-builder new`: a new record or story with every field written out, ready to fill in.

A record is written from its JSON Schema, in the schema's order: each field with a comment
saying what it holds and whether it is required, texts with their `ar`, `fr` and `en` lines,
and `~` (empty) where a value is to be typed. An empty field fails validation as
"incomplete" (site_builder/reading/records.py), so a record cannot be published half filled in.
A story is written as one page per language, naming no record yet: the build refuses it until
it names its project or association (site_builder/pages/stories.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from portal_contract.schemas import Schemas
from site_builder.model import i18n
from site_builder.model.i18n import LANGUAGES

RECORDS = {
    "call": ("calls", "call.schema.json"),
    "association": ("associations", "association.schema.json"),
    "training": ("trainings", "training.schema.json"),
}
KINDS = (*RECORDS, "story")
INDENT = "  "


class ScaffoldError(Exception):
    pass


def record(schemas: Schemas, kind: str, key: str, today: date) -> str:
    """The YAML text of a new record of `kind`, every field present and empty."""
    _, name = RECORDS[kind]
    schema = schemas.file(name)
    lines = [
        f"# New {kind}, made by `site-builder new {kind} {key}`.",
        "# Fill in every ~ (an empty value), then run `site-builder validate`: an empty",
        "# field is reported as incomplete, and the site is not built until none is left.",
        "# A field marked (optional) may be removed instead.",
    ]
    preset = {"id": key, "updated": today.isoformat()}
    lines += _mapping(schemas, schema, name, 0, preset)
    return "\n".join(lines) + "\n"


def _mapping(
    schemas: Schemas, node: dict[str, Any], base: str, depth: int, preset: dict[str, str]
) -> list[str]:
    lines = []
    pad = INDENT * depth
    needed = set(node.get("required", []))
    # A text's languages need no comment each: the text's own comment says it all.
    quiet = set(node.get("properties", {})) == set(LANGUAGES)
    for key, raw in node.get("properties", {}).items():
        child, child_base = schemas.resolve(raw, base)
        if not quiet:
            lines += [pad + "# " + line for line in _comment(child, key in needed)]
        if key in preset and depth == 0:
            lines.append(f"{pad}{key}: {json.dumps(preset[key])}")
        elif "const" in child:
            lines.append(f"{pad}{key}: {json.dumps(child['const'])}")
        elif child.get("type") == "object" and "properties" in child:
            lines.append(f"{pad}{key}:")
            lines += _mapping(schemas, child, child_base, depth + 1, preset)
        elif child.get("type") == "array":
            lines += _array(schemas, key, child, child_base, depth, key in needed)
        else:
            lines.append(f"{pad}{key}: ~")
    return lines


def _array(
    schemas: Schemas, key: str, node: dict[str, Any], base: str, depth: int, required: bool
) -> list[str]:
    pad = INDENT * depth
    items, items_base = schemas.resolve(node.get("items", {}), base)
    if not required:
        return [f"{pad}{key}: []"]
    if items.get("type") == "object" and "properties" in items:
        inner = _mapping(schemas, items, items_base, depth + 2, {})
        first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
        inner[first] = f"{pad}{INDENT}- " + inner[first].lstrip()
        return [f"{pad}{key}:", *inner]
    return [f"{pad}{key}:", f"{pad}{INDENT}- ~"]


def _comment(node: dict[str, Any], required: bool) -> list[str]:
    words = node.get("description", "")
    if "enum" in node:
        words += (" " if words else "") + "One of: " + ", ".join(map(str, node["enum"])) + "."
    if node.get("type") == "object" and set(node.get("properties", {})) == set(LANGUAGES):
        some = "minProperties" in node
        words += (" " if words else "") + (
            "In Arabic, French and English (at least one)."
            if some
            else "In Arabic, French and English."
        )
    if node.get("type") == "array":
        words += (" " if words else "") + "A list: one item per line, each after '- '."
    mark = "(required)" if required else "(optional)"
    return [f"{words} {mark}".strip()]


STORY = """---
# The records this story tells of: their ids, as in data/projects/*.csv and
# data/associations/. A story names at least one; the site is not built until it does.
projects: []
associations: []
---
<!-- New story, made by `site-builder new story {key}`: write it in this language, and
add it to the navigation under the stories in content/mkdocs.{lang}.yml. -->
# {title}

{body}
"""


def _story_text(lang: str) -> tuple[str, str]:
    """The new story's placeholder title and body, in the page's language (the catalogs)."""
    _ = i18n.translations(lang).ugettext
    return _("The story's title"), _("The need it started from, what was done, what changed.")


def story(content: Path, key: str) -> list[Path]:
    """A new story's page in every language; returns the files written."""
    paths = [content / lang / "stories" / f"{key}.md" for lang in LANGUAGES]
    _refuse_existing(paths)
    for lang, path in zip(LANGUAGES, paths, strict=True):
        title, body = _story_text(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = STORY.format(key=key, lang=lang, title=title, body=body)
        path.write_text(text, encoding="utf-8")
    return paths


def new(kind: str, key: str, *, data: Path, content: Path, today: date) -> list[Path]:
    """Write a new record or story; refuse to overwrite anything."""
    if kind == "story":
        return story(content, key)
    folder, _ = RECORDS[kind]
    path = data / folder / f"{key}.yaml"
    _refuse_existing([path])
    text = record(Schemas(data / "schemas"), kind, key, today)
    path.write_text(text, encoding="utf-8")
    return [path]


def _refuse_existing(paths: list[Path]) -> None:
    for path in paths:
        if path.exists():
            raise ScaffoldError(f"{path} already exists: choose another id")
