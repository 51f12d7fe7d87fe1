"""Fill in a shipped configuration template: its {{NAME}}s, with NAME=VALUE arguments.

    python -m deploy.render deploy/nginx/portal.conf.template HTTP_LISTEN=80,[::]:80 ... \
        > /etc/nginx/sites-available/portal.conf

A line holding a NAME given several values (comma separated) is written once per value, e.g.
one `server` line per gunicorn instance. Every NAME of the template must be given and every
value given must be used: a typo stops here, rather than in nginx or, worse, not at all.

The languages are not given: they come from portal_contract/languages.yaml, as the site and
the service take them, so that a language added there is served without editing a template.
A template may use LANGUAGES (the codes as a regular expression's alternatives, ar|fr|en),
FIRST_LANGUAGE (ar, where a request names none) and OTHER_LANGUAGES (the others, a line per
language).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from portal_contract import languages

PLACEHOLDER = re.compile(r"\{\{([A-Z][A-Z0-9_]*)\}\}")


class RenderError(Exception):
    """A value is missing, unused or malformed; the message says which."""


def languages_values() -> dict[str, str]:
    """The placeholders filled in from the languages file."""
    return {
        "LANGUAGES": "|".join(languages.CODES),
        "FIRST_LANGUAGE": languages.FIRST,
        "OTHER_LANGUAGES": ",".join(languages.CODES[1:]),
    }


def render(template: str, values: dict[str, str]) -> str:
    wanted = set(PLACEHOLDER.findall(template))
    derived = languages_values()
    if given := sorted(values.keys() & derived.keys()):
        raise RenderError(f"{', '.join(given)}: from portal_contract/languages.yaml, not given")
    values = {**{k: v for k, v in derived.items() if k in wanted}, **values}
    if missing := sorted(wanted - values.keys()):
        raise RenderError(f"no value given for {', '.join(missing)}")
    if unused := sorted(values.keys() - wanted):
        raise RenderError(f"the template has no {', '.join(unused)}")
    lines = []
    for line in template.splitlines(keepends=True):
        names = set(PLACEHOLDER.findall(line))
        lists = [n for n in names if "," in values[n]]
        if len(lists) > 1:
            raise RenderError(f"one line cannot repeat for both {' and '.join(sorted(lists))}")
        if any(values[n] == "" for n in names):
            continue  # a list of no value (OTHER_LANGUAGES of a portal in one language)
        for value in values[lists[0]].split(",") if lists else [""]:
            own = {**values, **({lists[0]: value.strip()} if lists else {})}
            lines.append(_fill(line, own))
    return "".join(lines)


def _fill(line: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], line)


def pairs(arguments: list[str]) -> dict[str, str]:
    values = {}
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if not equals or not PLACEHOLDER.fullmatch(f"{{{{{name}}}}}") or not value.strip():
            raise RenderError(f"{argument!r}: expected NAME=VALUE")
        values[name] = value
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("values", nargs="*", metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(render(args.template.read_text(encoding="utf-8"), pairs(args.values)))
    except RenderError as exc:
        print(f"{args.template}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
