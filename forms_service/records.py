"""An approved submission as the data record it becomes (a form's `record` kind).

Each answer goes where its field's `maps_to` says; `{lang}` there is the form's language.
Public contact fields are kept only with the association's consent, as the schema requires.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.utils.text import slugify

from forms_service.definitions import Definition


def record_from(
    definition: Definition, answers: dict[str, Any], lang: str, today: date
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for field in definition.fields:
        path = field.get("maps_to")
        value = answers.get(field["name"])
        if not path or value in ("", None, []):
            continue
        _put(record, path.replace("{lang}", lang).split("."), value)
    if "consent" in record or any(f.get("maps_to") == "consent" for f in definition.fields):
        record["consent"] = bool(record.get("consent"))
        if not record["consent"]:
            record.pop("contact", None)
    name = record.get("name", "")
    name = name.get("latin", "") if isinstance(name, dict) else name
    key = slugify(f"{name} {record.get('city', '')}")[:80].strip("-")
    return {"id": key, **record, "updated": today.isoformat()}


def updated_record(
    definition: Definition,
    existing: dict[str, Any],
    answers: dict[str, Any],
    lang: str,
    today: date,
) -> dict[str, Any]:
    """A published record with an update request's answers put in: what was answered
    replaces what was there (a description only in the form's language), the rest stays."""
    record = copy.deepcopy(existing)
    for field in definition.fields:
        path = field.get("maps_to")
        value = answers.get(field["name"])
        if path and path != "consent" and value not in ("", None, []):
            _put(record, path.replace("{lang}", lang).split("."), value)
    asked = [f["name"] for f in definition.fields if f.get("maps_to") == "consent"]
    if asked:
        # Asked as a choice (data/forms/association-update.yaml): given, or withdrawn; none
        # chosen, or "keep", leaves it as published. A box (True or False) says it anew.
        given = answers.get(asked[0])
        if given in (True, False, "publish", "withdraw"):
            record["consent"] = given in (True, "publish")
        record["consent"] = bool(record.get("consent"))
        if not record["consent"]:
            record.pop("contact", None)
    record["updated"] = today.isoformat()
    return record


def _put(record: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        record = record.setdefault(key, {})
    record[path[-1]] = value
