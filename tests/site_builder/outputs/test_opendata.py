"""The open data of the built site: a valid Frictionless package (as files and as the zip), a
360Giving export valid against the standard's schema, and list downloads that hold exactly
the rows their pages show."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
import yaml
from frictionless import validate
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from site_builder.outputs import grants, opendata
from tests.conftest import REPO, BuiltSite

STANDARD = REPO / "tests" / "data" / "360giving"
LANGUAGES = ("ar", "fr", "en")


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_files_are_a_valid_data_package(built_site: BuiltSite) -> None:
    report = validate(str(built_site.out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    package = json.loads((built_site.out / "data" / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    for table in ("calls", "projects", "associations", "trainings"):
        assert {table, f"{table}-json"} <= names
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_zip_holds_the_same_valid_package(built_site: BuiltSite, tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site.out / "data" / opendata.ZIP_NAME) as archive:
        archive.extractall(tmp_path)
        listed = set(archive.namelist())
    folder = tmp_path / "open-data"
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    assert "open-data/360giving.json" in listed
    for name in ("projects.csv", "360giving.json", "schemas/calls.json"):
        assert (folder / name).read_bytes() == (built_site.out / "data" / name).read_bytes()


def test_every_record_is_in_its_table_in_both_formats(built_site: BuiltSite) -> None:
    data = built_site.out / "data"
    for kind in ("calls", "associations", "trainings"):
        ids = sorted(p.stem for p in (built_site.data / kind).glob("*.yaml"))
        assert sorted(r["id"] for r in rows(data / f"{kind}.csv")) == ids
        assert sorted(r["id"] for r in json.loads((data / f"{kind}.json").read_text())) == ids
    projects = [r for p in (built_site.data / "projects").glob("*.csv") for r in rows(p)]
    assert sorted(r["id"] for r in rows(data / "projects.csv")) == sorted(r["id"] for r in projects)


def test_a_field_of_a_record_becomes_a_column(built_site: BuiltSite) -> None:
    """Nested fields are flattened by their schema: title.ar → title_ar, and so on."""
    table = {r["id"]: r for r in json.loads((built_site.out / "data" / "calls.json").read_text())}
    record = yaml.safe_load((built_site.data / "calls" / "support-2026.yaml").read_text())
    row = table["support-2026"]
    assert row["title_ar"] == record["title"]["ar"]
    assert row["eligibility_amount_mad_max"] == record["eligibility"]["amount_mad"]["max"]
    assert row["axes"] == record["axes"]
    assert row["faq"] == record.get("faq")


def test_contact_details_only_with_consent(built_site: BuiltSite) -> None:
    table = {r["id"]: r for r in rows(built_site.out / "data" / "associations.csv")}
    for path in (built_site.data / "associations").glob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        email = record.get("contact", {}).get("email", "")
        shown = table[record["id"]]["contact_email"]
        assert shown == (email if record["consent"] else ""), record["id"]
    assert any(not r["contact_email"] for r in table.values()), "the sample has no refusal"


def standard() -> Draft202012Validator:
    package = json.loads((STANDARD / "360-giving-package-schema.json").read_text())
    grant = json.loads((STANDARD / "360-giving-schema.json").read_text())
    # Its "$schema" is written with http:, which `referencing` does not recognise: say it.
    resource = Resource(contents=grant, specification=DRAFT202012)
    # The package schema names the grant schema by an address of another version's folder.
    addresses = {grant["$id"], package["properties"]["grants"]["items"]["$ref"]}
    registry = Registry().with_resources((address, resource) for address in addresses)
    # Formats asserted: `awardDate` is one of a date or a date-time, told apart by format.
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(package, registry=registry, format_checker=checker)


def test_the_360giving_export_is_valid(built_site: BuiltSite) -> None:
    package = json.loads((built_site.out / "data" / "360giving.json").read_text())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in standard().iter_errors(package)]
    assert errors == []
    projects = rows(built_site.out / "data" / "projects.csv")
    assert len(package["grants"]) == len(projects)
    found = {g["id"]: g for g in package["grants"]}
    for project in projects:
        one = found[f"{grants.PREFIX}-{project['id']}"]
        assert one["currency"] == "MAD"
        assert one["amountAwarded"] == int(project["amount_mad"])
        assert one["classifications"][0]["code"] == project["axis"]
        assert one["beneficiaryLocation"][0]["countryCode"] == project["country"]
        assert one["fundingOrganization"][0]["id"].startswith(grants.PREFIX)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", one["awardDate"])


def test_a_bad_grant_fails_the_standard(built_site: BuiltSite) -> None:
    """The check can fail: a grant without its amount or with another currency does."""
    package = json.loads((built_site.out / "data" / "360giving.json").read_text())
    del package["grants"][0]["amountAwarded"]
    package["grants"][1]["currency"] = "XYZ"
    assert len(list(standard().iter_errors(package))) >= 2


def test_the_360giving_csv_uses_the_standards_titles(built_site: BuiltSite) -> None:
    """Its header is the standard's column titles ("Recipient Org:Name"), which its tools
    read; a field without a title of its own (currency) goes by its name, capitalised."""
    schema = json.loads((STANDARD / "360-giving-schema.json").read_text())
    titles = set()
    for key, node in schema["properties"].items():
        top = node.get("title") or key.capitalize()
        titles.add(top)
        ref = node.get("items", {}).get("$ref", "")
        if ref.startswith("#/$defs/"):
            sub = schema["$defs"][ref.rsplit("/", 1)[1]]["properties"]
            titles |= {f"{top}:{v['title']}" for v in sub.values() if "title" in v}
    table = rows(built_site.out / "data" / "360giving.csv")
    assert set(table[0]) <= titles, set(table[0]) - titles
    package = json.loads((built_site.out / "data" / "360giving.json").read_text())
    assert [r["Identifier"] for r in table] == [g["id"] for g in package["grants"]]


def listed(built_site: BuiltSite, lang: str, base: str, kind: str) -> tuple[set[str], str]:
    """The records a list shows over all its pages, and its download link."""
    ids: set[str] = set()
    page, link = base, ""
    while page:
        html = (built_site.out / lang / page / "index.html").read_text(encoding="utf-8")
        body = html.split('class="md-content"', 1)[1]
        ids |= set(re.findall(rf'href="/{lang}/{kind}/([a-z0-9-]+)/"', body))
        found = re.search(r'<a href="(/data/[^"]+\.csv)" download>', body)
        assert found, f"no download on {lang}/{page}"
        link = link or found.group(1)
        assert found.group(1) == link, "every page of a list offers the same download"
        following = re.search(rf'rel="next" href="/{lang}/([^"]+)"', body)
        page = following.group(1) if following else ""
    ids -= {"country", "domain", "year", "axis", "page"}
    return ids, link


LISTS = [
    ("projects/", "projects"),
    ("projects/year/2024/", "projects"),
    ("projects/axis/women/", "projects"),
    ("projects/country/fr/", "projects"),
    ("associations/", "associations"),
    ("associations/country/fr/", "associations"),
    ("associations/domain/education/", "associations"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("base", "kind"), LISTS)
def test_a_list_downloads_exactly_what_it_shows(
    built_site: BuiltSite, lang: str, base: str, kind: str
) -> None:
    shown, link = listed(built_site, lang, base, kind)
    downloaded = {r["id"] for r in rows(built_site.out / link.removeprefix("/"))}
    assert shown and downloaded == shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_open_data_page_explains_every_file(built_site: BuiltSite, lang: str) -> None:
    html = (built_site.out / lang / "data" / "index.html").read_text(encoding="utf-8")
    for name in ("calls", "projects", "associations", "trainings"):
        assert f'href="/data/{name}.csv"' in html and f'href="/data/{name}.json"' in html
    assert 'href="/data/open-data.zip"' in html and 'href="/data/360giving.json"' in html
    assert 'rel="license"' in html and "<code>amount_mad</code>" in html
    title = {"ar": "البيانات المفتوحة", "fr": "Données ouvertes", "en": "Open data"}[lang]
    assert f"<h1>{title}</h1>" in html
    for link in re.findall(r'href="(/data/[^"]+)"', html):
        assert (built_site.out / link.removeprefix("/")).is_file(), link


# A field's row: its name, then whether its description is marked as English, then the text.
FIELD_ROW = re.compile(
    r'<th scope="row" dir="ltr" lang="zxx"><code>(\w+)</code>.*?</th>\s*<td[^>]*>[^<]*</td>\s*'
    r'<td[^>]*class="portal-table__prose">(<div lang="en" dir="ltr">)?(.*?)(?:</div>)?</td>',
    re.S,
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_field_is_described_in_the_pages_language(built_site: BuiltSite, lang: str) -> None:
    """The schemas' descriptions are English (`description`, what tools read) with their
    Arabic and French beside them (`x-description`): the page shows the page's language."""
    html = (built_site.out / lang / "data" / "index.html").read_text(encoding="utf-8")
    rows = [(name, cell, unescape(text)) for name, cell, text in FIELD_ROW.findall(html)]
    published = 0
    for table in ("calls", "projects", "associations", "trainings"):
        schema = json.loads((built_site.out / "data" / "schemas" / f"{table}.json").read_text())
        for field in schema["fields"]:
            published += 1
            wanted = field["description"] if lang == "en" else field["x-description"][lang]
            assert (field["name"], "", wanted) in rows, field["name"]
    assert len(rows) == published > 90
    if lang == "ar":
        assert all(re.search(r"[\u0600-\u06ff]", text) for _name, _cell, text in rows)
