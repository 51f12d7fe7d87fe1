"""The environment file read by systemd's rules (deploy/env_file.py), and deploy/with-env,
which runs an operator's command with it: a secret with `$`, quotes or backslashes reaches
the command as written, as it reaches the units."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import env_file
from tests.conftest import REPO

WITH_ENV = REPO / "deploy" / "with-env"

# What systemd's EnvironmentFile= gives for each line (its env-file parser's rules).
READ_AS = [
    ("A=plain", "plain"),
    ("A = spaced  ", "spaced"),
    ("A=two words", "two words"),
    ('A="  kept  "', "  kept  "),
    ("A='$HOME \\n'", "$HOME \\n"),
    ("A=$HOME${PATH}", "$HOME${PATH}"),
    ('A="a\\"b\\\\c\\`d\\$e"', 'a"b\\c`d$e'),
    ('A="back\\slash"', "back\\slash"),  # before another character the backslash stays
    ("A=back\\slash", "backslash"),  # outside quotes it escapes what follows
    ("A=trailing\\ ", "trailing "),
    ('A="one" "two"', "onetwo"),
    ("A='one'two", "onetwo"),
    ('A=it"s a "value', 'it"s a "value'),  # a quote after the value began is a character
    ("A=first\\\nsecond", "firstsecond"),
    ('A="first\\\nsecond"', "firstsecond"),
    ('A="two\nlines"', "two\nlines"),
    ("A=", ""),
    ("A=#not a comment", "#not a comment"),
    ("A=café الرباط", "café الرباط"),
]


@pytest.mark.parametrize(("line", "value"), READ_AS)
def test_a_value_reads_as_systemd_reads_it(line: str, value: str) -> None:
    assert env_file.parse(line) == {"A": value}


def test_comments_blank_lines_and_the_last_of_two() -> None:
    text = "# a comment\n; another\n\n  A=1\r\nB=2\nA=3\n#C=4\n"
    assert env_file.parse(text) == {"A": "3", "B": "2"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("A=1\nnot a setting\n", "f.env:2: not NAME=value"),
        ("A=1\n\nexport B=2\n", "f.env:3: 'export B' is not a variable's name"),
        ("A=1\n1B=2\n", "f.env:2: '1B' is not a variable's name"),
        ('A=1\nB="open\nC=3\n', 'f.env:2: the quote (") is never closed'),
        ("A='open", "f.env:1: the quote (') is never closed"),
    ],
)
def test_a_line_systemd_would_skip_is_named(text: str, said: str) -> None:
    with pytest.raises(env_file.EnvFileError) as refused:
        env_file.parse(text, "f.env")
    assert str(refused.value) == said


@pytest.mark.parametrize("value", ["a$b`c\"d\\e'f", "$(id) ${HOME} \\$", "", " spaced "])
def test_a_quoted_value_reads_back_as_it_was(value: str) -> None:
    assert env_file.parse(f"A={env_file.quote(value)}") == {"A": value}


def run_with_env(tmp_path: Path, text: str, *command: str) -> subprocess.CompletedProcess[str]:
    settings = tmp_path / "portal.env"
    settings.write_text(text, encoding="utf-8")
    return subprocess.run(
        [str(WITH_ENV), *command],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PORTAL_ENV": str(settings)},
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_with_env_gives_the_command_the_values_as_written(tmp_path: Path) -> None:
    secret = "k$9`x\"y\\z'$(touch pwned)"  # pragma: allowlist secret
    text = (
        f"FORMS_SECRET_KEY={env_file.quote(secret)}\n"
        "FORMS_DATABASE_PASSWORD='p$ss word'\n"  # pragma: allowlist secret
        "PORTAL_ORIGIN=https://partenariat.example.ma\n"
    )
    show = "import json, os; print(json.dumps({k: v for k, v in os.environ.items()}))"
    done = run_with_env(tmp_path, text, sys.executable, "-c", show)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["FORMS_SECRET_KEY"] == secret
    assert got["FORMS_DATABASE_PASSWORD"] == "p$ss word"  # pragma: allowlist secret
    assert got["PORTAL_ORIGIN"] == "https://partenariat.example.ma"
    assert not (tmp_path / "pwned").exists()


def test_with_env_runs_from_the_checkout(tmp_path: Path) -> None:
    done = run_with_env(tmp_path, "A=1\n", sys.executable, "-c", "import os; print(os.getcwd())")
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == REPO


def test_with_env_refuses_a_file_it_cannot_read_and_runs_nothing(tmp_path: Path) -> None:
    done = run_with_env(tmp_path, 'A=1\nB="open\n', "touch", str(tmp_path / "ran"))
    assert done.returncode != 0
    assert done.stderr.strip().endswith('portal.env:2: the quote (") is never closed')
    assert not (tmp_path / "ran").exists()


def test_with_env_says_when_the_command_is_not_there(tmp_path: Path) -> None:
    done = run_with_env(tmp_path, "A=1\n", ".venv/bin/no-such-command")
    assert done.returncode != 0
    assert "with-env: .venv/bin/no-such-command: No such file or directory" in done.stderr
