"""Each check, broken by a small edit to a known record, reported at its exact place."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.reading.validate import validate
from tests.conftest import REPO, TODAY, Finding, edit

CALL = "calls/support-2030.yaml"
ASSOC = "associations/amal-test.yaml"
TRAINING = "trainings/training-test.yaml"
CSV = "projects/2030.csv"
CITIES = "taxonomies/cities.yaml"
ROW = "t2030-001,support-2030,amal-test,2030,women,FR,Lyon,100000,200000,funded,40,"

Findings = Callable[[Path], set[Finding]]


def test_the_sample_data_is_valid() -> None:
    _, report = validate(REPO / "data", today=TODAY)
    assert report.sorted_problems() == []
    assert report.counts["associations"] >= 40
    assert report.counts["projects"] >= 60
    assert report.counts["calls"] >= 3
    assert report.counts["trainings"] >= 6
    assert report.counts["consular-posts"] >= 12


def test_the_fixture_records_are_valid(data_dir: Path, findings: Findings) -> None:
    assert findings(data_dir) == set()


# (file, text to replace, replacement, expected (path, line, field))
CASES = {
    "a language missing": (CALL, "fr: Appel à projets 2030, ", "", (CALL, 4, "title.fr")),
    "a date-time without offset": (
        CALL,
        "opens: 2030-09-11T09:00:00+01:00",
        "opens: 2030-09-11 09:00",
        (CALL, 7, "opens"),
    ),
    "an unknown field": (
        CALL,
        "updated: 2030-09-01",
        "updated: 2030-09-01\ntitel: x",
        (CALL, 25, "titel"),
    ),
    "a required field missing": (CALL, "year: 2030\n", "", (CALL, 1, "year")),
    "opens after closes": (
        CALL,
        "closes: 2030-11-11T23:59:00+01:00",
        "closes: 2030-09-01T23:59:00+01:00",
        (CALL, 8, "closes"),
    ),
    "an unknown time zone": (
        CALL,
        "timezone: Africa/Casablanca",
        "timezone: Africa/Atlantis",
        (CALL, 9, "timezone"),
    ),
    "an amount range upside down": (
        CALL,
        "{min: 30000, max: 300000}",
        "{min: 400000, max: 300000}",
        (CALL, 13, "eligibility.amount_mad.min"),
    ),
    "an unknown document": (
        CALL,
        "documents: [statutes, budget]",
        "documents: [statutes, budgte]",
        (CALL, 15, "documents[1]"),
    ),
    "an invalid email": (
        ASSOC,
        "contact@amal-test.example.org",
        "not-an-email",
        (ASSOC, 14, "contact.email"),
    ),
    "a lower-case country": (ASSOC, "country: FR", "country: fr", (ASSOC, 5, "country")),
    "a country code that does not exist": (
        ASSOC,
        "country: FR",
        "country: XY",
        (ASSOC, 5, "country"),
    ),
    "contact published without consent": (
        ASSOC,
        "consent: true",
        "consent: false",
        (ASSOC, 13, "contact"),
    ),
    "an unknown domain": (
        ASSOC,
        "domains: [education]",
        "domains: [educaton]",
        (ASSOC, 8, "domains[0]"),
    ),
    "an unknown region": (
        ASSOC,
        "region: souss-massa",
        "region: souss",
        (ASSOC, 17, "partners_in_morocco[0].region"),
    ),
    "founded in the future": (ASSOC, "founded: 2010", "founded: 2027", (ASSOC, 7, "founded")),
    "a seat no consular post covers": (ASSOC, "country: FR", "country: PT", (ASSOC, 6, "city")),
    "a duplicate key": (ASSOC, "city: Lyon\n", "city: Lyon\ncity: Paris\n", (ASSOC, 7, "city")),
    "an offset that is not the time zone's": (
        TRAINING,
        "starts: 2027-03-10T09:30:00+01:00",
        "starts: 2027-03-10T09:30:00+02:00",
        (TRAINING, 8, "starts"),
    ),
    "an unknown language": (TRAINING, "language: fr", "language: xx", (TRAINING, 11, "language")),
    "an in-person session without a city": (
        TRAINING,
        "city: Bruxelles\n",
        "",
        (TRAINING, 1, "city"),
    ),
    "a project year that is not its call's": (
        CSV,
        ROW,
        ROW.replace(",2030,", ",2029,"),
        (CSV, 2, "year"),
    ),
    "an amount outside the call's range": (
        CSV,
        ROW,
        ROW.replace("100000,200000", "10000,200000"),
        (CSV, 2, "amount_mad"),
    ),
    "an amount over the call's share of the budget": (
        CSV,
        ROW,
        ROW.replace("100000,200000", "150000,200000"),
        (CSV, 2, "amount_mad"),
    ),
    "a negative amount": (
        CSV,
        ROW,
        ROW.replace("100000,200000", "-5,200000"),
        (CSV, 2, "amount_mad"),
    ),
    "an amount that is not a number": (
        CSV,
        ROW,
        ROW.replace("100000,200000", "1OO000,200000"),
        (CSV, 2, "amount_mad"),
    ),
    "an unknown call": (CSV, ROW, ROW.replace("support-2030", "support-2031"), (CSV, 2, "call_id")),
    "an unknown association": (
        CSV,
        ROW,
        ROW.replace("amal-test", "amal-tset"),
        (CSV, 2, "association_id"),
    ),
    "an axis the call does not have": (
        CSV,
        ROW,
        ROW.replace("women", "culture-and-ties"),
        (CSV, 2, "axis"),
    ),
    "a renamed column": (CSV, ",country,", ",contry,", (CSV, 1, "column 6")),
    "an empty required cell": (CSV, ",عنوان,Titre,", ",عنوان,,", (CSV, 2, "title_fr")),
    "a city named twice": (
        CITIES,
        "  - {country: FR, name: Paris, ",
        "  - {country: FR, name: Lyon, label: {ar: ليون, fr: Lyon, en: Lyon}}\n"
        "  - {country: FR, name: Paris, ",
        (CITIES, 33, "cities[26].name"),
    ),
    "a city in a country that does not exist": (
        CITIES,
        "{country: 'NO', name: Oslo",
        "{country: 'XY', name: Oslo",
        (CITIES, 62, "cities[55].country"),
    ),
    "an end before the start": (
        CSV,
        "2031-01-15,2031-12-15",
        "2031-01-15,2030-12-15",
        (CSV, 2, "end_date"),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_check_reports_its_place(
    case: tuple[str, str, str, Finding], data_dir: Path, findings: Findings
) -> None:
    rel, old, new, expected = case
    edit(data_dir, rel, old, new)
    assert findings(data_dir) == {expected}


def test_a_duplicate_project_id_is_reported_on_the_second_row(
    data_dir: Path, findings: Findings
) -> None:
    path = data_dir / CSV
    path.write_text(path.read_text() + path.read_text().splitlines()[1] + "\n")
    assert findings(data_dir) == {(CSV, 3, "id")}


def test_a_project_id_used_in_two_files_is_reported(data_dir: Path, findings: Findings) -> None:
    first_2019 = (data_dir / "projects/2019.csv").read_text().splitlines()[1].split(",")[0]
    edit(data_dir, CSV, "t2030-001,", f"{first_2019},")
    assert findings(data_dir) == {(CSV, 2, "id")}


def test_a_file_named_otherwise_than_its_id(data_dir: Path, findings: Findings) -> None:
    (data_dir / CALL).rename(data_dir / "calls/support-2031.yaml")
    assert findings(data_dir) == {("calls/support-2031.yaml", 1, "id")}


def test_an_id_used_twice(data_dir: Path, findings: Findings) -> None:
    shutil.copy(data_dir / ASSOC, data_dir / "associations/amal-test-2.yaml")
    assert findings(data_dir) == {(ASSOC, 1, "id"), ("associations/amal-test-2.yaml", 1, "id")}


def test_a_city_in_two_jurisdictions(data_dir: Path, findings: Findings) -> None:
    posts = "taxonomies/consular-posts.yaml"
    edit(data_dir, posts, "      - Aix-en-Provence\n", "      - Aix-en-Provence\n      - Lyon\n")
    lines = (data_dir / posts).read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text == "      - Lyon" and i > 30)
    marseille = next(i for i, text in enumerate(lines) if text == "  - id: marseille")
    index = sum(1 for text in lines[:marseille] if text.startswith("  - id: "))
    assert findings(data_dir) == {(posts, line, f"posts[{index}].jurisdiction[2]")}


def test_every_problem_is_reported_at_once(data_dir: Path, findings: Findings) -> None:
    edit(data_dir, CALL, "timezone: Africa/Casablanca", "timezone: Africa/Atlantis")
    edit(data_dir, ASSOC, "country: FR", "country: XY")
    edit(data_dir, CSV, ROW, ROW.replace("support-2030", "support-2031"))
    assert findings(data_dir) == {(CALL, 9, "timezone"), (ASSOC, 5, "country"), (CSV, 2, "call_id")}


def test_messages_say_what_to_do(data_dir: Path) -> None:
    edit(data_dir, ASSOC, "consent: true", "consent: false")
    edit(data_dir, CALL, "closes: 2030-11-11T23:59:00+01:00", "closes: 2030-09-01T23:59:00+01:00")
    _, report = validate(data_dir, today=TODAY)
    lines = sorted(p.format("data") for p in report.problems)
    assert lines == [
        "data/associations/amal-test.yaml:13: contact: contact details are published only with"
        " the association's consent: set consent: true, or remove contact",
        "data/calls/support-2030.yaml:8: closes: must be after opens",
    ]


def test_a_form_names_an_existing_taxonomy_and_each_field_once(
    data_dir: Path, findings: Callable[[Path], set[Finding]]
) -> None:
    form = "forms/partnership-request.yaml"
    edit(data_dir, form, "taxonomy: domains", "taxonomy: themes")
    edit(data_dir, form, "  - name: description", "  - name: email")
    found = findings(data_dir)
    assert (form, 69, "fields[5].options.taxonomy") in found
    assert (form, 91, "fields[8].name") in found  # the second field named email


def test_a_form_field_asked_for_some_programmes_names_existing_ones(
    data_dir: Path, findings: Callable[[Path], set[Finding]]
) -> None:
    form = "forms/project-application.yaml"
    edit(data_dir, form, "programmes: [solidarity-development]", "programmes: [solidarity]")
    assert (form, 78, "fields[7].programmes[0]") in findings(data_dir)
