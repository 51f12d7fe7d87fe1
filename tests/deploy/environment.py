"""The portal's environment file (deploy/portal.env.example) read as systemd's
EnvironmentFile= reads it: NAME=value lines, comments, double-quoted values."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

EXAMPLE = REPO / "deploy" / "portal.env.example"
ASSIGNMENT = re.compile(r"^(?P<off>#)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def listed(path: Path = EXAMPLE) -> dict[str, tuple[bool, str]]:
    """Every setting the file names: NAME → (set, value), commented-out lines as not set."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ASSIGNMENT.match(line)
        if match:
            found[match["name"]] = (match["off"] is None, unquote(match["value"]))
    return found


def active(path: Path = EXAMPLE) -> dict[str, str]:
    """What a process started with this file gets."""
    return {name: value for name, (on, value) in listed(path).items() if on}


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def write(path: Path, values: dict[str, str]) -> None:
    """An environment file both systemd and `sh` read as `values`."""
    for name, value in values.items():
        if re.search(r'["\\$`\n]', value):
            raise ValueError(f"{name}: a value systemd and sh would read differently")
    path.write_text("".join(f'{k}="{v}"\n' for k, v in values.items()), encoding="utf-8")
