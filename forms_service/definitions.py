"""Form definitions (data/forms/<id>.yaml) turned into Django forms, one per language.

The definitions are part of the data contract: `site-builder validate` checks them against
data/schemas/form.schema.json in CI, so here they are read, not re-validated. Labels, hints
and error messages come from the definition in the page's language; a rule without its own
message falls back to Django's message, translated into that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from django import forms
from django.core.validators import RegexValidator
from django.utils import translation

PHONE = RegexValidator(r"^\+[0-9 ]{8,20}$", code="invalid")

# Django's error codes for the rules a definition may word itself.
_CODES = {
    "required": ["required"],
    "invalid": ["invalid", "invalid_choice"],
    "max_length": ["max_length"],
    "min": ["min_value"],
    "max": ["max_value"],
}


@dataclass(frozen=True)
class Definition:
    id: str
    data: dict[str, Any]

    def text(self, texts: Mapping[str, str], lang: str) -> str:
        return texts.get(lang) or next(iter(texts.values()))

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.data["fields"])


def read_yaml(path: Path) -> Any:
    """A data file, parsed once per version: every request reads the definitions, and a
    file published while the service runs is picked up by its new modification time."""
    return _parsed(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _parsed(path: str, version: int) -> Any:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load(data_dir: Path) -> dict[str, Definition]:
    """Every form definition in data/forms/, by id."""
    found = {}
    for path in sorted((data_dir / "forms").glob("*.yaml")):
        data = read_yaml(path)
        found[data["id"]] = Definition(data["id"], data)
    return found


def taxonomy_options(data_dir: Path, name: str, lang: str) -> list[tuple[str, str]]:
    terms = read_yaml(data_dir / "taxonomies" / f"{name}.yaml")["terms"]
    return [(t["id"], t["label"].get(lang) or t["label"]["fr"]) for t in terms]


def country_options(lang: str) -> list[tuple[str, str]]:
    """ISO 3166-1 countries named in the language, sorted as its readers expect."""
    names = Locale.parse({"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}[lang]).territories
    pairs = [(code, str(name)) for code, name in names.items() if len(code) == 2]
    return sorted(pairs, key=lambda pair: pair[1])


def form_class(definition: Definition, lang: str, data_dir: Path) -> type[forms.Form]:
    """A Django form for the definition, in `lang`.

    Django's own messages (for rules the definition does not word) are lazy: use the form
    with `lang` active, as the views do for /{lang}/forms/..., so they come out in it.
    """
    with translation.override(lang):
        fields = {f["name"]: _field(definition, f, lang, data_dir) for f in definition.fields}
    return type(f"{definition.id.title().replace('-', '')}Form", (forms.Form,), fields)


def _field(definition: Definition, spec: dict[str, Any], lang: str, data_dir: Path) -> forms.Field:
    kind = spec["type"]
    common: dict[str, Any] = {
        "required": bool(spec.get("required")),
        "label": definition.text(spec["label"], lang),
        "help_text": definition.text(spec["hint"], lang) if "hint" in spec else "",
        "error_messages": {
            code: definition.text(texts, lang)
            for rule, texts in spec.get("errors", {}).items()
            for code in _CODES[rule]
        },
    }
    length = {"max_length": spec["max_length"]} if "max_length" in spec else {}
    if "pattern" in spec:  # searched, not matched whole: JSON Schema's meaning
        common["validators"] = [RegexValidator(spec["pattern"], code="invalid")]
    if kind == "text":
        return forms.CharField(**common, **length)
    if kind == "phone":  # the association schema's pattern for phone numbers
        common["validators"] = [*common.get("validators", []), PHONE]
        return forms.CharField(**common, **length)
    if kind == "textarea":
        return forms.CharField(widget=forms.Textarea, **common, **length)
    if kind == "email":
        return forms.EmailField(**common, **length)
    if kind in ("integer", "year"):
        return forms.IntegerField(min_value=spec.get("min"), max_value=spec.get("max"), **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "consent":
        return forms.BooleanField(**common)
    if kind == "country":
        return forms.ChoiceField(choices=[("", "—"), *country_options(lang)], **common)
    options = spec["options"]
    if isinstance(options, dict):
        choices = taxonomy_options(data_dir, options["taxonomy"], lang)
    else:
        choices = [(o["value"], definition.text(o["label"], lang)) for o in options]
    if kind == "choices":
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
