"""The systemd units of deploy/systemd/: systemd itself finds nothing wrong with them (where
systemd-analyze is installed; required with REQUIRE_SYSTEMD=1, as in CI), each runs a
command that exists, from the checkout, with the environment file, as the portal's user,
and each timer starts a unit that exists."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.deploy import environment, units

SERVICES = [n for n in units.names() if n.endswith(".service")]
TIMERS = [n for n in units.names() if n.endswith(".timer")]


def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found:
        return found
    if os.environ.get("REQUIRE_SYSTEMD") == "1":
        pytest.fail("systemd-analyze (Debian's systemd) is required here")
    pytest.skip("systemd-analyze is not installed")


def test_systemd_finds_nothing_wrong(tmp_path: Path) -> None:
    """As installed: the checkout at /srv/portal/app, the file at /etc/portal/portal.env
    (here under a folder of the test's, the checkout linked there)."""
    analyze = systemd_analyze()
    (tmp_path / "srv" / "portal").mkdir(parents=True)
    (tmp_path / "srv" / "portal" / "app").symlink_to(REPO)
    env_file = tmp_path / "portal.env"
    shutil.copy(REPO / "deploy" / "portal.env.example", env_file)
    installed = tmp_path / "units"
    installed.mkdir()
    for name in units.names():
        text = (units.UNITS / name).read_text(encoding="utf-8")
        text = text.replace(units.APP, str(tmp_path / "srv" / "portal" / "app"))
        (installed / name).write_text(text.replace(units.ENV_FILE, str(env_file)))
    named = [str(installed / n) for n in units.names() if "@." not in n]
    named += [str(installed / n.replace("@.", "@8001.")) for n in units.names() if "@." in n]
    done = subprocess.run([analyze, "verify", *named], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_runs_the_portals_command_as_production_does(name: str) -> None:
    service = units.read(name)["Service"]
    assert service["User"] == service["Group"] == "portal"
    assert service["WorkingDirectory"] == units.APP
    assert service["EnvironmentFile"] == units.ENV_FILE
    argv = units.command(name, "8001")
    assert Path(argv[0]).is_file() and os.access(argv[0], os.X_OK), argv[0]
    if Path(argv[0]).name == "forms-service":
        known = subprocess.run(
            [argv[0], "help", "--commands"], capture_output=True, text=True, check=True
        ).stdout.split()
        assert argv[1] in known


def test_the_worker_comes_back_whatever_stopped_it() -> None:
    assert units.read("portal-worker.service")["Service"]["Restart"] == "always"
    assert units.read("portal-forms@.service")["Service"]["Restart"] == "on-failure"


@pytest.mark.parametrize("name", TIMERS)
def test_each_timer_runs_its_service_daily(name: str) -> None:
    timer = units.read(name)["Timer"]
    assert timer["OnCalendar"] == "daily" and timer["Persistent"] == "true"
    assert name.replace(".timer", ".service") in SERVICES


def _writable(name: str) -> set[str]:
    return set(units.read(name)["Service"].get("ReadWritePaths", "").split())


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_can_write_only_where_it_writes(name: str) -> None:
    """The file system read-only but the service's files (FORMS_VAR_DIR, as the example
    sets it) and, for the worker, the git folder it commits to (the checkout by default):
    not the checkout itself, code a crafted upload must not be able to rewrite.
    ProtectSystem=full left /srv writable."""
    service = units.read(name)["Service"]
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == service["NoNewPrivileges"] == "yes"
    var = environment.active()["FORMS_VAR_DIR"]
    publish_repo = environment.listed()["FORMS_PUBLISH_REPO"]
    assert publish_repo == (False, units.APP)  # the default, the checkout: its .git below
    wanted = {var, f"{units.APP}/.git"} if name == "portal-worker.service" else {var}
    assert _writable(name) == wanted
    assert not any(path == units.APP or units.APP.startswith(path) for path in _writable(name))
    assert service["UMask"] == "0027"  # uploads and git objects: the portal's group only
