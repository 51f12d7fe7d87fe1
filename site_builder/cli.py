"""`site-builder`: validate the data, build the site, or serve it while editing."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from portal_contract import origin as portal_origin
from site_builder import clock
from site_builder.build import BuildError, build
from site_builder.reading.validate import validate
from site_builder.settings import Settings


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _origin(text: str) -> str:
    try:
        return portal_origin.parse(text)
    except portal_origin.OriginError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


ORIGIN_HELP = (
    "the public address the site is served at, e.g. https://partenariat.example.ma: every"
    f" absolute URL starts with it (default: $PORTAL_ORIGIN, else {portal_origin.DEFAULT})"
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="site-builder", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every file in the data folder")
    check.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: GitHub Actions annotations on the lines at fault",
    )
    check.add_argument(
        "--today",
        type=_today,
        default=None,
        help="date that 'in the future' is measured from (default: today)",
    )
    for name, text in (
        ("build", "build the whole site, every language, into --out"),
        ("serve", "build, serve on http://127.0.0.1:8000, rebuild when data/ or content/ change"),
        ("watch", "build, then rebuild when data/ or content/ change (another server serves it)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
        cmd.add_argument("--content", type=Path, default=Path("content"), help="pages (content)")
        cmd.add_argument("--out", type=Path, default=Path("site"), help="output folder (site)")
        cmd.add_argument("--now", default=None, help="build as of this date or date-time (ISO)")
        cmd.add_argument("--no-search", action="store_true", help="skip the search indexes")
        cmd.add_argument("--origin", type=_origin, default=None, help=ORIGIN_HELP)
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000)
        if name == "build":
            cmd.add_argument(
                "--keep-state",
                action="store_true",
                help="leave in OUT/.site-builder/ what a later --incremental-from needs"
                " (not to be published)",
            )
            cmd.add_argument(
                "--incremental-from",
                type=Path,
                metavar="PREVIOUS",
                help="build from the site built in PREVIOUS with --keep-state, drawing again"
                " only what the changed records show (everything when anything else changed)",
            )
    rep = sub.add_parser("report", help="translations, calls closing soon, stale records, changes")
    rep.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    rep.add_argument("--content", type=Path, default=Path("content"), help="pages (content)")
    rep.add_argument("--today", type=_today, default=None, help="as of this date (YYYY-MM-DD)")
    rep.add_argument("--since", help="also list the changes since this git revision")
    rep.add_argument("--check-links", action="store_true", help="also try every outbound link")
    new = sub.add_parser("new", help="write a new record or story to fill in")
    new.add_argument("kind", choices=("call", "association", "training", "story"))
    new.add_argument("id", help="lower-case letters, digits and hyphens, e.g. support-2027")
    new.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    new.add_argument("--content", type=Path, default=Path("content"), help="pages (content)")
    new.add_argument("--today", type=_today, default=None, help="its `updated` date (YYYY-MM-DD)")
    publish = sub.add_parser("pipeline", help="validate, build, check links; publish")
    publish.add_argument("step", choices=("check", "preview", "deploy"))
    publish.add_argument("--host", type=Path, help="folder the web server serves (preview, deploy)")
    publish.add_argument("--repo", type=Path, help="take data/ and content/ from this git repo…")
    publish.add_argument("--ref", help="…at this revision (default HEAD)")
    publish.add_argument("--name", help="the preview's name (default: --ref)")
    publish.add_argument("--out", type=Path, help="keep the checked build in this folder")
    publish.add_argument("--rsync", dest="rsync_to", help="then copy the release there (rsync)")
    publish.add_argument("--format", choices=("text", "github"), default="text")
    publish.add_argument("--now", default=None, help="build as of this date or date-time (ISO)")
    publish.add_argument("--no-search", action="store_true", help="skip the search indexes")
    publish.add_argument("--origin", type=_origin, default=None, help=ORIGIN_HELP)
    return top


def cmd_pipeline(args: argparse.Namespace) -> int:
    from site_builder.tools import pipeline

    try:
        pipeline.run(
            args.step,
            host=args.host,
            repo=args.repo,
            ref=args.ref,
            name=args.name,
            out=args.out,
            rsync_to=args.rsync_to,
            github=args.format == "github",
            search=not args.no_search,
            now=args.now,
            origin=args.origin or Settings.from_env().origin,
            say=print,
        )
    except pipeline.PipelineError as exc:
        print(f"{args.step} failed: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from site_builder.model import snapshot
    from site_builder.tools import report

    today = clock.today(args.today)
    try:  # validated as of now; reported as of `today`
        site = snapshot.read_site(args.data, clock.now())
    except snapshot.DataProblems as exc:
        print(exc, file=sys.stderr)
        return 1
    repo = args.data.resolve().parent
    try:
        found = report.make(
            site,
            today,
            content=args.content,
            repo=repo,
            since=args.since,
            links=args.check_links,
        )
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(report.text(found), end="")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from site_builder.tools import scaffold

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.id):
        print(f"{args.id!r}: use lower-case letters, digits and single hyphens", file=sys.stderr)
        return 2
    try:
        paths = scaffold.new(
            args.kind, args.id, data=args.data, content=args.content, today=clock.today(args.today)
        )
    except scaffold.ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in paths:
        print(f"written: {path}")
    print("fill it in, then run: site-builder validate")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    base = Settings.from_env()
    return Settings(now=args.now or base.now, data=base.data, origin=args.origin or base.origin)


def cmd_build(args: argparse.Namespace) -> int:
    say = lambda line: print(line, file=sys.stderr)  # noqa: E731
    if args.incremental_from is not None:
        from site_builder.tools import incremental

        try:
            incremental.build(
                previous=args.incremental_from,
                data=args.data,
                content=args.content,
                out=args.out,
                settings=_settings(args),
                search=not args.no_search,
                say=say,
            )
        except BuildError as exc:
            print(exc, file=sys.stderr)
            print("the site was not built", file=sys.stderr)
            return 1
        return 0
    try:
        build(
            data=args.data,
            content=args.content,
            out=args.out,
            settings=_settings(args),
            search=not args.no_search,
            say=say,
            keep_state=args.keep_state,
        )
    except BuildError as exc:
        print(exc, file=sys.stderr)
        print("the site was not built", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from site_builder.tools.serve import serve

    return serve(
        data=args.data,
        content=args.content,
        out=args.out,
        settings=_settings(args),
        port=args.port if args.command == "serve" else None,
        search=not args.no_search,
    )


def cmd_validate(args: argparse.Namespace) -> int:
    _, report = validate(args.data, today=clock.today(args.today), keep_rows=False)
    for problem in report.sorted_problems():
        if args.format == "github":
            print(problem.format_github(args.data))
        else:
            print(problem.format(args.data))
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {
        "validate": cmd_validate,
        "build": cmd_build,
        "serve": cmd_serve,
        "watch": cmd_serve,
        "pipeline": cmd_pipeline,
        "new": cmd_new,
        "report": cmd_report,
    }
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
