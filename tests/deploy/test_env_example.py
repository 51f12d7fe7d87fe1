"""deploy/portal.env.example lists every setting the forms service's settings and the site
builder read from the environment, with the code's own defaults, and gives a command run by hand
(deploy/with-env) what it gives the units."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO
from tests.deploy import environment

# Run in a fresh interpreter (the test's own has its settings loaded already): every name
# the settings look up in os.environ, with the default given when there is one.
RECORD = """
import json, os, sys
read = {}
PACKAGES = ("forms_service", "site_builder", "portal_contract")
OURS = tuple(os.path.abspath(p) + os.sep for p in PACKAGES)
def note(key, default=None):
    if sys._getframe(2).f_code.co_filename.startswith(OURS):  # not a library's own look-up
        read.setdefault(key, default if isinstance(default, str) else None)
class Recording(dict):
    def get(self, key, default=None):
        note(key, default)
        return super().get(key, default)
    def __getitem__(self, key):
        note(key)
        return super().__getitem__(key)
    def __contains__(self, key):
        note(key)
        return super().__contains__(key)
os.environ = Recording(os.environ)
import forms_service.settings
from site_builder.settings import Settings
Settings.from_env()
print(json.dumps(read))
"""
# Read by Django's own start, not a setting of the portal.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def read_by_the_code() -> dict[str, str | None]:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "forms_service.settings"}
    done = subprocess.run(
        [sys.executable, "-c", RECORD], cwd=REPO, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    read: dict[str, str | None] = json.loads(done.stdout)
    return {k: v for k, v in read.items() if k not in NOT_SETTINGS}


def test_every_setting_read_is_listed() -> None:
    read = read_by_the_code()
    assert {"FORMS_SECRET_KEY", "DATABASE_URL", "PORTAL_ORIGIN", "SITE_BUILDER_NOW"} <= set(read)
    missing = sorted(set(read) - set(environment.listed()))
    assert not missing, f"{environment.EXAMPLE} does not list {missing}"


def test_the_defaults_written_are_the_codes() -> None:
    read = read_by_the_code()
    wrong = {
        name: (value, read[name])
        for name, (on, value) in environment.listed().items()
        if not on and value and read.get(name) is not None and read[name] != value
    }
    assert not wrong, f"defaults in {environment.EXAMPLE} differ from the code's: {wrong}"


def test_the_command_line_tools_settings_are_listed() -> None:
    """Read outside the settings, by one command: listed, commented out, never set here."""
    listed = environment.listed()
    assert listed["FORMS_STAFF_PASSWORD"] == (False, "")


def test_a_command_run_by_hand_gets_what_the_units_get() -> None:
    shell = subprocess.run(
        [str(REPO / "deploy" / "with-env"), "env", "-0"],
        env={"PATH": "/usr/bin:/bin", "PORTAL_ENV": str(environment.EXAMPLE)},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    got = dict(entry.split("=", 1) for entry in shell.split("\0") if "=" in entry)
    assert environment.active()  # the example sets some
    for name, value in environment.active().items():
        assert got.get(name) == value, name
