"""Full site build at national scale, side by side with plain mkdocs-material.

    python -m bench.bench_build            # writes bench/results/build.md

Both build the same pages in three languages, one MkDocs build per language, all three at
once (the same runner), with record pages out of the navigation:

- built: `site-builder build` (data pages drawn into the theme's layout once per URL depth),
  with and without its Pagefind indexes;
- plain: mkdocs-material building one Markdown file per page (the same title and body that
  the portal renders, as Markdown with HTML blocks), with Material's own search plugin, as a
  plain Material site would.

Also: peak memory of one build process, output size, the bytes the browser fetches from
Pagefind for one query (Chromium, if installed), and how long an edit to one record takes to
show in `site-builder serve`.
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.datagen import SCALES, generate
from bench.results import Run, heading, met, save
from portal_contract import origin as portal_origin
from site_builder.build import Step, build, run_all
from site_builder.model import snapshot
from site_builder.model.i18n import LANGUAGES
from site_builder.model.plan import plan
from site_builder.model.site import build_site
from site_builder.pages import shells
from site_builder.pages.render import Renderer
from site_builder.reading.validate import validate
from site_builder.settings import Settings
from site_builder.tools.live import Live

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = "2026-11-29T12:00:00+00:00"
PLAIN = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]


def html_files(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.html"))


def size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def built(data: Path, out: Path, search: bool, said: list[str] | None = None) -> float:
    shutil.rmtree(out, ignore_errors=True)
    log = said if said is not None else []

    def say(line: str) -> None:
        log.append(line)
        print("  " + line, file=sys.stderr)

    start = time.perf_counter()
    build(
        data=data,
        content=REPO / "content",
        out=out,
        settings=Settings(now=NOW),
        search=search,
        say=say,
    )
    return time.perf_counter() - start


def plain_sources(data: Path, root: Path) -> None:
    """One Markdown file per page of the portal, per language, and a config per language."""
    dataset, report = validate(data, today=datetime.fromisoformat(NOW).date())
    assert report.ok, report.summary()
    site = build_site(dataset, datetime.fromisoformat(NOW).astimezone(UTC))
    plans = plan(site)
    for lang in LANGUAGES:
        docs = root / lang
        renderer = Renderer(site, lang)
        for p in plans:
            done = renderer.render(p)
            target = docs / (p.path or "") / "index.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {done.title}\n\n{done.body}\n", encoding="utf-8")
        shutil.copytree(REPO / "content" / lang, docs, dirs_exist_ok=True)
        nav = [p.path + "index.md" for p in plans if p.nav]
        config = [
            f"site_name: plain {lang}",
            f"docs_dir: {lang}",
            "use_directory_urls: true",
            f"theme:\n  name: material\n  language: {lang}\n  font: false",
            "plugins:\n  - search",
            "markdown_extensions:\n  - admonition\n  - attr_list",
            "nav:",
            *[f"  - {n}" for n in nav],
        ]
        (root / f"mkdocs.{lang}.yml").write_text("\n".join(config) + "\n", encoding="utf-8")


def plain(root: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    steps = [
        Step(lang, [("pages", [*PLAIN, str(root / f"mkdocs.{lang}.yml"), "-d", str(out / lang)])])
        for lang in LANGUAGES
    ]
    start = time.perf_counter()
    run_all(steps, env, lambda line: print("  plain " + line, file=sys.stderr))
    return time.perf_counter() - start


def pagefind_bytes(out: Path, query: str) -> int | None:
    """Bytes of /{lang}/pagefind/ files a browser fetches to show the results of one query."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    from site_builder.tools.serve import make_server

    server = make_server(out, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[int] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()

        def count(response: Any) -> None:
            if "/pagefind/" in response.url:
                fetched.append(len(response.body()))

        page.on("response", count)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/fr/search/?q={query}")
        page.wait_for_selector(".portal-search__result", timeout=20000)
        page.wait_for_load_state("networkidle")
        browser.close()
    server.shutdown()
    return sum(fetched)


def edit_to_visible(data: Path, out: Path) -> float:
    """An edit to one association, until its page shows it: `serve`'s fast path, from a
    build that kept its layouts (the full rebuild that follows is not counted)."""
    kept = out.parent / "shells"
    kept.mkdir(exist_ok=True)
    site = build(
        data=data,
        content=REPO / "content",
        out=out,
        settings=Settings(now=NOW),
        search=False,
        say=lambda _: None,
        shells=kept,
    )
    live = Live(site, data, out, shells.load(kept), portal_origin.DEFAULT)
    record = sorted((data / "associations").glob("*.yaml"))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("city: ", "city: Edited ", 1), encoding="utf-8")
    start = time.perf_counter()
    outcome = live.apply(record)
    took = time.perf_counter() - start
    assert outcome and outcome.pages, "the fast path did not take the edit"
    page = out / "fr" / "associations" / record.stem / "index.html"
    assert "Edited " in page.read_text(encoding="utf-8")
    return took


def profile(data: Path, work: Path, lang: str = "fr", top: int = 12) -> dict[str, Any]:
    """Where one language's pages spend their time: its MkDocs build (pages only, from a
    saved model, as `site-builder build` runs it) under cProfile; the functions with the most
    time of their own, in seconds (the profiler's own cost included)."""
    site = snapshot.read_site(data, datetime.fromisoformat(NOW))
    model, stats, out = work / "profile.pickle", work / "profile.stats", work / "profile-site"
    snapshot.save(site, model)
    env = {
        **os.environ,
        **Settings(now=NOW, model=str(model)).to_env(),
        "NO_MKDOCS_2_WARNING": "1",
    }
    config = REPO / "content" / f"mkdocs.{lang}.yml"
    argv = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "mkdocs", "build", "-q"]
    subprocess.run([*argv, "-f", str(config), "-d", str(out)], env=env, check=True)
    found = pstats.Stats(str(stats))
    rows = sorted(found.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    total = found.total_tt  # type: ignore[attr-defined]
    named = []
    for (file, line, name), (_cc, _nc, own, _cum, _callers) in rows[:top]:
        where = f"{Path(file).name}:{line}" if line else "built-in"
        named.append([f"{name} ({where})", round(own, 2)])
    return {"lang": lang, "total_s": round(total, 1), "top": named}


# The goals (issue 20): the full build with search ≥ 3× plain mkdocs-material, pages only
# ≥ 5×; an edit to one record visible in `site-builder serve` within 1 s.
GOAL_SEARCH, GOAL_PAGES, GOAL_EDIT_S = 3, 5, 1.0
STAGE = re.compile(r"^(\w+): (.+) done \(([\d.]+) s\)$")


def stages(said: list[str]) -> dict[str, float]:
    """The build's own account of its steps (`ar: pages done (4.1 s)`), in seconds."""
    found = {}
    for line in said:
        if m := STAGE.match(line.strip()):
            found[f"{m.group(1)} {m.group(2)}"] = float(m.group(3))
    return found


def rates(f: dict[str, Any]) -> dict[str, float]:
    best = {k: min(v) for k, v in f["times"].items()}
    plain_rate = f["plain_pages"] / best["plain"]
    return {
        "search": f["pages"] / best["search"],
        "pages": f["pages"] / best["pages"],
        "plain": plain_rate,
        "x_search": f["pages"] / best["search"] / plain_rate,
        "x_pages": f["pages"] / best["pages"] / plain_rate,
    }


ROWS = {
    "search": "built (`site-builder build`, with Pagefind)",
    "pages": "built, pages only (no search index)",
    "plain": "plain mkdocs-material (Markdown pages, its search plugin)",
}


def table(f: dict[str, Any]) -> list[str]:
    r = rates(f)
    lines = [
        "| build | HTML pages | best time | pages/s | all runs |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for key, name in ROWS.items():
        runs = f["times"][key]
        n = f["plain_pages"] if key == "plain" else f["pages"]
        lines.append(
            f"| {name} | {n:,} | {min(runs):.1f} s | {r[key]:,.0f} |"
            f" {', '.join(f'{x:.1f}' for x in runs)} s |"
        )
    return lines


def verdicts(f: dict[str, Any]) -> list[str]:
    r = rates(f)
    return [
        f"- ≥ {GOAL_SEARCH}× plain, full build with search:"
        f" {met(r['x_search'] >= GOAL_SEARCH)} ({r['x_search']:.1f}×).",
        f"- ≥ {GOAL_PAGES}× plain, pages only: {met(r['x_pages'] >= GOAL_PAGES)}"
        f" ({r['x_pages']:.1f}×).",
        f"- an edit visible in `serve` within {GOAL_EDIT_S:g} s: {met(f['edit_s'] <= GOAL_EDIT_S)}"
        f" ({f['edit_s']:.2f} s).",
    ]


def where(f: dict[str, Any]) -> str:
    said = ", ".join(f"{step} {s:.1f} s" for step, s in f["stages"].items())
    lines = [
        "Where the time goes, by the build's own log in its fastest run with search (wall"
        f" time; the three languages' steps run at once on {f['cores']} cores): {said}."
    ]
    if f.get("profile"):
        p = f["profile"]
        top = "; ".join(f"{name} {own:.1f} s" for name, own in p["top"])
        lines.append(
            f"\nOne language's pages (`{p['lang']}`, pages only, one process) under cProfile:"
            f" {p['total_s']:.1f} s in all; the most time of their own: {top}."
        )
    return "\n".join(lines)


def render(run: Run) -> str:
    f = run.figures
    r = rates(f)
    fetched = (
        f"{f['pagefind_kib']:,.0f} KiB."
        if f["pagefind_kib"] is not None
        else "not measured (no Chromium)."
    )
    lines = [
        "# Site build benchmark",
        "",
        heading(run),
        "",
        f"Data: {f['scale']} scale (`bench/datagen.py`), three languages, as of {f['as_of']};"
        f" runs of each build: {f['repeat']}, alternating, the best kept.",
        "",
        *table(f),
        "",
        f"- Speed-up over plain mkdocs-material, with search: {r['x_search']:.1f}×"
        f" (pages/s: {r['search']:,.0f} against {r['plain']:,.0f}); pages only:"
        f" {r['x_pages']:.1f}×.",
        f"- Peak memory of one build process: {f['peak_mib']:,.0f} MiB.",
        f"- Output size: {f['output_mib']:,.0f} MiB ({f['pages']:,} pages, three search indexes).",
        "- Bytes fetched from Pagefind for one query (`soutien`, French, first results):"
        f" {fetched}",
        "- An edit to one association until its pages show it in every language (`serve`'s"
        f" fast path, before the full rebuild it starts): {f['edit_s']:.2f} s.",
        "",
        "Goals:",
        "",
        *verdicts(f),
        "",
        where(f),
        "",
    ]
    return "\n".join(lines)


def summary(run: Run) -> str:
    f = run.figures
    lines = [
        f"{f['scale'].capitalize()} scale (`bench/datagen.py`), three languages,"
        f" {f['pages']:,} pages:",
        "",
        *table(f),
        "",
        f"Peak memory of one build process: {f['peak_mib']:,.0f} MiB; output"
        f" {f['output_mib']:,.0f} MiB. An edit to one record is visible in `site-builder serve`"
        f" {f['edit_s']:.2f} s after the save.",
        "",
        *verdicts(f),
        "",
        where(f),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="site build benchmark")
    parser.add_argument("--scale", default="national", choices=sorted(SCALES))
    parser.add_argument("--out", type=Path, default=HERE / "out" / "build")
    parser.add_argument("--results", type=Path, default=HERE / "results" / "build.md")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each build; best kept")
    args = parser.parse_args(argv)
    work = args.out.resolve()  # MkDocs reads a relative -d from the config file's folder
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data"
    generate(SCALES[args.scale], data)
    # Builds alternate so that a slow spell of the machine does not fall on one kind only;
    # the best run of each is kept (this machine's disk and neighbours make times vary).
    plain_sources(data, work / "plain-src")
    times: dict[str, list[float]] = {"pages": [], "search": [], "plain": []}
    logs: list[list[str]] = []
    for run in range(args.repeat):
        print(f"run {run + 1}: built, pages only…", file=sys.stderr)
        times["pages"].append(built(data, work / "site", search=False))
        print(f"run {run + 1}: plain mkdocs-material…", file=sys.stderr)
        times["plain"].append(plain(work / "plain-src", work / "plain-site"))
        print(f"run {run + 1}: built, with search…", file=sys.stderr)
        logs.append([])
        times["search"].append(built(data, work / "site", search=True, said=logs[-1]))
    fastest = times["search"].index(min(times["search"]))
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    fetched = pagefind_bytes(work / "site", "soutien")
    profiled = profile(data, work)
    figures = {
        "scale": args.scale,
        "repeat": args.repeat,
        "as_of": NOW,
        "cores": os.cpu_count(),
        "pages": sum(html_files(work / "site" / lang) for lang in LANGUAGES),
        "plain_pages": sum(html_files(work / "plain-site" / lang) for lang in LANGUAGES),
        "times": {k: [round(t, 2) for t in v] for k, v in times.items()},
        "peak_mib": round(peak_kib / 1024, 1),
        "output_mib": round(size(work / "site") / 2**20, 1),
        "pagefind_kib": round(fetched / 1024, 1) if fetched is not None else None,
        "edit_s": round(edit_to_visible(data, work / "site"), 3),
        "stages": stages(logs[fastest]),
        "profile": profiled,
    }
    options = " ".join(argv if argv is not None else sys.argv[1:])
    command = f"python -m bench.bench_build {options}".strip()
    run_ = save(args.results, "bench_build", command, figures)
    print(render(run_))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
