"""The committee's export: each value under its own heading, in CSV and in XLSX."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from forms_service.submissions.models import Submission
from tests.forms_service.conftest import signed_in
from tests.forms_service.filling import hidden_in
from tests.forms_service.test_applications import PATH, answers, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_accounts")]


def exported(kind: str, submission: Submission) -> bytes:
    response = signed_in("ministry").post(
        "/staff/submissions/submission/",
        {"action": f"export_{kind}", "_selected_action": [submission.pk]},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    return bytes(response.content)


def test_each_value_is_under_its_heading_in_both_files(client: Client, live_data: Path) -> None:
    # Every column answered, with a value of its own: a value under the wrong heading shows.
    # The region of Morocco is asked for solidarity development calls only: this call's
    # programme is project support, so its column stays empty (and a region sent is dropped).
    check = post(client, "en", answers(city="Villeurbanne", region="souss-massa"))
    client.post(PATH.format(lang="en"), {**hidden_in(check.content.decode()), "step": "confirm"})
    s = Submission.objects.get()
    expected: dict[str, Any] = {
        "Reference": s.reference,
        "Call": "open-call",
        "Name of the association": "Association Amal Lyon",
        "Country": "FR",
        "City": "Villeurbanne",
        "Project": "Soutien scolaire du samedi",
        "Priority area": "school-support",
        "Region": None,
        "Amount requested (MAD)": 120000,
        "Total budget (MAD)": 200000,
        "Status": "received",
        "Consular post": "lyon",
        "Received": s.created.date().isoformat(),
    }
    given = [str(v) for v in expected.values() if v is not None]
    assert len(set(given)) == len(given)  # a shift cannot go unseen

    heading, row = csv.reader(StringIO(exported("csv", s).decode("utf-8-sig")))
    assert heading == list(expected)
    in_text = {k: "" if v is None else str(v) for k, v in expected.items()}
    assert under_headings(heading, row) == in_text

    sheet = load_workbook(BytesIO(exported("xlsx", s))).active
    heading, row = ([cell.value for cell in cells] for cells in sheet.iter_rows())
    assert heading == list(expected)
    assert under_headings(heading, row) == expected  # amounts stay numbers


def under_headings(heading: list[Any], row: list[Any]) -> dict[str, Any]:
    assert len(row) == len(heading), "as many values as headings"
    return dict(zip(heading, row, strict=True))


def test_control_characters_neither_kept_nor_able_to_break_the_export(
    client: Client, live_data: Path
) -> None:
    """A crafted post's "Water\\x01project" is kept as "Waterproject"; an answer kept
    before the forms dropped such characters no longer fails the whole XLSX export (openpyxl
    refuses them in a cell: a 500 for the committee)."""
    typed = answers(project_title="Water\x01project", association_name="A\x07B", summary="x\x1by")
    check = post(client, "en", typed)
    client.post(PATH.format(lang="en"), {**hidden_in(check.content.decode()), "step": "confirm"})
    s = Submission.objects.get()
    assert s.answers["project_title"] == "Waterproject"
    assert (s.answers["association_name"], s.answers["summary"]) == ("AB", "xy")
    s.answers["project_title"] = "=Old\x0bone"  # as an answer kept before could be
    s.save()
    sheet = load_workbook(BytesIO(exported("xlsx", s))).active
    heading, row = ([cell.value for cell in cells] for cells in sheet.iter_rows())
    assert under_headings(heading, row)["Project"] == "'=Oldone"
