"""Real processes for the length of a test, each in its own process group and its output in
a file, all stopped at the end, whatever happened (SIGTERM to each group, then SIGKILL)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

# Enough for a gunicorn master to stop its workers, or nginx its own.
STOP_SECONDS = 15
# Enough for gunicorn to boot its workers on a loaded two-core machine.
START_SECONDS = 60


class Group:
    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen[bytes]] = []
        self.named: dict[str, subprocess.Popen[bytes]] = {}

    def start(
        self, name: str, argv: Sequence[str], env: dict[str, str], cwd: Path | None = None
    ) -> Path:
        """Start `argv` in a session of its own; its stdout and stderr go to logs/NAME.log."""
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                list(argv), env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        self.started.append(process)
        self.named[name] = process
        return log

    def stop(self) -> None:
        for process in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.started:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Whatever the group leaders left behind (a worker of a killed master).
        for process in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    def check_running(self) -> None:
        for process in self.started:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args!r} exited with {process.returncode}")


@contextlib.contextmanager
def group(logs: Path) -> Iterator[Group]:
    logs.mkdir(parents=True, exist_ok=True)
    started = Group(logs)
    try:
        yield started
    finally:
        started.stop()


def base_env() -> dict[str, str]:
    """What a systemd service starts with besides its EnvironmentFile: no variable of the
    test's own (a DATABASE_URL of the suite's, say), and faketime's when the suite runs
    under it (make test-future), so that every process reads the same moved clock."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "LD_PRELOAD", "FAKETIME")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    return env


def wait(probe: Callable[[], Any], seconds: float) -> Any:
    """The first true value of `probe`, polled until `seconds` have passed (None then)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    return probe()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, processes: Group, seconds: float = START_SECONDS) -> None:
    """Until something accepts connections on 127.0.0.1:port; fails early if a process
    of the group has died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        processes.check_running()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")
