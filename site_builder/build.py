"""`site-builder build`: the whole site, every language, then its search indexes.

One MkDocs build per language of portal_contract/languages.yaml (content/mkdocs.{lang}.yml),
as separate processes so that they use every core; then Pagefind indexes each language's
folder; then the front door (/), the sitemap index, a 404 page and the open data (/data/) at
the root. The data is validated first, once: a problem stops the build before any page is
written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from portal_contract.origin import OriginError
from site_builder import clock
from site_builder.model import i18n, snapshot, templates
from site_builder.model.i18n import LANGUAGES
from site_builder.model.site import Site
from site_builder.outputs import opendata, staff_report
from site_builder.outputs.search import scratch
from site_builder.outputs.sitemap import sitemap_index
from site_builder.settings import Settings

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
REPORT = "staff-report"
SEARCH = [sys.executable, "-m", "site_builder.outputs.search"]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    """One job of the build: commands run one after the other, each named for the log."""

    name: str
    commands: list[tuple[str, list[str]]]  # (what it makes, argv)


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
    shells: Path | None = None,
) -> Site:
    """Build the site into `out`; return the model it was built from. With `shells`, each
    language leaves its page layouts there (for `serve`'s fast path)."""
    started = time.perf_counter()
    for lang in languages:  # before anything is read or written
        _config(content, lang)
    try:  # before anything is read: a wrong address would be in every file
        origin = settings.public_origin()
    except OriginError as exc:
        raise BuildError(f"PORTAL_ORIGIN (or --origin): {exc}") from None
    try:
        site = snapshot.read_site(data, clock.now(settings.now))
    except snapshot.DataProblems as exc:
        raise BuildError(str(exc)) from None
    say(f"data: valid ({time.perf_counter() - started:.1f} s)")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="site-builder-", dir=scratch()) as private:
        model = Path(private) / "site.pickle"
        snapshot.save(site, model)
        documents = Path(private) / "search"
        passed = Settings(
            now=settings.now,
            data=str(data.resolve()),
            model=str(model),
            shells=str(shells.resolve()) if shells else None,
            search_docs=str(documents) if search else None,
            origin=origin,
        )
        env = {**os.environ, **passed.to_env(), "NO_MKDOCS_2_WARNING": "1"}
        with ThreadPoolExecutor(max_workers=1) as pool:
            # The open data and the staff's report need only the model: written while the
            # languages build, in this process that would otherwise only wait for them
            # (measured at national scale: 1.4 s that came after the last index).
            extras = pool.submit(_write_extras, site, out, content, origin)
            run_all(_steps(content, out, languages, documents if search else None), env, say)
            written = extras.result()
    say(f"open data: {written:,} files in {out / 'data'}")
    _write_root(out, origin)
    count = sum(sum(f.endswith(".html") for f in files) for _dir, _subs, files in os.walk(out))
    elapsed = time.perf_counter() - started
    say(f"site: {count:,} HTML files in {out}, for {origin}/ ({elapsed:.1f} s)")
    return site


def _write_extras(site: Site, out: Path, content: Path, origin: str) -> int:
    """The open data (/data/) and the staff's report, as of the build's moment (not linked,
    not in the sitemap); how many open data files."""
    written = opendata.write(site, out / "data", origin)
    staff_report.write(staff_report.findings(site, site.now.date(), content), out / REPORT)
    return len(written)


def _config(content: Path, lang: str) -> Path:
    config = content / f"mkdocs.{lang}.yml"
    if not config.is_file():  # a language listed in languages.yaml without its pages yet
        raise BuildError(
            f"{config} not found: each language of portal_contract/languages.yaml has its"
            f" folder content/{lang}/ and its file content/mkdocs.{lang}.yml"
            " (CONTRIBUTING.md, Add a language)"
        )
    return config


def _steps(
    content: Path, out: Path, languages: Sequence[str], documents: Path | None
) -> list[Step]:
    """Per language: its MkDocs build, then (with `documents`) its search index."""
    steps = []
    for lang in languages:
        mkdocs = [*MKDOCS, "-f", str(_config(content, lang)), "-d", str(out / lang)]
        commands = [("pages", mkdocs)]
        if documents:
            commands.append(("search index", [*SEARCH, str(documents), lang, str(out / lang)]))
        steps.append(Step(lang, commands))
    return steps


def run_all(steps: list[Step], env: dict[str, str], say: Say) -> None:
    """Run every step at once, each one's commands in turn; say each command as it ends.

    All at once even with fewer cores: three languages on two cores keep both busy to the
    end, where two at a time would leave the third to run alone on one core. A language's
    search index starts as soon as its pages are written.
    """
    running: dict[str, tuple[subprocess.Popen[bytes], float, IO[bytes], int]] = {}
    failures = []

    def start(step: Step, n: int) -> None:
        # Not a pipe: a long error message cannot block it. Closed when the command ends.
        log = tempfile.TemporaryFile()  # noqa: SIM115
        proc = subprocess.Popen(step.commands[n][1], env=env, stdout=log, stderr=log)
        running[step.name] = (proc, time.perf_counter(), log, n)

    by_name = {step.name: step for step in steps}
    for step in steps:
        start(step, 0)
    while running:
        time.sleep(0.02)
        for name, (proc, began, log, n) in list(running.items()):
            if proc.poll() is None:
                continue
            del running[name]
            what = by_name[name].commands[n][0]
            log.seek(0)
            output = log.read().decode(errors="replace")
            log.close()
            if proc.returncode:
                failures.append(f"{name}: {what} failed\n{output}")
                continue
            say(f"{name}: {what} done ({time.perf_counter() - began:.1f} s)")
            if n + 1 < len(by_name[name].commands):
                start(by_name[name], n + 1)
    if failures:
        raise BuildError("\n".join(failures))


def _write_root(out: Path, origin: str) -> None:
    env = templates.environment()
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
                "not_found": _("Page not found"),
                "not_found_text": _(
                    "This address does not lead to a page of the portal. It may have moved,"
                    " or the address may be mistyped."
                ),
                "home": _("Go to the home page"),
            }
        )
    html = env.get_template("root.html").render(choices=choices, origin=origin)
    (out / "index.html").write_text(html, encoding="utf-8")
    # Outside the language folders an address names no language: the 404 page says so in
    # every language, each leading to its home page.
    missing = env.get_template("root_404.html").render(choices=choices)
    (out / "404.html").write_text(missing, encoding="utf-8")
    (out / "sitemap.xml").write_text(sitemap_index(origin), encoding="utf-8")
