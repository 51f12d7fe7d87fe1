"""Files that cannot be read as data: each gets a clear message, never a traceback."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.reading.validate import validate
from tests.conftest import TODAY, Finding

Findings = Callable[[Path], set[Finding]]
ASSOC = "associations/amal-test.yaml"
CSV = "projects/2030.csv"


def messages(root: Path) -> list[str]:
    _, report = validate(root, today=TODAY)
    return [p.format() for p in report.sorted_problems()]


def test_a_csv_with_a_byte_order_mark(data_dir: Path) -> None:
    path = data_dir / CSV
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert messages(data_dir) == [
        f"{CSV}:1: starts with a byte-order mark (BOM): save it as UTF-8 without BOM"
    ]


def test_a_csv_with_windows_line_ends(data_dir: Path) -> None:
    path = data_dir / CSV
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert messages(data_dir) == [
        f"{CSV}:1: has Windows (CRLF) line ends: save it with Unix (LF) line ends"
    ]


def test_a_csv_that_is_not_utf8(data_dir: Path) -> None:
    path = data_dir / CSV
    path.write_bytes(path.read_bytes().replace(b"Titre", "Tître".encode("latin-1")))
    assert messages(data_dir) == [
        f"{CSV}:2: is not UTF-8 (byte 0xee): save the file with UTF-8 encoding"
    ]


def test_a_yaml_file_that_is_not_utf8(data_dir: Path) -> None:
    path = data_dir / ASSOC
    path.write_bytes(
        path.read_bytes().replace(b"Soutien scolaire", "Soutien scolaire é".encode("cp1252"))
    )
    assert messages(data_dir) == [
        f"{ASSOC}:11: is not UTF-8 (byte 0xe9): save the file with UTF-8 encoding"
    ]


def test_an_empty_file(data_dir: Path) -> None:
    (data_dir / ASSOC).write_text("\n")
    assert messages(data_dir) == [f"{ASSOC}:1: file is empty: fill it in or delete it"]


def test_invalid_yaml_syntax_names_the_line(data_dir: Path, findings: Findings) -> None:
    path = data_dir / ASSOC
    path.write_text(path.read_text().replace("city: Lyon", "city: [Lyon"))
    found = findings(data_dir)
    assert found == {(ASSOC, 7, "")}
    assert messages(data_dir)[0].startswith(f"{ASSOC}:7: invalid YAML:")


def test_a_yaml_file_that_is_a_list_not_a_record(data_dir: Path, findings: Findings) -> None:
    (data_dir / ASSOC).write_text("- id: amal-test\n")
    assert findings(data_dir) == {(ASSOC, 1, "")}


def test_a_missing_folder(data_dir: Path) -> None:
    shutil.rmtree(data_dir / "trainings")
    assert messages(data_dir) == [
        "trainings:1: folder not found: create trainings/ with one YAML file per record"
    ]


def test_a_csv_not_declared_in_the_package(data_dir: Path) -> None:
    shutil.copy(data_dir / CSV, data_dir / "projects/2031.csv")
    assert messages(data_dir) == [
        "projects/2031.csv:1: not declared in datapackage.json: add a resource for it, or it"
        " will not be published"
    ]


def test_a_declared_csv_that_is_missing(data_dir: Path) -> None:
    (data_dir / CSV).unlink()
    assert messages(data_dir)[0].startswith(f"{CSV}:1: cannot be read:")


def test_a_missing_data_folder(tmp_path: Path) -> None:
    _, report = validate(tmp_path / "nowhere", today=TODAY)
    assert [(p.path, p.line) for p in report.problems] == [(".", 1)]
    assert "not found" in report.problems[0].message


def test_a_broken_datapackage(data_dir: Path) -> None:
    (data_dir / "datapackage.json").write_text('{"name": "x",\n "resources": [,]}')
    assert messages(data_dir) == ["datapackage.json:2: invalid JSON: Expecting value"]


def test_a_datapackage_naming_a_missing_schema(data_dir: Path) -> None:
    path = data_dir / "datapackage.json"
    package = json.loads(path.read_text())
    package["records"][0]["schema"] = "schemas/nope.schema.json"
    path.write_text(json.dumps(package))
    assert messages(data_dir) == [
        "datapackage.json:1: calls: schema schemas/nope.schema.json not found"
    ]


CONTROL = (
    "holds the invisible control character {} (pasted from another program?): delete it, or"
    " type the text around it again"
)


@pytest.mark.parametrize("character,written", [("\v", "U+000B"), ("\x92", "U+0092")])
def test_a_csv_cell_with_a_control_character(data_dir: Path, character: str, written: str) -> None:
    path = data_dir / CSV
    path.write_text(path.read_text().replace(",Titre,", f",Ti{character}tre,"))
    assert messages(data_dir) == [f"{CSV}:2: {CONTROL.format(written)}"]


def test_a_yaml_text_with_an_escaped_control_character(data_dir: Path) -> None:
    path = data_dir / ASSOC
    path.write_text(path.read_text().replace("fr: Soutien scolaire", 'fr: "Soutien\\vscolaire'))
    path.write_text(path.read_text().replace("à Lyon.", 'à Lyon."'))
    assert messages(data_dir) == [f"{ASSOC}:11: description.fr: {CONTROL.format('U+000B')}"]


def test_a_yaml_file_with_windows_line_ends_is_read(data_dir: Path) -> None:
    path = data_dir / ASSOC
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert messages(data_dir) == []


DIRECTION = (
    "holds the invisible direction control character U+202E, which shows what follows it"
    " backwards: delete it (the pages set each text's direction themselves)"
)


def test_a_name_that_turns_what_follows_it_backwards(data_dir: Path) -> None:
    path = data_dir / ASSOC
    path.write_text(
        path.read_text().replace("latin: Association Amal Test", 'latin: "Amal \\u202Egnp.exe"')
    )
    assert messages(data_dir) == [f"{ASSOC}:3: name.latin: {DIRECTION}"]


def test_a_csv_cell_that_turns_what_follows_it_backwards(data_dir: Path) -> None:
    path = data_dir / CSV
    path.write_text(path.read_text().replace(",Titre,", ",Ti\u202etre,"))
    assert messages(data_dir) == [f"{CSV}:2: {DIRECTION}"]


def test_an_arabic_text_may_keep_its_direction_marks(data_dir: Path) -> None:
    path = data_dir / ASSOC
    path.write_text(path.read_text().replace("arabic: جمعية أمل", "arabic: جمعية أمل\u200f 2"))
    assert messages(data_dir) == []


FORMULA = (
    "starts with {!r}, which a spreadsheet opening the open data runs as a formula: start"
    " the text otherwise"
)


def test_a_yaml_text_that_a_spreadsheet_would_run(data_dir: Path) -> None:
    path = data_dir / ASSOC
    path.write_text(
        path.read_text().replace("city: Lyon", """city: '=HYPERLINK("http://x.example")'""")
    )
    assert messages(data_dir)[0] == f"{ASSOC}:6: city: {FORMULA.format('=')}"


@pytest.mark.parametrize("cell", ["+cmd|' /C calc'!A0", "@SUM(1)", "-x+1"])
def test_a_csv_cell_that_a_spreadsheet_would_run(data_dir: Path, cell: str) -> None:
    path = data_dir / CSV
    path.write_text(path.read_text().replace(",Titre,", f",{cell},"))
    assert messages(data_dir) == [f"{CSV}:2: title_fr: {FORMULA.format(cell[0])}"]


@pytest.mark.parametrize("cell", ["-20 % de frais", "- Soutien", "+33 1 23 45 67 00", "1 = 1"])
def test_a_sign_before_a_digit_or_a_space_is_text(data_dir: Path, cell: str) -> None:
    path = data_dir / CSV
    path.write_text(path.read_text().replace(",Titre,", f",{cell},"))
    assert messages(data_dir) == []
