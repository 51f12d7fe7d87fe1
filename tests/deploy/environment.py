"""The portal's environment file (deploy/portal.env.example): its settings as the units and
deploy/with-env read them (deploy/env_file.py), and the defaults its commented-out lines show."""

from __future__ import annotations

import re
from pathlib import Path

from deploy import env_file
from tests.conftest import REPO

EXAMPLE = REPO / "deploy" / "portal.env.example"
ASSIGNMENT = re.compile(r"^(?P<off>#)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def listed(path: Path = EXAMPLE) -> dict[str, tuple[bool, str]]:
    """Every setting the file names: NAME → (set, value), commented-out lines as not set."""
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = ASSIGNMENT.match(line)
        if match:
            # Read alone, at its own line number (for the message if it cannot be read).
            assignment = "\n" * (number - 1) + line.removeprefix("#")
            value = env_file.parse(assignment, str(path))[match["name"]]
            found[match["name"]] = (match["off"] is None, value)
    return found


def active(path: Path = EXAMPLE) -> dict[str, str]:
    """What a process started with this file gets."""
    return env_file.read(path)


def write(path: Path, values: dict[str, str]) -> None:
    """An environment file systemd and deploy/with-env read as `values`."""
    path.write_text("".join(f"{k}={env_file.quote(v)}\n" for k, v in values.items()), "utf-8")
