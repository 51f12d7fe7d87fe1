"""The data's schemas read with the languages of languages.yaml, not those of the files."""

from __future__ import annotations

import json

import pytest

from portal_contract import languages, schemas
from tests.conftest import REPO

SCHEMAS = REPO / "data" / "schemas"


@pytest.fixture
def with_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal as if languages.yaml listed Spanish after the three, records: optional."""
    monkeypatch.setattr(languages, "CODES", (*languages.CODES, "es"))


def test_today_the_files_say_what_the_languages_file_says() -> None:
    common = schemas.read(SCHEMAS / "common.schema.json")["$defs"]
    assert list(common["text_all"]["properties"]) == list(languages.CODES)
    assert common["text_all"]["required"] == list(languages.REQUIRED) == ["ar", "fr", "en"]
    assert "required" not in common["text_some"]
    table = schemas.read(SCHEMAS / "project.tableschema.json")
    assert table == json.loads((SCHEMAS / "project.tableschema.json").read_text())


@pytest.mark.usefixtures("with_spanish")
def test_a_new_language_is_allowed_in_every_text_and_required_in_none() -> None:
    common = schemas.read(SCHEMAS / "common.schema.json")["$defs"]
    assert list(common["text_all"]["properties"]) == ["ar", "fr", "en", "es"]
    assert common["text_all"]["required"] == ["ar", "fr", "en"]
    assert list(common["text_some"]["properties"]) == ["ar", "fr", "en", "es"]


@pytest.mark.usefixtures("with_spanish")
def test_a_new_language_adds_optional_columns_at_the_tables_end() -> None:
    fields = schemas.read(SCHEMAS / "project.tableschema.json")["fields"]
    assert [f["name"] for f in fields[-2:]] == ["title_es", "summary_es"]
    title = fields[-2]
    assert title[schemas.OPTIONAL_COLUMN] is True
    assert title["constraints"] == {"maxLength": 300}  # the length, not the requirement
    assert "in Spanish" in title["description"]
