"""`site-builder pipeline`: the publishing steps a CI runner calls, for staff who publish by
committing to data/ and content/.

    check    validate the data (annotations on the lines at fault with --format github),
             build the site, check its links
    preview  check, then publish the build as a preview of a branch: HOST/previews/<name>/
    deploy   check, then publish the build as the site: HOST/current

A publication is atomic: the build is copied into HOST/…/releases/<id>/ first, then the
`current` symbolic link is replaced by one pointing at it (a rename, which is atomic), so the
web server serving `current` never shows half a site, and a failed step leaves it as it was.
The last releases are kept: going back is pointing `current` at an earlier one. One
publication at a time into a folder (a lock, HOST/.publishing): a second deploy, started by
hand while the workflow's runs, waits for the first instead of building from a release the
first is about to prune, or putting an older revision back over a newer one. With
--rsync, the release is then copied to a remote static host, files swapped in at the end
(rsync --delay-updates). GitHub Pages is published by the workflow from the checked build.

A deploy builds from the current release when there is one (site_builder/tools/incremental.py):
only what depends on the changed records is drawn again, the rest hard-linked from it, in
the releases' own folder. What that needs of the last build (out/.site-builder/) is never
published: each release's is kept beside the releases, in HOST/state/<release>/.

With --repo and --ref, the data and pages are taken from that revision of a git repository
(as a runner sees a pull request or a push); without them, from the working folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from portal_contract import git
from portal_contract.origin import OriginError, is_local
from site_builder import clock
from site_builder.build import REPORT, STATE, BuildError, Say, build
from site_builder.model.site import build_site
from site_builder.reading.validate import validate
from site_builder.settings import Settings
from site_builder.tools import incremental, linkcheck

KEEP = 5  # releases kept beside the current one
STATES = "state"  # HOST/state/<release>/: each release's state, out of the web server's reach
# What a build reads from the repository (the theme is named by mkdocs.yml by its path).
SOURCES = ("data", "content", "mkdocs.yml", "site_builder/theme")


class PipelineError(Exception):
    """A step failed; its message says which and why."""


@dataclass(frozen=True)
class Previous:
    """The release a deploy builds from, and the state its build left."""

    site: Path
    state: Path


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
    previous: Previous | None = None,
    keep_state: bool = False,
    seconds: dict[str, float] | None = None,
) -> None:
    """Validate, build into `out` for `origin` (None: the default), check the links; raise
    PipelineError at the first failure. With `previous`, build from it (incremental), and
    keep the new build's state (as with `keep_state`). `seconds`: each step's time."""
    timed = seconds if seconds is not None else {}
    began = time.perf_counter()
    settings = Settings(now=now, origin=origin)
    try:  # a wrong address is refused before the data is even read
        public = settings.public_origin()
    except OriginError as exc:
        raise PipelineError(f"PORTAL_ORIGIN (or --origin): {exc}") from None
    if keep_state and is_local(public):  # a deploy: what the public reads
        # PORTAL_ORIGIN unset, say: every absolute link (sitemaps, feeds, calendars, the
        # guides' PDFs) would lead to the reader's own machine, and nothing else shows it.
        say(
            f"warning: the site is built for {public}, an address of this machine: set"
            " PORTAL_ORIGIN (or --origin) to the portal's public address"
        )
    data = sources.root / "data"
    moment = clock.now(now)
    dataset, report = validate(data, today=moment.date())
    for problem in report.sorted_problems():
        # Paths as the repository names them, so that annotations land on its files.
        say(problem.format_github("data") if github else problem.format("data"))
    say(report.summary())
    if not report.ok:
        raise PipelineError("the data has problems: nothing was built or published")
    timed["validate"] = time.perf_counter() - began
    began = time.perf_counter()
    site = build_site(dataset, moment)  # once, for the build: the data is valid
    timed["model"] = time.perf_counter() - began
    began = time.perf_counter()
    content = sources.root / "content"
    done = None
    try:
        if previous is not None:
            done = incremental.build(
                previous=previous.site,
                previous_state=previous.state,
                data=data,
                content=content,
                out=out,
                settings=settings,
                search=search,
                say=say,
                site=site,
            )
            timed.update(done.seconds)
        else:
            build(
                data=data,
                content=content,
                out=out,
                settings=settings,
                search=search,
                say=say,
                keep_state=keep_state,
                site=site,
            )
    except BuildError as exc:
        raise PipelineError(f"the site was not built:\n{exc}") from None
    timed["build"] = time.perf_counter() - began
    began = time.perf_counter()
    broken = linkcheck.check(out, data / "forms", public, _checked(out, done))
    for one in broken:
        say(f"::error title=broken link::{one}" if github else str(one))
    if broken:
        raise PipelineError(f"{len(broken)} broken links: nothing was published")
    say(f"links: every internal link of {out} leads somewhere")
    timed["links"] = time.perf_counter() - began


def _checked(out: Path, done: incremental.Outcome | None) -> list[Path]:
    """The pages whose links to check (never the build's state beside them): every page
    after a full build. After an incremental one, the pages it wrote, and when pages went
    away, every page that names one of them: a kept page's other links were checked in the
    last build, and lead to pages that are all still there. (Checking all 17,000 pages of
    the national site takes most of a minute.)"""

    def every() -> list[Path]:  # listing the whole site takes seconds: only when needed
        return [p for p in out.rglob("*.html") if STATE not in p.relative_to(out).parts]

    if done is None or done.full:
        return every()
    written = [
        out / lang / path / "index.html" for lang, paths in done.pages.items() for path in paths
    ]
    written += sorted((out / REPORT).rglob("*.html"))
    # A link to a removed page holds its last segment, whether relative or absolute.
    names = {path.rstrip("/").rsplit("/", 1)[-1].encode() for path in done.removed}
    if names:
        written += [p for p in every() if any(name in p.read_bytes() for name in names)]
    return sorted(set(written))


@contextlib.contextmanager
def exclusive(root: Path, say: Say) -> Iterator[None]:
    """Hold the folder's publishing lock; wait for it, saying so, when another has it. The
    lock is the kernel's (flock): a publication killed midway holds it no more."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".publishing").open("a") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting: another publication into {root} is running")
            fcntl.flock(held, fcntl.LOCK_EX)
        yield


def leftovers(root: Path) -> None:
    """What a publication killed midway left (under the lock, none is running): its
    staging folder, holding a half-built release, and its new link, never swapped in."""
    for unfinished in (root / "releases").glob(".incoming-*"):
        shutil.rmtree(unfinished, ignore_errors=True)
    for link in root.glob(".current-*"):
        link.unlink(missing_ok=True)


def staging(root: Path) -> Path:
    """A new folder among the releases, to build or copy the next one into."""
    releases = root / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".incoming-", dir=releases))


def previous_release(root: Path) -> Previous | None:
    """The current release and its build's state, when both are there."""
    link = root / "current"
    if not link.is_symlink():
        return None
    site = link.resolve()
    state = root / STATES / site.name
    return Previous(site, state) if site.is_dir() and state.is_dir() else None


def release(build_dir: Path, root: Path, label: str) -> Path:
    """Copy the build into root/releases/<id>/ (moved, when it was built in a staging
    folder there) and point root/current at it, atomically. The build's state goes to
    root/state/<id>/, out of the published folder."""
    releases = root / "releases"
    inside = build_dir.resolve().parent == releases.resolve()
    ready = build_dir if inside else staging(root)
    if not inside:
        shutil.copytree(build_dir, ready, dirs_exist_ok=True)
    name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{label}"
    final = releases / name
    n = 1
    while final.exists():  # two releases of the same revision in the same second
        n += 1
        final = releases / f"{name}-{n}"
    state = ready / STATE
    if state.is_dir():
        (root / STATES).mkdir(exist_ok=True)
        shutil.rmtree(root / STATES / final.name, ignore_errors=True)
        state.rename(root / STATES / final.name)
    ready.rename(final)
    link = root / "current"
    fresh = root / f".current-{os.getpid()}"
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(final.relative_to(root))
    fresh.replace(link)  # the swap: a rename over the old link
    return final


def _prune(releases: Path, keep: Path) -> None:
    done = sorted(p for p in releases.iterdir() if not p.name.startswith("."))
    for old in done[:-KEEP]:
        if old != keep:
            shutil.rmtree(old)
            shutil.rmtree(releases.parent / STATES / old.name, ignore_errors=True)


# rsync gives up when the other side sends nothing for this long (connecting included): a
# host that has gone silent fails the deploy instead of holding it forever. A slow but
# moving transfer is not cut short.
RSYNC_TIMEOUT = 120


def rsync(release_dir: Path, destination: str) -> None:
    """Copy a release to a remote static host; files are swapped in at the end."""
    command = [
        "rsync",
        "--archive",
        f"--timeout={RSYNC_TIMEOUT}",
        "--delete-after",
        "--delay-updates",
        f"--exclude=/{STATE}/",  # never there (release() moves it out); never sent
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
    seconds: dict[str, float] | None = None,
) -> Path | None:
    """Run `step` (check, preview or deploy); return the release it published, if any.
    `seconds`: filled with each step's time."""
    timed = seconds if seconds is not None else {}
    if step != "check" and host is None:
        raise PipelineError(f"{step} needs --host, the folder the web server serves")
    with tempfile.TemporaryDirectory(prefix="site-pipeline-") as scratch:
        if repo is not None:
            began = time.perf_counter()
            (Path(scratch) / "src").mkdir()
            sources = export(repo, ref or "HEAD", Path(scratch) / "src")
            timed["export"] = time.perf_counter() - began
        else:
            sources = Sources(Path.cwd(), "worktree")
        root = None
        if host is not None and step == "preview":
            root = host / "previews" / preview_name(name or ref or "preview")
        elif host is not None and step == "deploy":
            root = host
        # One publication into a folder at a time; what a killed one left is cleared first.
        with exclusive(root, say) if root is not None else contextlib.nullcontext():
            if root is not None:
                leftovers(root)
            previous = previous_release(root) if step == "deploy" and root is not None else None
            # A deploy is built in the releases' folder: hard links to the current release
            # work there, and the release is then a rename, not a copy.
            built = out or (staging(root) if root is not None else Path(scratch) / "site")
            try:
                check(
                    sources,
                    built,
                    github=github,
                    search=search,
                    now=now,
                    say=say,
                    origin=origin,
                    previous=previous,
                    keep_state=step == "deploy",
                    seconds=timed,
                )
            except PipelineError:
                if root is not None and out is None:
                    shutil.rmtree(built, ignore_errors=True)
                raise
            if step == "check":
                return None
            assert root is not None
            began = time.perf_counter()
            final = release(built, root, sources.label)
            timed["swap"] = time.perf_counter() - began
            began = time.perf_counter()  # once the new release is served
            _prune(root / "releases", keep=final)
            timed["prune"] = time.perf_counter() - began
            if rsync_to:
                rsync(final, rsync_to)
            say(f"published: {root / 'current'} → releases/{final.name}")
            return final
