"""`site-builder build`: the whole site, every language, then its search indexes.

One MkDocs build per language (content/mkdocs.{lang}.yml), as separate processes so that
they use every core; then Pagefind indexes each language's folder; then the front door (/),
the sitemap index and a 404 page at the root. The data is validated first, once: a problem
stops the build before any page is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from site_builder import i18n
from site_builder.i18n import LANGUAGES
from site_builder.render import TEMPLATES, now_utc
from site_builder.settings import Settings
from site_builder.sitemap import sitemap_index
from site_builder.validate import validate

ORIGIN = "http://127.0.0.1:8000"
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    name: str
    args: list[str]


class BuildError(Exception):
    pass


def build(
    *,
    data: Path,
    content: Path,
    out: Path,
    settings: Settings,
    languages: Sequence[str] = LANGUAGES,
    search: bool = True,
    say: Say = print,
) -> None:
    started = time.perf_counter()
    _check_data(data, settings)
    say(f"data: valid ({time.perf_counter() - started:.1f} s)")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **Settings(now=settings.now, data=str(data.resolve())).to_env(),
        "NO_MKDOCS_2_WARNING": "1",
    }
    steps = [
        Step(lang, [*MKDOCS, "-f", str(content / f"mkdocs.{lang}.yml"), "-d", str(out / lang)])
        for lang in languages
    ]
    run_all(steps, env, say, "pages")
    if search:
        steps = [
            Step(lang, [sys.executable, "-m", "pagefind", "--site", str(out / lang), "--silent"])
            for lang in languages
        ]
        run_all(steps, env, say, "search index")
    _write_root(out)
    pages = sum(1 for _ in out.rglob("*.html"))
    say(f"site: {pages:,} HTML files in {out} ({time.perf_counter() - started:.1f} s)")


def _check_data(data: Path, settings: Settings) -> None:
    _, report = validate(data, today=now_utc(settings.now).date(), keep_rows=False)
    if not report.ok:
        lines = [p.format(data) for p in report.sorted_problems()]
        raise BuildError("\n".join([*lines, report.summary()]))


def run_all(steps: list[Step], env: dict[str, str], say: Say, what: str) -> None:
    """Run the steps side by side, as many at once as there are cores; say each as it ends."""
    waiting = list(steps)
    running: dict[str, tuple[subprocess.Popen[bytes], float]] = {}
    failures = []
    cores = os.cpu_count() or 1
    while waiting or running:
        while waiting and len(running) < cores:
            step = waiting.pop(0)
            proc = subprocess.Popen(step.args, env=env, stderr=subprocess.PIPE)
            running[step.name] = (proc, time.perf_counter())
        for name, (proc, start) in list(running.items()):
            if proc.poll() is None:
                continue
            del running[name]
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.returncode:
                failures.append(f"{name}: {what} failed\n{err}")
            else:
                say(f"{name}: {what} done ({time.perf_counter() - start:.1f} s)")
        time.sleep(0.02)
    if failures:
        raise BuildError("\n".join(failures))


def _write_root(out: Path) -> None:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    choices = []
    for lang in LANGUAGES:
        _ = i18n.translations(lang).ugettext
        choices.append(
            {
                "lang": lang,
                "dir": i18n.direction(lang),
                "title": _("Partnership with associations of Moroccans of the World"),
                "intro": _(
                    "Calls for projects, trainings, funded projects and the directory of"
                    " associations."
                ),
                "enter": _("Enter the portal in this language"),
            }
        )
    html = env.get_template("root.html").render(choices=choices, origin=ORIGIN)
    (out / "index.html").write_text(html, encoding="utf-8")
    # Outside the language folders, the first language's 404 page (its links are absolute).
    missing = out / LANGUAGES[0] / "404.html"
    if missing.exists():
        shutil.copyfile(missing, out / "404.html")
    (out / "sitemap.xml").write_text(sitemap_index(ORIGIN), encoding="utf-8")
