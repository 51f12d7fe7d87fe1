"""The staff's data repository for the smoke test: the project's data (with a call open
now), pages and site configuration, committed on main; its bare remote (origin), where
approved records are pushed; every page of a build marked with its release."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bench.applicants import CALL
from forms_service import clock
from tests.conftest import REPO

# In every page's footer (mkdocs.yml `copyright`); no colon, which French typography would space.
MARKER = "Release marker {}"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def set_marker(work: Path, release: str) -> None:
    config = work / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").split("\ncopyright:", 1)[0]
    config.write_text(f'{text}\ncopyright: "{MARKER.format(release)}"\n', encoding="utf-8")


def data_repository(root: Path) -> tuple[Path, Path]:
    """The staff's repository (data with a call open now, pages, site configuration), its
    bare remote, and the clone with main checked out that the service reads and commits to."""
    remote, work = root / "remote.git", root / "work"
    work.mkdir()
    for name in ("content", "site_builder/theme"):
        shutil.copytree(REPO / name, work / name)
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "data", work / "data")
    open_call(work / "data")
    set_marker(work, "A")
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(work, "init", "-q", "-b", "main")
    git(work, "config", "user.name", "Ministry")
    git(work, "config", "user.email", "ministry@example.org")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Portal data")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "origin", "main")
    return work, remote


def open_call(data: Path) -> None:
    """A call open now (applications are taken only while one is), its times in Casablanca's
    offset on their dates, as the data's validator wants. The service reads the real clock,
    so the call's window is set around it."""
    call = yaml.safe_load((data / "calls" / "support-2026.yaml").read_text(encoding="utf-8"))
    now = clock.now().astimezone(CASABLANCA).replace(microsecond=0)
    call.update(
        id=CALL,
        opens=(now - timedelta(days=1)).astimezone(CASABLANCA).isoformat(),
        closes=(now + timedelta(days=30)).astimezone(CASABLANCA).isoformat(),
    )
    text = yaml.safe_dump(call, allow_unicode=True, sort_keys=False)
    (data / "calls" / f"{CALL}.yaml").write_text(text, encoding="utf-8")
