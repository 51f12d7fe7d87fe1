"""Read a data file as text, or say plainly why it cannot be read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portal_contract.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    path: str  # relative to the data folder, with forward slashes
    text: str


# Control characters (but tab and line feed) and the two non-characters XML refuses: never
# text, but pasted with it (Word's line break in a cell is U+000B; U+0092 is an apostrophe
# read in the wrong encoding). The feed's XML cannot hold them, so the build stopped where
# `validate` had said the data was valid; HTML and CSV readers show them as garbage.
CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff"
# The bidirectional embeddings, overrides and isolates: U+202E in a name shows it, and in a
# tab's title or a spreadsheet's cell what follows it, backwards ("gnp.exe"). The pages set
# each text's direction themselves; the marks (U+200E, U+200F, U+061C) stay allowed.
DIRECTION = "\u202a-\u202e\u2066-\u2069"
INVISIBLE = re.compile(f"[{CONTROL}{DIRECTION}]")


def control_problem(path: str, text: str, line: int = 0, field: str = "") -> Problem | None:
    """The problem of `text` holding an invisible character it may not, if it does; at
    `line`, else at the line of `text` where the character is."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    character = f"U+{ord(found.group()):04X}"
    if re.fullmatch(f"[{DIRECTION}]", found.group()):
        message = (
            f"holds the invisible direction control character {character}, which shows what"
            " follows it backwards: delete it (the pages set each text's direction themselves)"
        )
    else:
        message = (
            f"holds the invisible control character {character} (pasted from another"
            " program?): delete it, or type the text around it again"
        )
    return Problem(
        path,
        line or text.count("\n", 0, found.start()) + 1,
        field,
        message,
        "control-character",
    )


# What a spreadsheet runs as a formula when it opens the open data's CSV files (staff open
# them in Excel): "=HYPERLINK(…)" sends a click's data away, "=cmd|' /C calc'!A0" asks to
# start a program. A sign before a digit stays allowed: a phone number, "-20 %".
FORMULA = re.compile(r"[=@\t]|[+-](?![\d ])")


def formula_problem(path: str, text: str, line: int, field: str) -> Problem | None:
    """The problem of a text that a spreadsheet would read as a formula, if it is one."""
    if not FORMULA.match(text):
        return None
    return Problem(
        path,
        line,
        field,
        f"starts with {text[:1]!r}, which a spreadsheet opening the open data runs as a"
        " formula: start the text otherwise",
        "formula",
    )


def read_text(root: Path, rel: str, *, strict_csv: bool = False) -> Source | Problem:
    """Decode a file as UTF-8. CSV files must also have no BOM and Unix line ends (\\n)."""
    try:
        raw = (root / rel).read_bytes()
    except OSError as exc:
        return Problem(rel, 1, "", f"cannot be read: {exc.strerror or exc}", "unreadable")
    if not raw.strip():
        return Problem(rel, 1, "", "file is empty: fill it in or delete it", "empty-file")
    if raw.startswith(BOM):
        if strict_csv:
            return Problem(
                rel,
                1,
                "",
                "starts with a byte-order mark (BOM): save it as UTF-8 without BOM",
                "bom",
            )
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Problem(
            rel,
            line,
            "",
            f"is not UTF-8 (byte 0x{raw[exc.start]:02x}): save the file with UTF-8 encoding",
            "encoding",
        )
    if strict_csv and "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return Problem(
            rel,
            line,
            "",
            "has Windows (CRLF) line ends: save it with Unix (LF) line ends",
            "line-ends",
        )
    # A YAML file's Windows line ends are read as any other; a CSV file's were refused above.
    if problem := control_problem(rel, text.replace("\r\n", "\n")):
        return problem
    return Source(rel, text)
