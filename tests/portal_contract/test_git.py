"""The one way both halves run git: output, git's own error words, and a time limit that
leaves no helper process behind."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from portal_contract import git


def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    (repo / "a.txt").write_text("one\n")
    git.run(repo, "add", "a.txt")
    who = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org"}
    git.run(
        repo,
        "commit",
        "-q",
        "-m",
        "first",
        env={**who, "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"},
    )
    return repo


def test_output_as_text_or_bytes_and_input(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    assert git.run(repo, "log", "--format=%s").strip() == "first"
    assert git.run(repo, "show", "HEAD:a.txt", binary=True) == b"one\n"
    sha = git.run(repo, "hash-object", "--stdin", stdin="one\n").strip()
    assert git.run(repo, "rev-parse", "HEAD:a.txt").strip() == sha


def test_a_failure_carries_gits_words(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    with pytest.raises(subprocess.CalledProcessError) as caught:
        git.run(repo, "rev-parse", "--verify", "nowhere^{commit}")
    assert git.said(caught.value).startswith("git rev-parse --verify: fatal:")


def test_a_remote_that_never_answers_is_given_up_on(tmp_path: Path) -> None:
    """A git:// server that accepts the connection and says nothing."""
    repo = repository(tmp_path)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True).start()
    remote = f"git://127.0.0.1:{server.getsockname()[1]}/data.git"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired) as caught:
        git.run(repo, "push", remote, "main", timeout=1.5)
    assert time.monotonic() - started < 10
    assert git.said(caught.value) == f"git push {remote}: no answer in 1.5 s"
    server.close()
