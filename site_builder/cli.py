"""`site-builder`: validate the data (and, later, build the site) from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from site_builder.validate import validate


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


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
    return top


def cmd_validate(args: argparse.Namespace) -> int:
    _, report = validate(args.data, today=args.today or date.today(), keep_rows=False)
    for problem in report.sorted_problems():
        if args.format == "github":
            print(problem.format_github(args.data))
        else:
            print(problem.format(args.data))
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {"validate": cmd_validate}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
