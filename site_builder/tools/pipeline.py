"""`site-builder pipeline`: the publishing steps a CI runner calls, for staff who publish by
committing to data/ and content/.

    check    validate the data (annotations on the lines at fault with --format github),
             build the site, check its links
    preview  check, then publish the build as a preview of a branch: HOST/previews/<name>/
    deploy   check, then publish the build as the site: HOST/current

A publication is atomic: the build is copied into HOST/…/releases/<id>/ first, then the
`current` symbolic link is replaced by one pointing at it (a rename, which is atomic), so the
web server serving `current` never shows half a site, and a failed step leaves it as it was.
The last releases are kept: going back is pointing `current` at an earlier one. With
--rsync, the release is then copied to a remote static host, files swapped in at the end
(rsync --delay-updates). GitHub Pages is published by the workflow from the checked build.

With --repo and --ref, the data and pages are taken from that revision of a git repository
(as a runner sees a pull request or a push); without them, from the working folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from portal_contract import git
from portal_contract.origin import OriginError
from site_builder import clock
from site_builder.build import BuildError, Say, build
from site_builder.reading.validate import validate
from site_builder.settings import Settings
from site_builder.tools import linkcheck

KEEP = 5  # releases kept beside the current one
# What a build reads from the repository (the theme is named by mkdocs.yml by its path).
SOURCES = ("data", "content", "mkdocs.yml", "site_builder/theme")


class PipelineError(Exception):
    """A step failed; its message says which and why."""


@dataclass(frozen=True)
class Sources:
    root: Path  # holds data/, content/ and mkdocs.yml
    label: str  # the revision, for the release's name


def export(repo: Path, ref: str, into: Path) -> Sources:
    """The data, pages and site configuration at `ref`, written out under `into`."""
    sha = _git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}").strip()
    try:
        archive = git.run(repo, "archive", "--format=tar", sha, *SOURCES, binary=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise PipelineError(git.said(exc)) from None
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return Sources(into, sha[:12])


def _git(repo: Path, *args: str) -> str:
    try:
        return git.run(repo, *args)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise PipelineError(git.said(exc)) from None


def check(
    sources: Sources,
    out: Path,
    *,
    github: bool,
    search: bool,
    now: str | None,
    say: Say,
    origin: str | None = None,
) -> None:
    """Validate, build into `out` for `origin` (None: the default), check the links; raise
    PipelineError at the first failure."""
    settings = Settings(now=now, origin=origin)
    try:  # a wrong address is refused before the data is even read
        public = settings.public_origin()
    except OriginError as exc:
        raise PipelineError(f"PORTAL_ORIGIN (or --origin): {exc}") from None
    data = sources.root / "data"
    today = clock.now(now).date()
    _, report = validate(data, today=today, keep_rows=False)
    for problem in report.sorted_problems():
        # Paths as the repository names them, so that annotations land on its files.
        say(problem.format_github("data") if github else problem.format("data"))
    say(report.summary())
    if not report.ok:
        raise PipelineError("the data has problems: nothing was built or published")
    try:
        build(
            data=data,
            content=sources.root / "content",
            out=out,
            settings=settings,
            search=search,
            say=say,
        )
    except BuildError as exc:
        raise PipelineError(f"the site was not built:\n{exc}") from None
    broken = linkcheck.check(out, data / "forms", public)
    for one in broken:
        say(f"::error title=broken link::{one}" if github else str(one))
    if broken:
        raise PipelineError(f"{len(broken)} broken links: nothing was published")
    say(f"links: every internal link of {out} leads somewhere")


def release(build_dir: Path, root: Path, label: str) -> Path:
    """Copy the build into root/releases/<id>/ and point root/current at it, atomically."""
    releases = root / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{label}"
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=releases))
    shutil.copytree(build_dir, staging, dirs_exist_ok=True)
    final = releases / name
    n = 1
    while final.exists():  # two releases of the same revision in the same second
        n += 1
        final = releases / f"{name}-{n}"
    staging.rename(final)
    link = root / "current"
    fresh = root / f".current-{os.getpid()}"
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(final.relative_to(root))
    fresh.replace(link)  # the swap: a rename over the old link
    _prune(releases, keep=final)
    return final


def _prune(releases: Path, keep: Path) -> None:
    done = sorted(p for p in releases.iterdir() if not p.name.startswith("."))
    for old in done[:-KEEP]:
        if old != keep:
            shutil.rmtree(old)


def rsync(release_dir: Path, destination: str) -> None:
    """Copy a release to a remote static host; files are swapped in at the end."""
    command = [
        "rsync",
        "--archive",
        "--delete-after",
        "--delay-updates",
        f"{release_dir}/",
        destination,
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise PipelineError(f"rsync to {destination} failed: {done.stderr.strip()}")


def preview_name(branch: str) -> str:
    """A branch name as a folder name: feature/new-call → feature-new-call."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", branch).strip("-.")
    if not name:
        raise PipelineError(f"{branch!r} cannot name a preview")
    return name


def run(
    step: str,
    *,
    host: Path | None = None,
    repo: Path | None = None,
    ref: str | None = None,
    name: str | None = None,
    out: Path | None = None,
    rsync_to: str | None = None,
    github: bool = False,
    search: bool = True,
    now: str | None = None,
    origin: str | None = None,
    say: Say = print,
) -> Path | None:
    """Run `step` (check, preview or deploy); return the release it published, if any."""
    if step != "check" and host is None:
        raise PipelineError(f"{step} needs --host, the folder the web server serves")
    with tempfile.TemporaryDirectory(prefix="site-pipeline-") as scratch:
        if repo is not None:
            (Path(scratch) / "src").mkdir()
            sources = export(repo, ref or "HEAD", Path(scratch) / "src")
        else:
            sources = Sources(Path.cwd(), "worktree")
        built = out or Path(scratch) / "site"
        check(sources, built, github=github, search=search, now=now, say=say, origin=origin)
        if step == "check":
            return None
        assert host is not None
        if step == "preview":
            root = host / "previews" / preview_name(name or ref or "preview")
        else:
            root = host
        final = release(built, root, sources.label)
        if rsync_to:
            rsync(final, rsync_to)
        say(f"published: {root / 'current'} → releases/{final.name}")
        return final
