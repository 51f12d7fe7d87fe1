"""Git, as both halves run it on the data repository: the site's pipeline and report read
revisions, the forms service commits and pushes what staff approve.

Every call has a time limit. A push runs helpers of its own (ssh, git-remote-http): on a
timeout the whole process group is killed, so none is left waiting on a remote. Failures are
the standard library's (CalledProcessError with git's stderr, TimeoutExpired); `said` words
them for a log or an error message.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, overload

TIMEOUT = 60.0  # seconds; the service's FORMS_GIT_TIMEOUT overrides it for its calls


@overload
def run(
    repo: Path,
    *args: str,
    stdin: str | None = ...,
    env: Mapping[str, str] | None = ...,
    timeout: float = ...,
    binary: Literal[False] = ...,
) -> str: ...
@overload
def run(
    repo: Path,
    *args: str,
    stdin: str | None = ...,
    env: Mapping[str, str] | None = ...,
    timeout: float = ...,
    binary: Literal[True],
) -> bytes: ...
def run(
    repo: Path,
    *args: str,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
    binary: bool = False,
) -> str | bytes:
    """git's output for `git -C repo args…`; never asks for a password (no terminal)."""
    command = ["git", "-C", str(repo), *args]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(
                None if stdin is None else stdin.encode("utf-8"), timeout=timeout
            )
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    if process.returncode:
        raise subprocess.CalledProcessError(
            process.returncode, command, out, err.decode("utf-8", errors="replace")
        )
    return out if binary else out.decode("utf-8", errors="replace")


def said(error: subprocess.CalledProcessError | subprocess.TimeoutExpired) -> str:
    """ "git push: fatal: …" or "git push: no answer in 60 s"."""
    what = " ".join(map(str, error.cmd[3:5]))
    if isinstance(error, subprocess.TimeoutExpired):
        return f"git {what}: no answer in {error.timeout:g} s"
    return f"git {what}: {str(error.stderr or '').strip()}"
