"""Form definitions against the records and taxonomies they name."""

from __future__ import annotations

from collections.abc import Iterator

from portal_contract.problems import Problem
from site_builder.reading.crossref.common import problem
from site_builder.reading.dataset import Dataset

TAXONOMIES = ("programmes", "axes", "target-groups", "domains", "documents", "regions")


def check_forms(data: Dataset) -> Iterator[Problem]:
    """Field names are unique in a form, options come from a taxonomy that exists, a
    condition names an earlier field, and a form is about one call or training at most."""
    for form in data.items.get("forms", []):
        seen: set[str] = set()
        kinds = [f.get("type") for f in form.data.get("fields", [])]
        if kinds.count("call") + kinds.count("training") > 1:
            yield problem(form, ("fields",), "at most one field of type call or training", "field")
        names = {f.get("name") for f in form.data.get("fields", [])}
        updates = form.data.get("updates")
        kinds_of = {f.get("name"): f.get("type") for f in form.data.get("fields", [])}
        if updates is not None and kinds_of.get(updates) != "association":
            yield problem(
                form, ("updates",), f"{updates!r} is not a field of type association", "reference"
            )
        for i, field in enumerate(form.data.get("fields", [])):
            budget = field.get("amount_requested", {}).get("budget")
            if budget is not None and budget not in names:
                yield problem(
                    form,
                    ("fields", i, "amount_requested", "budget"),
                    f"{budget!r} is not a field of this form",
                    "reference",
                )
            condition = field.get("required_if", {}).get("field")
            if condition is not None and condition not in seen:
                yield problem(
                    form,
                    ("fields", i, "required_if", "field"),
                    f"{condition!r} is not a field before this one",
                    "reference",
                )
            name = field.get("name")
            if name in seen:
                yield problem(form, ("fields", i, "name"), f"{name!r} is already a field", "field")
            seen.add(name)
            options = field.get("options")
            if isinstance(options, dict) and options.get("taxonomy") not in TAXONOMIES:
                yield problem(
                    form,
                    ("fields", i, "options", "taxonomy"),
                    f"{options.get('taxonomy')!r} is not one of: {', '.join(TAXONOMIES)}",
                    "reference",
                )
