"""Filling in a form as a user would: valid answers for every field of a definition, the
hidden fields of a freshly shown page, and the steps to the reference number."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from django.test import Client

from forms_service import definitions, subjects
from forms_service.definitions import Definition
from tests.forms_service.pdfs import pdf_upload

HIDDEN = re.compile(r'type="hidden" name="(token|started|kept|answers|draft)" value="([^"]+)"')
REFERENCE = re.compile(r"[A-Z]{3}-[2-9A-Z]{4}-[2-9A-Z]{4}")


def valid_answer(spec: dict[str, Any], lang: str, data: Path, now: datetime | None = None) -> Any:
    """An answer the definition allows, for each kind of field."""
    kind = spec["type"]
    if kind in ("choice", "choices", "country", "call", "training", "association", "partnership"):
        form = definitions.form_class(Definition("x", {"fields": [spec]}), lang, data, now)
        choices = [value for value, _ in form.base_fields[spec["name"]].choices if value]
        return [choices[0]] if kind == "choices" else choices[0]
    if "pattern" in spec:  # the forms' one pattern so far: Arabic script
        return "جمعية أمل"
    samples = {
        "text": "Amal",
        "textarea": "سؤال حول طلب المشاريع",
        "email": "amal@example.org",
        "phone": "+33 6 12 34 56 78",
        "integer": spec.get("min", 1),
        "year": spec.get("min", 2010),
        "date": "2026-12-01",
        "consent": "on",
        "file": pdf_upload(f"{spec['name']}.pdf"),
    }
    return samples[kind]


def valid_answers(
    definition: Definition, lang: str, data: Path, now: datetime | None = None
) -> dict[str, Any]:
    answers = {f["name"]: valid_answer(f, lang, data, now) for f in definition.fields}
    for spec in definition.fields:  # an amount the chosen call allows, and a budget to match
        if "amount_requested" in spec:
            call_field = definition.field_of_type("call")
            assert call_field is not None
            call = subjects.calls(data)[answers[call_field["name"]]]
            amount = call.data["eligibility"].get("amount_mad", {}).get("min", 1000)
            answers[spec["name"]] = amount
            answers[spec["amount_requested"]["budget"]] = amount * 2
    return answers


def hidden(client: Client, path: str) -> dict[str, str]:
    """The hidden fields of a freshly shown form page: its token and its signed start time."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    found = dict(HIDDEN.findall(page.content.decode()))
    assert {"token", "started"} <= set(found)
    return found


def hidden_in(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def send(client: Client, lang: str, form_id: str, answers: dict[str, Any]) -> str:
    """Fill in and send the form, through "check your answers" where it has that step;
    the confirmation page's HTML."""
    path = f"/{lang}/forms/{form_id}/"
    response = client.post(path, {**answers, **hidden(client, path)})
    if response.status_code == 200:  # the answers to check
        html = response.content.decode()
        response = client.post(path, {**hidden_in(html), "step": "confirm"})
    assert response.status_code == 303, response.content.decode()[:3000]
    return str(client.get(response["Location"]).content.decode())
