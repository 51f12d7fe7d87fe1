"""The contract between the two packages: an approved association registration, turned into
a record, validates as data/associations/<id>.yaml does, in every language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from forms_service import definitions, records
from portal_contract.datapackage import load_contract
from tests.conftest import REPO
from tests.forms_service.test_definitions import valid_answer

DATA = REPO / "data"
FORM = definitions.load(DATA)["association-registration"]
SCHEMA = "schemas/association.schema.json"


def cleaned(answers: dict[str, Any], lang: str) -> dict[str, Any]:
    form = definitions.form_class(FORM, lang, DATA)(data=answers)
    assert form.is_valid(), form.errors
    return dict(form.cleaned_data)


def errors(record: dict[str, Any]) -> list[str]:
    validator = load_contract(DATA).validators[SCHEMA]
    return [str(e) for e in validator.iter_errors(record)]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("consent", [True, False])
def test_an_approved_registration_is_a_valid_association(lang: str, consent: bool) -> None:
    answers = {f["name"]: valid_answer(f, lang) for f in FORM.fields}
    answers.update(name_latin="Association Amal Liège", name_arabic="جمعية أمل", city="Liège")
    answers["consent"] = "on" if consent else ""
    answers.update(contact_name="Nadia Privée", email="nadia@private.example.org")
    record = records.record_from(FORM, cleaned(answers, lang), lang, date(2026, 11, 29))
    assert errors(record) == []
    assert record["id"] == "association-amal-liege-liege"
    assert record["description"] == {lang: answers["description"]}
    assert ("contact" in record) is consent  # published only with consent
    assert "Nadia" not in str(record) and "private.example.org" not in str(record)  # private


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_name_in_arabic_must_be_in_arabic_script(lang: str) -> None:
    answers = {f["name"]: valid_answer(f, lang) for f in FORM.fields}
    answers["name_arabic"] = "Amal"
    form = definitions.form_class(FORM, lang, DATA)(data=answers)
    assert not form.is_valid()
    wording = next(f for f in FORM.fields if f["name"] == "name_arabic")["errors"]["invalid"]
    assert form.errors["name_arabic"] == [wording[lang]]
