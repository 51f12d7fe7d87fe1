"""Check a YAML document against its JSON Schema, in words staff can act on."""

from __future__ import annotations

from typing import Any

from portal_contract import languages
from portal_contract.problems import Problem
from portal_contract.yamlfile import Document, Path_, field_name

FORMAT_HINTS = {
    "date-time": "is not a date and time with its UTC offset (e.g. 2026-11-11T23:59:00+01:00)",
    "date": "is not a date written YYYY-MM-DD (e.g. 2026-06-30)",
    "email": "is not a valid email address",
    "uri": "is not a full web address (e.g. https://example.org/)",
}
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "use lower-case letters, digits and single hyphens"
    " (e.g. support-2026)",
    "^[A-Z]{2}$": "use the two-letter ISO country code in capitals (e.g. FR)",
    "^[a-z]{2,3}$": "use the two-letter ISO language code (e.g. fr)",
    "^https?://": "must start with https:// (or http://)",
    "^MA-[0-9]{2}$": "use the ISO 3166-2 code of the region (e.g. MA-09)",
    "^\\+[0-9 ]{8,20}$": "write the number in international form (e.g. +33 1 23 45 67 89)",
    "[\u0600-\u06ff]": "must be written in Arabic script",
}
TYPE_NAMES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "object": "a group of fields",
    "array": "a list",
    "null": "empty",
}


INCOMPLETE = "incomplete: fill this in (or, if the field is optional, remove it)"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _schema_node(schema: dict[str, Any], schema_path: list[Any]) -> Any:
    node: Any = schema
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _describe(error: Any, value: Any, schema: dict[str, Any]) -> list[tuple[Path_, str]]:
    """Turn one validation error into (path, message) pairs, pointing at the key at fault."""
    at: Path_ = tuple(error.instance_path)
    kind = error.kind.name
    info = error.kind.as_dict()
    if kind == "additionalProperties":
        return [
            ((*at, name), "unknown field: check the spelling, or remove it")
            for name in info["unexpected"]
        ]
    if kind == "required":
        at = (*at, str(info["property"]))
    return [(at, _message(kind, info, value, error, schema))]


def _message(
    kind: str, info: dict[str, Any], value: Any, error: Any, schema: dict[str, Any]
) -> str:
    if kind == "required":
        return "required field is missing"
    if kind in ("type", "enum") and value is None:  # left empty, as `site-builder new` writes it
        return INCOMPLETE
    if kind == "type":
        want = " or ".join(TYPE_NAMES.get(t, t) for t in info["types"])
        return f"must be {want}, found {_show(value)}"
    if kind == "enum":
        options = ", ".join(str(o) for o in info["options"])
        return f"{_show(value)} is not allowed; use one of: {options}"
    if kind == "format":
        return f"{_show(value)} {FORMAT_HINTS.get(info['format'], 'is malformed')}"
    if kind == "pattern":
        hint = PATTERN_HINTS.get(info["pattern"], f"must match {info['pattern']}")
        return f"{_show(value)}: {hint}"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"{_show(value)} is too small: the least allowed is {info['limit']}"
    if kind in ("maximum", "exclusiveMaximum"):
        return f"{_show(value)} is too large: the most allowed is {info['limit']}"
    if kind == "minLength":
        return "must not be empty" if info["limit"] == 1 else f"needs {info['limit']}+ characters"
    if kind == "maxLength":
        return f"is too long: at most {info['limit']} characters"
    if kind == "minItems":
        return f"needs at least {info['limit']} item{'s' if info['limit'] != 1 else ''}"
    if kind == "minProperties":
        return f"give the text in at least one language ({_one_of(languages.CODES)})"
    if kind == "uniqueItems":
        return "lists the same item more than once"
    # Otherwise the schema says it best: the nearest description on the way to the failed rule.
    path = list(error.schema_path)
    for end in range(len(path), 0, -1):
        node = _schema_node(schema, path[:end])
        if isinstance(node, dict) and "description" in node:
            return str(node["description"])
    return str(error.message)


def _one_of(codes: tuple[str, ...]) -> str:
    """ "ar, fr or en": the languages' codes, as the staff read them in a message."""
    return " or ".join([", ".join(codes[:-1]), codes[-1]]) if len(codes) > 1 else codes[0]


def _value_at(data: Any, at: Path_) -> Any:
    for part in at:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def check_document(doc: Document, validator: Any, schema: dict[str, Any]) -> list[Problem]:
    if validator.is_valid(doc.data):  # the common case: one fast pass, no error objects
        return []
    problems = []
    for error in validator.iter_errors(doc.data):
        value = _value_at(doc.data, tuple(error.instance_path))
        for at, message in _describe(error, value, schema):
            code = "incomplete" if message == INCOMPLETE else "schema"
            problems.append(Problem(doc.path, doc.line(at), field_name(at), message, code))
    return problems
