"""YAML values with their lines; duplicates reported; dates kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal_contract import yamlfile
from portal_contract.sources import Source
from portal_contract.yamlfile import field_name, parse

TEXT = """\
id: x
when: 2026-11-11T23:59:00+01:00
list:
  - a: 1
  - a: 2
    b: [yes, "NO", null]
"""


def test_values_and_lines() -> None:
    doc, problems = parse(Source("f.yaml", TEXT))
    assert problems == []
    assert doc is not None
    assert doc.data == {
        "id": "x",
        "when": "2026-11-11T23:59:00+01:00",
        "list": [{"a": 1}, {"a": 2, "b": [True, "NO", None]}],
    }
    assert [doc.line(p) for p in [("id",), ("when",), ("list", 1, "b"), ("list", 1, "c")]] == [
        1,
        2,
        6,
        5,
    ]


def test_duplicate_keys_are_reported_and_the_first_kept() -> None:
    doc, problems = parse(Source("f.yaml", "id: x\nname: a\nname: b\n"))
    assert doc is not None and doc.data["name"] == "a"
    assert [(p.line, p.field, p.code) for p in problems] == [(3, "name", "duplicate-key")]
    assert "already set on line 2" in problems[0].message


def test_field_names() -> None:
    assert field_name(("partners_in_morocco", 1, "region")) == "partners_in_morocco[1].region"
    assert field_name(()) == ""


def test_load_reads_a_file_as_validate_does_and_refuses_one_it_would_refuse(
    tmp_path: Path,
) -> None:
    """What the forms service reads (forms_service/datafiles.py): the same values."""
    good = tmp_path / "call.yaml"
    good.write_text("id: a\nopens: 2027-01-01T09:00:00+01:00\nseats: 3\nopen: true\n")
    assert yamlfile.load(good) == {
        "id": "a",
        "opens": "2027-01-01T09:00:00+01:00",
        "seats": 3,
        "open": True,
    }
    twice = tmp_path / "twice.yaml"
    twice.write_text("id: a\ntitle: x\nid: b\n")
    with pytest.raises(yamlfile.YamlError, match=r"twice.yaml:3: id: duplicate key"):
        yamlfile.load(twice)


def test_an_alias_is_reported_not_expanded() -> None:
    """Nine levels of nine aliases would be 387 million values; read at once, each said."""
    levels = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    doc, problems = parse(Source("bomb.yaml", "\n".join(levels) + "\n"))
    assert doc is not None and doc.data["l8"] == [None] * 9
    assert len(problems) == 8 * 9 and {p.code for p in problems} == {"yaml-alias"}
    assert (problems[-1].line, problems[-1].field) == (9, "l8[8]")
