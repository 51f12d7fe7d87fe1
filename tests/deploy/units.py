"""The systemd units of deploy/systemd/, read for the command lines they run, so that the
tests start the processes production starts, with the checkout in place of /srv/portal/app."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from tests.conftest import REPO

UNITS = REPO / "deploy" / "systemd"
APP = "/srv/portal/app"  # where the units expect the checkout (README, "In production")
ENV_FILE = "/etc/portal/portal.env"


def read(name: str) -> configparser.ConfigParser:
    # strict=False: systemd allows a key more than once (ExecStartPre=, say).
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(UNITS / name, encoding="utf-8")
    return unit


def command(name: str, instance: str = "", app: Path = REPO) -> list[str]:
    """The unit's ExecStart=, with %i its instance and the checkout at `app`."""
    line = read(name)["Service"]["ExecStart"].replace("%i", instance)
    return [word.replace(APP, str(app), 1) if word.startswith(APP) else word
            for word in shlex.split(line)]  # fmt: skip


def working_directory(name: str, app: Path = REPO) -> Path:
    """The unit's WorkingDirectory=, the checkout at `app`."""
    return Path(read(name)["Service"]["WorkingDirectory"].replace(APP, str(app), 1))


def names() -> list[str]:
    return sorted(p.name for p in UNITS.iterdir())
