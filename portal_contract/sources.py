"""Read a data file as text, or say plainly why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal_contract.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    path: str  # relative to the data folder, with forward slashes
    text: str


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
    return Source(rel, text)
