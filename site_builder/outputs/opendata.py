"""The open data at /data/: the data package, its zip, and the download of every list.

Written once per build beside the language folders: the files are the same in every
language (each language has a page that explains them, templates/data.html). Each table is
published as CSV and as JSON (an array of objects, the same columns), with one Table Schema
for both. The schemas are not written twice: the funded projects' one is the Table Schema in
data/schemas, and the records kept as YAML (calls, associations, trainings) are flattened
from their JSON Schema (`title.ar` becomes the column `title_ar`), so that a field added to a
record's schema appears in its table without a change here.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from portal_contract.schemas import Schemas
from site_builder.model import i18n
from site_builder.model.plan import association_facets, project_facets
from site_builder.model.site import Record, Site
from site_builder.outputs import grants

# The tables, in the order of the package; the projects' schema is already a Table Schema.
YAML_TABLES = {
    "calls": "call.schema.json",
    "associations": "association.schema.json",
    "trainings": "training.schema.json",
}
PROJECTS_SCHEMA = "project.tableschema.json"
TITLES = {
    "calls": "Calls for projects",
    "projects": "Funded projects",
    "associations": "Directory of associations (public fields)",
    "trainings": "Capacity-building trainings",
}
ZIP_NAME = "open-data.zip"
# A zip's entries carry a date: a fixed one keeps two builds of the same data identical.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

Table = tuple[dict[str, Any], list[dict[str, Any]]]  # (Table Schema, rows)


# --- Table Schemas ---------------------------------------------------------------------------


def table_schema(schemas: Schemas, name: str) -> dict[str, Any]:
    """A record kind's JSON Schema as a Table Schema of its flattened columns."""
    root = schemas.file(name)
    fields = list(_fields(schemas, root, name, "", required=True))
    return {
        "title": root.get("title", name),
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["id"],
    }


def _fields(
    schemas: Schemas,
    node: dict[str, Any],
    base: str,
    prefix: str,
    *,
    required: bool,
    text_of: dict[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The columns of `node`'s properties; `text_of`: the descriptions of the text whose
    languages these properties are (title.ar becomes "The call's title, in Arabic.")."""
    needed = set(node.get("required", []))
    for key, written in node.get("properties", {}).items():
        child, child_base = schemas.resolve(written, base)
        # A description goes with its own translations: a $ref's target may have others.
        described = descriptions(written if "description" in written else child)
        name = f"{prefix}{key}"
        must = required and key in needed
        if child.get("type") == "object" and "properties" in child:
            text = described if set(child["properties"]) <= set(i18n.LANGUAGES) else None
            yield from _fields(schemas, child, child_base, f"{name}_", required=must, text_of=text)
            continue
        field: dict[str, Any] = {"name": name, "type": _type(child)}
        if not described and text_of:
            described = in_language(text_of, key)
        if described:
            field["description"] = described.pop("en")
            if described:
                field["x-description"] = described
        constraints: dict[str, Any] = {}
        if must:
            constraints["required"] = True
        if "enum" in child and field["type"] == "string":
            constraints["enum"] = child["enum"]
        if constraints:
            field["constraints"] = constraints
        yield field


def descriptions(node: dict[str, Any]) -> dict[str, str]:
    """A schema node's description in each language it has: `description` is English (what
    JSON Schema and Table Schema tools read), `x-description` holds the other languages."""
    if not node.get("description"):
        return {}
    return {"en": str(node["description"]), **node.get("x-description", {})}


def in_language(texts: dict[str, str], code: str) -> dict[str, str]:
    """The description of a text's version in language `code`, in each language it has."""
    found = {}
    for lang, text in texts.items():
        pattern = i18n.translations(lang).ugettext("%(description)s, in %(language)s.")
        language = i18n.Formats(lang).language(code)
        found[lang] = pattern % {"description": text.rstrip(". "), "language": language}
    return found


def _type(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind in ("integer", "number", "boolean", "array", "object"):
        return str(kind)
    if node.get("format") == "date-time":
        return "datetime"
    if node.get("format") == "date":
        return "date"
    return "string"


# --- Rows ------------------------------------------------------------------------------------


def flatten(record: Record, schema: dict[str, Any]) -> dict[str, Any]:
    """One record as one row of its Table Schema's columns (missing values as None)."""
    names = {f["name"] for f in schema["fields"]}
    flat: dict[str, Any] = {}

    def walk(value: Any, name: str) -> None:
        if isinstance(value, dict) and name not in names:  # not a column of its own
            for key, item in value.items():
                walk(item, f"{name}_{key}" if name else key)
        else:
            flat[name] = value

    walk(record, "")
    return {name: _plain(flat.get(name)) for name in names_in_order(schema)}


def names_in_order(schema: dict[str, Any]) -> list[str]:
    return [f["name"] for f in schema["fields"]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def public_association(association: Record) -> Record:
    """The directory's public fields: the contact details only with the association's consent."""
    if association.get("consent"):
        return association
    return {k: v for k, v in association.items() if k != "contact"}


def tables(site: Site) -> dict[str, Table]:
    """Each table's schema and rows."""
    records: dict[str, Iterable[Record]] = {
        "calls": (call.data for call in site.calls),
        "projects": site.projects,
        "associations": (public_association(a) for a in site.associations.values()),
        "trainings": site.trainings,
    }
    return {
        name: (schema, [flatten(r, schema) for r in records[name]])
        for name, schema in table_schemas(site).items()
    }


def csv_text(schema: dict[str, Any], rows: Iterable[dict[str, Any]]) -> str:
    """CSV with a header of the schema's names; arrays and objects as JSON, as Table Schema
    reads them; booleans as true/false."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = names_in_order(schema)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def json_text(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


# --- The package -----------------------------------------------------------------------------


def descriptor(site: Site, built: dict[str, Table]) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for name in built:
        for fmt in ("csv", "json"):
            resources.append(
                {
                    "name": name if fmt == "csv" else f"{name}-json",
                    "title": f"{TITLES[name]} ({fmt.upper()})",
                    "path": f"{name}.{fmt}",
                    "profile": "tabular-data-resource",
                    "format": fmt,
                    "mediatype": "text/csv" if fmt == "csv" else "application/json",
                    "encoding": "utf-8",
                    "schema": f"schemas/{name}.json",
                }
            )
    return {
        "name": "mre-associations-partnership",
        "title": "Partnership with associations of Moroccans of the World",
        "description": (
            "Calls for projects, funded projects, the directory of associations (public"
            " fields) and capacity-building trainings of the Ministry Delegate in charge of"
            " Moroccans Residing Abroad and Migration Affairs. Each table as CSV and as JSON"
            " with the same Table Schema. The funded projects are also in the 360Giving Data"
            " Standard: 360giving.json and 360giving.csv."
        ),
        "created": site.now.replace(microsecond=0).isoformat(),
        "licenses": [LICENCE],
        "resources": resources,
    }


def files(site: Site, built: dict[str, Table], origin: str) -> dict[str, str]:
    """Every file of the package, by its path in it."""
    written = {"datapackage.json": _dumps(descriptor(site, built))}
    for name, (schema, rows) in built.items():
        written[f"schemas/{name}.json"] = _dumps(schema)
        written[f"{name}.csv"] = csv_text(schema, rows)
        written[f"{name}.json"] = json_text(rows)
    package = grants.package(site, origin)
    written["360giving.json"] = _dumps(package)
    written["360giving.csv"] = grants.csv_text(package)
    return written


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def zipped(written: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(written):
            info = zipfile.ZipInfo(f"open-data/{path}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, written[path].encode("utf-8"))
    return out.getvalue()


# --- The lists' downloads ---------------------------------------------------------------------


def list_path(section: str, facet: tuple[str, str] | None) -> str:
    """Where a list's download lives under /data/: the whole list is the package's table."""
    if facet is None:
        return f"{section}.csv"
    return f"{section}/{facet[0]}/{facet[1].lower()}.csv"


def list_files(site: Site, built: dict[str, Table]) -> dict[str, str]:
    """A CSV per list page of projects and associations, with exactly the rows it lists."""
    written = {}
    for section, facets in (
        ("projects", project_facets(site)),
        ("associations", association_facets(site)),
    ):
        schema, rows = built[section]
        by_id = {row["id"]: row for row in rows}
        for facet, records in facets.items():
            chosen = (by_id[r["id"]] for r in records)
            written[list_path(section, facet)] = csv_text(schema, chosen)
    return written


def table_schemas(site: Site) -> dict[str, dict[str, Any]]:
    """The published Table Schema of each table (also shown on the page that explains them)."""
    if site.root is None:
        raise ValueError("the site model does not know its data folder")
    schemas = Schemas(site.root / "schemas")
    return {
        name: schemas.file(PROJECTS_SCHEMA)
        if name == "projects"
        else table_schema(schemas, YAML_TABLES[name])
        for name in TITLES
    }


def write(site: Site, out: Path, origin: str) -> list[str]:
    """Write /data/ into `out`; return the paths written, relative to it."""
    built = tables(site)
    written = files(site, built, origin)
    everything = {**written, ZIP_NAME: "", **list_files(site, built)}
    for path, text in everything.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path == ZIP_NAME:
            target.write_bytes(zipped(written))
        else:
            target.write_text(text, encoding="utf-8", newline="")
    return sorted(everything)
