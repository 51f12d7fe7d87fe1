"""`site-builder build`: the whole site, every language, and its search indexes.

One MkDocs build per language of portal_contract/languages.yaml (content/mkdocs.{lang}.yml),
as separate processes so that they use every core; beside each, from the same saved model,
its search index (Pagefind: site_builder/pages/search_entries.py); then the front door (/),
the sitemap index, a 404 page and the open data (/data/) at the root. The data is validated
first, once: a problem stops the build before any page is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
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
from site_builder.outputs import opendata, search, staff_report
from site_builder.outputs.search import scratch
from site_builder.outputs.sitemap import sitemap_index
from site_builder.reading import inputs
from site_builder.settings import Settings

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict"]
REPORT = "staff-report"
SEARCH = [sys.executable, "-m", "site_builder.pages.search_entries"]
# Beside the pages, with `keep_state`: what each page was made from, the layouts and the
# search documents, for a later incremental build (site_builder/tools/incremental.py). Never
# published: `site-builder pipeline` moves it out of the release (tools/pipeline.py).
STATE = ".site-builder"
STATE_FORMAT = 1
Say = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    """One job of the build: commands run one after the other, each named for the log."""

    name: str
    commands: list[tuple[str, list[str]]]  # (what it makes, argv)
    # Started with the others, and told on its standard input (search.GO) when the step of
    # this name has ended well; its input is closed without a word if that one failed.
    waits_for: str | None = None
    label: str | None = None  # its name in the log, if not `name`


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
    keep_state: bool = False,
    site: Site | None = None,
) -> Site:
    """Build the site into `out`; return the model it was built from. With `shells`, each
    language leaves its page layouts there (for `serve`'s fast path); with `keep_state`,
    what a later incremental build needs, in out/.site-builder/. `site`: the model, already
    read from `data` as of `settings.now` (the pipeline validates once)."""
    started = time.perf_counter()
    for lang in languages:  # before anything is read or written
        _config(content, lang)
    origin = public_origin(settings)  # before anything is read: it is in every file
    if site is None:
        site = read_model(data, settings)
    say(f"data: valid ({time.perf_counter() - started:.1f} s)")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE if keep_state else None
    if state is not None:
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir()
    with tempfile.TemporaryDirectory(prefix="site-builder-", dir=scratch()) as private:
        model = Path(private) / "site.pickle"
        snapshot.save(site, model)
        documents = state / "search" if state else Path(private) / "search"
        passed = Settings(
            now=settings.now,
            data=str(data.resolve()),
            model=str(model),
            shells=str(shells.resolve()) if shells else None,
            search_docs=str(documents) if search else None,
            origin=origin,
            state=str(state) if state else None,
        )
        env = {**os.environ, **passed.to_env(), "NO_MKDOCS_2_WARNING": "1"}
        with ThreadPoolExecutor(max_workers=1) as pool:
            # The open data and the staff's report need only the model: written while the
            # languages build, in this process that would otherwise only wait for them
            # (measured at national scale: 1.4 s that came after the last index).
            extras = pool.submit(write_extras, site, out, content, origin)
            steps = _steps(content, out, languages, (model, documents) if search else None)
            run_all(steps, env, say)
            written = extras.result()
    say(f"open data: {written:,} files in {out / 'data'}")
    _write_root(out, origin)
    if state is not None:  # last: a build cut short leaves no state to build on
        given = inputs.digest(
            data=data, content=content, origin=origin, languages=languages, search=search
        )
        save_state(state, given)
    count = sum(
        sum(f.endswith(".html") for f in files)
        for folder, _subs, files in os.walk(out)
        if STATE not in Path(folder).parts
    )
    elapsed = time.perf_counter() - started
    say(f"site: {count:,} HTML files in {out}, for {origin}/ ({elapsed:.1f} s)")
    return site


def public_origin(settings: Settings) -> str:
    try:
        return settings.public_origin()
    except OriginError as exc:
        raise BuildError(f"PORTAL_ORIGIN (or --origin): {exc}") from None


def read_model(data: Path, settings: Settings) -> Site:
    """The site model of `data`, validated, as of the build's moment."""
    try:
        return snapshot.read_site(data, clock.now(settings.now))
    except snapshot.DataProblems as exc:
        raise BuildError(str(exc)) from None


def save_state(state: Path, given: str) -> None:
    """The state's own file: its format and the build's global inputs."""
    target = state / "state.json"
    target.unlink(missing_ok=True)  # maybe shared with an earlier build by a hard link
    target.write_text(json.dumps({"format": STATE_FORMAT, "inputs": given}), encoding="utf-8")


def load_state(state: Path) -> str | None:
    """The global inputs' digest of the build that left `state`, or None."""
    try:
        saved = json.loads((state / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("format") != STATE_FORMAT:
        return None
    return str(saved.get("inputs"))


def write_extras(site: Site, out: Path, content: Path, origin: str) -> int:
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
    content: Path, out: Path, languages: Sequence[str], search: tuple[Path, Path] | None
) -> list[Step]:
    """Per language: its MkDocs build and (with `search`: the model and the documents'
    folder) its search index, both at once. The index takes the records from the model while
    the pages are written, and the section pages' documents once they are
    (site_builder/outputs/search.py)."""
    steps = []
    for lang in languages:
        mkdocs = [*MKDOCS, "-f", str(_config(content, lang)), "-d", str(out / lang)]
        steps.append(Step(lang, [("pages", mkdocs)]))
        if search:
            model, documents = search
            argv = [*SEARCH, str(model), str(documents), lang, str(out / lang)]
            index = [("search index", argv)]
            steps.append(Step(f"{lang} search", index, waits_for=lang, label=lang))
    return steps


def run_all(steps: list[Step], env: dict[str, str], say: Say) -> None:
    """Run every step at once, each one's commands in turn; say each command as it ends.

    All at once even with fewer cores: three languages on two cores keep both busy to the
    end, where two at a time would leave the third to run alone on one core. A step that
    waits for another is told on its input when that one has ended well.
    """
    running: dict[str, tuple[subprocess.Popen[bytes], float, IO[bytes], int]] = {}
    failures = []
    waiting = {step.waits_for: step.name for step in steps if step.waits_for}

    def start(step: Step, n: int) -> None:
        # Not a pipe: a long error message cannot block it. Closed when the command ends.
        log = tempfile.TemporaryFile()  # noqa: SIM115
        stdin = subprocess.PIPE if step.waits_for and n == 0 else subprocess.DEVNULL
        proc = subprocess.Popen(step.commands[n][1], env=env, stdin=stdin, stdout=log, stderr=log)
        running[step.name] = (proc, time.perf_counter(), log, n)

    def release(name: str, ended_well: bool) -> None:
        waiter = running.get(waiting.get(name, ""))
        if waiter and waiter[0].stdin:
            with contextlib.suppress(BrokenPipeError):  # it may have failed already
                if ended_well:
                    waiter[0].stdin.write(f"{search.GO}\n".encode())
                waiter[0].stdin.close()

    by_name = {step.name: step for step in steps}
    for step in steps:
        start(step, 0)
    while running:
        time.sleep(0.02)
        for name, (proc, began, log, n) in list(running.items()):
            if proc.poll() is None:
                continue
            del running[name]
            step = by_name[name]
            what = step.commands[n][0]
            log.seek(0)
            output = log.read().decode(errors="replace")
            log.close()
            if proc.returncode:
                failures.append(f"{step.label or name}: {what} failed\n{output}")
                release(name, False)
                continue
            say(f"{step.label or name}: {what} done ({time.perf_counter() - began:.1f} s)")
            if n + 1 < len(step.commands):
                start(step, n + 1)
            else:
                release(name, True)
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
                "unavailable": _("The forms are unavailable for a moment"),
                "unavailable_text": _(
                    "The service that receives the forms did not answer, and nothing sent"
                    " was received. Go back to your form: your answers should still be in"
                    " it. Send it again in a few minutes."
                ),
            }
        )
    html = env.get_template("root.html").render(choices=choices, origin=origin)
    # Outside the language folders an address names no language: the 404 page says so in
    # every language, each leading to its home page.
    missing = env.get_template("root_404.html").render(choices=choices)
    # What nginx shows when the forms service does not answer (deploy/nginx).
    unavailable = env.get_template("root_50x.html").render(choices=choices)
    for name, text in (
        ("index.html", html),
        ("404.html", missing),
        ("50x.html", unavailable),
        ("sitemap.xml", sitemap_index(origin)),
    ):
        # A new file: `out` may hold one an incremental build shares with an earlier build.
        (out / name).unlink(missing_ok=True)
        (out / name).write_text(text, encoding="utf-8")
