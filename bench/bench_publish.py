"""Publishing a one-record change: `site-builder pipeline deploy` at national scale, from
the commit to the new release being served.

    python -m bench.bench_publish           # writes bench/results/publish.md

A git repository holds the national-scale data (bench/datagen.py), the pages and the site's
configuration. Its first revision is deployed whole (a full build); then each kind of
one-record change is committed and deployed, each from the release before it (the
incremental build, site_builder/tools/incremental.py), while a client asks the static server
for the changed page every 20 ms: "live" is when it gets the new page. The server serves
HOST/current, following the link at each request as nginx does (deploy/nginx: no
open_file_cache). Each deploy's steps are timed by the pipeline itself; the last revision is
then built whole and compared with the last release, file for file; one more deploy runs
under cProfile, for where the time of the builder's own process goes.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import resource
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.datagen import SCALES, generate
from bench.results import Run, heading, met, save
from site_builder.build import STATE, build
from site_builder.settings import Settings
from site_builder.tools import pipeline
from site_builder.tools.serve import make_server

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = "2026-11-29T12:00:00+00:00"
GOAL_S = 5.0
PORT = 8765
# The steps as the pipeline times them (site_builder/tools/pipeline.py, tools/incremental.py),
# in the order they run, with what each covers. Search and open data run at the same time.
STEPS = (
    ("export", "take data/ and content/ out of the git revision"),
    ("validate", "validate the whole data"),
    ("model", "the site model"),
    ("plan", "digests, and the changed pages drawn in memory, 3 languages"),
    ("link", "the last release hard-linked into the new one"),
    ("pages", "the drawn pages, feeds, calendars, charts, sitemaps, ledgers written"),
    ("search", "Pagefind, each language whose pages changed, whole"),
    ("open data", "open data and staff report, made again (beside the search)"),
    ("links", "link check of the pages written"),
    ("swap", "state moved out, release renamed, `current` swapped"),
    ("prune", "releases beyond the last five deleted (after the swap)"),
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr}")
    return done.stdout


@dataclass(frozen=True)
class Change:
    name: str
    what: str
    apply: Callable[[Path], tuple[str, Callable[[int, bytes], bool]]]  # → (URL path, live?)


def _row(data: Path, n: int = 0) -> tuple[Path, list[str], list[dict[str, str]]]:
    path = sorted((data / "projects").glob("*.csv"))[-1]
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return path, list(rows[0]), rows


def _write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def retitle_project(root: Path) -> tuple[str, Callable[[int, bytes], bool]]:
    path, columns, rows = _row(root / "data")
    rows[0]["title_en"] += " (revised)"
    _write_rows(path, columns, rows)
    title = rows[0]["title_en"].encode()
    return f"/en/projects/{rows[0]['id']}/", lambda status, body: title in body


def move_project(root: Path) -> tuple[str, Callable[[int, bytes], bool]]:
    path, columns, rows = _row(root / "data")
    row = rows[1]
    row["country"], row["city"] = ("BE", "Liège") if row["country"] != "BE" else ("FR", "Lyon")
    _write_rows(path, columns, rows)
    link = f"projects/country/{row['country'].lower()}/".encode()
    return f"/en/projects/{row['id']}/", lambda status, body: link in body


def add_association(root: Path) -> tuple[str, Callable[[int, bytes], bool]]:
    folder = root / "data" / "associations"
    first = sorted(folder.glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8").replace(f"id: {first.stem}", "id: bench-new-one")
    (folder / "bench-new-one.yaml").write_text(text, encoding="utf-8")
    return "/fr/associations/bench-new-one/", lambda status, body: status == 200


def delete_training(root: Path) -> tuple[str, Callable[[int, bytes], bool]]:
    last = sorted((root / "data" / "trainings").glob("*.yaml"))[-1]
    last.unlink()
    return f"/ar/trainings/{last.stem}/", lambda status, body: status == 404


def extend_deadline(root: Path) -> tuple[str, Callable[[int, bytes], bool]]:
    """The open call closing soonest at the build's moment, a month later."""
    found = []
    for path in (root / "data" / "calls").glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("closes: '") and line[9:29] > NOW[:20]:
                found.append((line[9:-1], path))
    closes, path = min(found)
    later = f"{int(closes[:4]) + 1}{closes[4:]}"
    text = path.read_text(encoding="utf-8").replace(f"closes: '{closes}'", f"closes: '{later}'")
    path.write_text(text, encoding="utf-8")
    return f"/fr/calls/{path.stem}/", lambda status, body: later.encode() in body


CHANGES = (
    Change("retitle_project", "a project's title (a CSV row)", retitle_project),
    Change("move_project", "a project's host country and city (a CSV row)", move_project),
    Change("add_association", "a new association", add_association),
    Change("delete_training", "a training deleted", delete_training),
    Change("extend_deadline", "an open call's deadline, a year later", extend_deadline),
)


def fetch(path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def deploy(repo: Path, host: Path, ref: str, seconds: dict[str, float]) -> list[str]:
    said: list[str] = []
    pipeline.run("deploy", host=host, repo=repo, ref=ref, now=NOW, say=said.append, seconds=seconds)
    return said


def live_deploy(repo: Path, host: Path, change: Change) -> dict[str, Any]:
    """Commit the change, deploy it, and time it until the server sends the new page."""
    url, is_live = change.apply(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", change.what)
    seen: list[float] = []
    stop = threading.Event()
    started = time.perf_counter()

    def poll() -> None:
        while not stop.is_set():
            if is_live(*fetch(url)):
                seen.append(time.perf_counter() - started)
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=poll)
    watcher.start()
    seconds: dict[str, float] = {}
    cpu = processor()
    said = deploy(repo, host, "HEAD", seconds)
    deployed = time.perf_counter() - started
    cpu = processor() - cpu
    watcher.join(timeout=30)
    stop.set()
    drawn = next((line for line in said if line.startswith("incremental: ")), "")
    return {
        "change": change.name,
        "what": change.what,
        "live_s": round(seen[0], 2) if seen else None,
        "deploy_s": round(deployed, 2),
        "cpu_s": round(cpu, 2),
        "steps": {k: round(v, 2) for k, v in seconds.items()},
        "drawn": drawn,
    }


def processor() -> float:
    """Processor time so far of this process and its finished children (git, Pagefind):
    what a deploy costs whatever else the machine is running."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def numbered(path: str) -> bool:
    """One of Pagefind's files that follow the order it read pages in (word index, meta,
    entry), as opposed to its fragments (a page's text each) and code."""
    name = path.rsplit("/", 1)[-1]
    return "/pagefind/" in path and (
        name.endswith((".pf_index", ".pf_meta")) or name == "pagefind-entry.json"
    )


def compare(one: Path, other: Path) -> list[str]:
    a = {p.relative_to(one).as_posix(): p for p in one.rglob("*") if p.is_file()}
    b = {p.relative_to(other).as_posix(): p for p in other.rglob("*") if p.is_file()}
    wrong = sorted(a.keys() ^ b.keys())
    wrong += sorted(p for p in a.keys() & b.keys() if a[p].read_bytes() != b[p].read_bytes())
    return wrong


def profiled(repo: Path, host: Path, work: Path) -> list[list[Any]]:
    """One more one-record deploy under cProfile: the builder's own process (Pagefind runs
    in processes of its own, timed as the search step)."""
    retitle_project(repo)
    git(repo, "commit", "-qam", "profiled change")
    profile = cProfile.Profile()
    profile.enable()
    deploy(repo, host, "HEAD", {})
    profile.disable()
    stats = pstats.Stats(profile, stream=io.StringIO())
    stats.dump_stats(str(work / "deploy.prof"))
    rows = []
    for (filename, line, name), (_cc, _nc, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(filename).name}:{line}({name})"
        rows.append([where, round(cumulative, 2), round(own, 2)])
    rows.sort(key=lambda r: -r[2])
    return rows[:12]


def repository(work: Path, scale: str) -> Path:
    repo = work / "repo"
    repo.mkdir(parents=True)
    generate(SCALES[scale], repo / "data")
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copytree(REPO / "site_builder" / "theme", repo / "site_builder" / "theme")
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "staff@example.org")
    git(repo, "config", "user.name", "Staff")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "national data")
    return repo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", choices=sorted(SCALES))
    parser.add_argument("--out", type=Path, default=HERE / "out" / "publish")
    parser.add_argument("--results", type=Path, default=HERE / "results" / "publish.md")
    args = parser.parse_args(argv)
    work = args.out.resolve()
    shutil.rmtree(work, ignore_errors=True)
    repo = repository(work, args.scale)
    host = work / "host"
    began = time.perf_counter()
    first_steps: dict[str, float] = {}
    deploy(repo, host, "HEAD", first_steps)
    full_s = time.perf_counter() - began
    print(f"full deploy: {full_s:.1f} s", file=sys.stderr)
    server = make_server(host / "current", PORT)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    runs = []
    try:
        for change in CHANGES:
            one = live_deploy(repo, host, change)
            print(one, file=sys.stderr)
            runs.append(one)
    finally:
        server.shutdown()
    # The last revision built whole, and compared with the last release.
    whole = work / "whole"
    (work / "src").mkdir()
    pipeline.export(repo, "HEAD", work / "src")
    build(
        data=work / "src" / "data",
        content=work / "src" / "content",
        out=whole,
        settings=Settings(now=NOW),
        say=lambda _line: None,
        # Its search documents on disk like the releases': Pagefind numbers pages in the
        # order it reads them, which is the folder's order (tmpfs and ext4 differ).
        keep_state=True,
    )
    shutil.rmtree(whole / STATE)
    differing = compare(whole, (host / "current").resolve())
    profile = profiled(repo, host, work)
    pages = sum(1 for _ in (host / "current").resolve().rglob("*.html"))
    figures = {
        "scale": args.scale,
        "as_of": NOW,
        "pages": pages,
        "load": [round(x, 1) for x in os.getloadavg()],
        "goal_s": GOAL_S,
        "full_deploy_s": round(full_s, 2),
        "full_steps": {k: round(v, 2) for k, v in first_steps.items()},
        "changes": runs,
        "differing": [p for p in differing if not numbered(p)][:20],
        "differing_count": len(differing),
        "differing_pagefind_order": sum(numbered(p) for p in differing),
        "state_published": (host / "current" / STATE).exists(),
        "profile": profile,
    }
    options = " ".join(argv if argv is not None else sys.argv[1:])
    run = save(
        args.results, "bench_publish", f"python -m bench.bench_publish {options}".strip(), figures
    )
    print(render(run))
    return 0


# --- The results file ----------------------------------------------------------------------


def _live(run: Run) -> list[float]:
    return [c["live_s"] for c in run.figures["changes"] if c["live_s"] is not None]


def table(run: Run) -> list[str]:
    f = run.figures
    lines = [
        "| change | live after | processor time | drawn again |",
        "| --- | ---: | ---: | --- |",
    ]
    for c in f["changes"]:
        live = f"{c['live_s']:.1f} s" if c["live_s"] is not None else "never"
        drawn = c["drawn"].removeprefix("incremental: ")
        lines.append(f"| {c['what']} | {live} | {c['cpu_s']:.1f} s | {drawn} |")
    return lines


def steps_table(run: Run) -> list[str]:
    changes = run.figures["changes"]
    lines = [
        "| step | what | " + " | ".join(c["change"] for c in changes) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in changes) + " |",
    ]
    for key, what in STEPS:
        cells = [f"{c['steps'].get(key, 0):.2f}" for c in changes]
        lines.append(f"| {key} | {what} | " + " | ".join(cells) + " |")
    return lines


def verdict(run: Run) -> str:
    f = run.figures
    live = _live(run)
    cpu = [c["cpu_s"] for c in f["changes"]]
    worst = max(live) if live else float("inf")
    return (
        f"Goal: live within {f['goal_s']:g} s of the deploy's start — {met(worst <= f['goal_s'])}"
        f" (slowest {worst:.1f} s, fastest {min(live) if live else float('inf'):.1f} s;"
        f" processor time {min(cpu):.1f} to {max(cpu):.1f} s a deploy;"
        f" the first, full deploy: {f['full_deploy_s']:.1f} s)."
    )


def render(run: Run) -> str:
    f = run.figures
    search = [c["steps"].get("search", 0) for c in f["changes"]]
    others = f["differing_count"] - f["differing_pagefind_order"]
    same = (
        "identical to it, file for file and byte for byte (Pagefind's indexes included)"
        if f["differing_count"] == 0
        else f"different in {f['differing_count']} paths: {f['differing_pagefind_order']} of"
        " Pagefind's word index, meta and entry files (which number pages in the order"
        " Pagefind reads their documents from disk), and"
        f" {others} others" + (": " + ", ".join(f["differing"]) if others else "")
    )
    lines = [
        "# Publishing a one-record change (incremental deploy)",
        "",
        heading(run),
        "",
        f"{f['scale'].capitalize()} scale, {f['pages']:,} HTML pages, built as of {f['as_of']}."
        " Each change is a commit deployed with `site-builder pipeline deploy` from the"
        ' release before it; "live" is when the static server first sends the new page;'
        " the processor time is the deploy's own and its processes' (Pagefind, git), which"
        " does not grow with what else the machine runs. The machine is shared: its load"
        f" average at the end of the run was {', '.join(str(x) for x in f['load'])} on"
        f" {run.machine['cores']} cores, so the wall times are longer than on a machine of"
        " its own.",
        "",
        *table(run),
        "",
        verdict(run),
        "",
        "## Where the time goes",
        "",
        "Seconds per step, as the pipeline timed them (search and open data run side by side):",
        "",
        *steps_table(run),
        "",
        f"The search step is {min(search):.1f} to {max(search):.1f} s of each deploy: every"
        " language whose pages changed is indexed again whole by Pagefind (a change shows in"
        " every language, so all three), which this build cannot yet update a page at a"
        " time. The rest is the other steps above.",
        "",
        "The deploy is live once `current` is swapped: pruning old releases comes after."
        " The builder's own process in one more such deploy, under cProfile (functions by"
        " their own time; Pagefind's processes are not in it):",
        "",
        "Waiting shows as `time.sleep` (the build's loop over its Pagefind processes) and"
        " `select.poll` (waiting for `cp` and `git`); `rmtree`, `rmdir` and `unlink` are"
        " mostly the pruning of an old release, after the swap. The open data is written"
        " in another thread, which cProfile does not follow: it is timed as its own step"
        " above.",
        "",
        "| function | cumulative s | own s |",
        "| --- | ---: | ---: |",
        *[f"| `{name}` | {cum:.2f} | {own:.2f} |" for name, cum, own in f["profile"]],
        "",
        "## Checks",
        "",
        "The last revision built whole (`site-builder build`, its search documents on disk"
        f" as the releases' are) is {same}.",
        "The build's state (`.site-builder/`) in the published folder: "
        + ("yes" if f["state_published"] else "no (kept in HOST/state/)")
        + ".",
        "",
    ]
    return "\n".join(lines)


def summary(run: Run) -> str:
    return "\n".join([*table(run), "", verdict(run)])


if __name__ == "__main__":
    raise SystemExit(main())
