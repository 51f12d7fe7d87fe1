"""The portal's environment file read the way systemd reads an EnvironmentFile=, so that a
command run by hand (deploy/with-env) gets exactly what the units get: a secret key or a
password with a `$`, a quote or a backslash in it means the same to both. (`. FILE` in sh
expanded `$…` and stopped at an unset name.)

systemd's rules, from its env-file parser: NAME=value lines; a line whose first character is
`#` or `;` is a comment; blanks around the name and around the value are dropped; in
'single quotes' every character stands for itself; in "double quotes" a backslash escapes
" \\ ` $ and joins two lines, and before anything else stays as written; outside quotes a
backslash escapes the next character and joins two lines, and a quote is an ordinary
character once the value has begun; quoted parts run together ("a" "b" is ab); `$` is never
expanded. Where systemd skips a line with a warning in its journal (no `=`, a name that is
not a variable's) or ends a value at the end of the file (a quote never closed), this
refuses the file and says where, so the operator sees it before a unit does.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ESCAPED_IN_DOUBLE_QUOTES = '"\\`$'
BLANK = " \t"


class EnvFileError(ValueError):
    """A line systemd would not read as a setting: the message names the file and line."""


def parse(text: str, source: str = "-") -> dict[str, str]:
    """NAME → value for every setting in `text`, the last one winning as in systemd."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    values: dict[str, str] = {}
    at, line = 0, 1
    while at < len(text):
        char = text[at]
        if char == "\n":
            line += 1
        if char in BLANK + "\n":
            at += 1
            continue
        end_of_line = text.find("\n", at)
        end_of_line = len(text) if end_of_line < 0 else end_of_line
        if char in "#;":
            at = end_of_line
            continue
        equals = text.find("=", at, end_of_line)
        if equals < 0:
            raise EnvFileError(f"{source}:{line}: not NAME=value")
        name = text[at:equals].strip(BLANK)
        if not NAME.fullmatch(name):
            raise EnvFileError(f"{source}:{line}: {name!r} is not a variable's name")
        values[name], at, line = _value(text, equals + 1, line, source)
    return values


def _value(text: str, at: int, line: int, source: str) -> tuple[str, int, int]:
    """The value that starts at `at`, where the text goes on after it, and the line there."""
    started = line
    out: list[str] = []
    begun = False  # an unquoted character seen: quotes are plain characters from here
    trailing = 0  # blanks at the end of `out` written unquoted, dropped at the end of the line
    while at < len(text) and text[at] != "\n":
        char = text[at]
        if char in "'\"" and not begun:
            close = at + 1
            while close < len(text) and text[close] != char:
                close += 2 if char == '"' and text[close] == "\\" else 1
            if close >= len(text):
                raise EnvFileError(f"{source}:{started}: the quote ({char}) is never closed")
            part = text[at + 1 : close]
            line += part.count("\n")
            out.append(part if char == "'" else _unescape(part))
            at, trailing = close + 1, 0
            while at < len(text) and text[at] in BLANK:  # blanks after a quote: dropped
                at += 1
        elif char == "\\":
            following = text[at + 1 : at + 2]
            if following == "\n":
                line += 1
            else:
                out.append(following)
            at, begun, trailing = at + 2, True, 0
        else:
            if char in BLANK and not begun:
                at += 1
                continue
            out.append(char)
            begun = True
            trailing = trailing + 1 if char in BLANK else 0
            at += 1
    value = "".join(out)
    return (value[:-trailing] if trailing else value), at, line


def _unescape(part: str) -> str:
    return re.sub(
        r"\\(.)",
        lambda m: m[1] if m[1] in ESCAPED_IN_DOUBLE_QUOTES else ("" if m[1] == "\n" else m[0]),
        part,
        flags=re.DOTALL,
    )


def read(path: Path) -> dict[str, str]:
    return parse(path.read_text(encoding="utf-8"), str(path))


def quote(value: str) -> str:
    """`value` written so that systemd and this reader give it back as it is."""
    if "\n" in value:
        raise ValueError("a value on more than one line")
    return '"' + re.sub(r'(["\\`$])', r"\\\1", value) + '"'


def main(argv: list[str]) -> None:
    """with-env: FILE COMMAND [ARG…] — the command run with the file's settings added to the
    environment, as the units run theirs."""
    path, command = Path(argv[0]), argv[1:]
    try:
        settings = read(path)
    except (OSError, UnicodeDecodeError, EnvFileError) as error:
        sys.exit(f"with-env: {error}")
    if not command:
        sys.exit("with-env: no command to run")
    try:
        os.execvpe(command[0], command, {**os.environ, **settings})
    except OSError as error:
        sys.exit(f"with-env: {command[0]}: {error.strerror}")


if __name__ == "__main__":
    main(sys.argv[1:])
