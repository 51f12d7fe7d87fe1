"""The publishing pipeline, end to end: a real git repository as the staff's, a local folder
as the static host. A valid change is deployed; an invalid one fails with annotations on its
lines and leaves the deployed site as it was; a branch gets its preview."""

from __future__ import annotations

import fcntl
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.tools import linkcheck
from site_builder.tools import pipeline as pipeline_module
from tests.conftest import BUILT_AS_OF, REPO, BuiltSite

NEW_CALL = "support-2027"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The staff's repository: the project's data, pages and site configuration."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("data", "content", "site_builder/theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "staff@example.org")
    git(root, "config", "user.name", "Staff")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Portal data")
    return root


def add_call(repo: Path, *, closes: str = "2027-11-11T23:59:00+01:00") -> Path:
    """A new call, made from the 2026 one (what a staff member would do)."""
    text = (repo / "data" / "calls" / "support-2026.yaml").read_text(encoding="utf-8")
    text = text.replace("id: support-2026", f"id: {NEW_CALL}").replace("2026", "2027")
    text = text.replace("closes: '2027-11-11T23:59:00+01:00'", f"closes: '{closes}'")
    path = repo / "data" / "calls" / f"{NEW_CALL}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def pipeline(*args: str) -> int:
    return main(["pipeline", *args, "--no-search", "--now", BUILT_AS_OF])


def test_a_valid_change_is_deployed(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = tmp_path / "host"
    assert pipeline("deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)) == 0
    first = (host / "current").resolve()
    assert (host / "current" / "fr" / "calls" / "support-2026" / "index.html").is_file()
    assert not (host / "current" / "fr" / "calls" / NEW_CALL).exists()

    add_call(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Call for projects 2027")
    assert pipeline("deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)) == 0
    assert (host / "current" / "fr" / "calls" / NEW_CALL / "index.html").is_file()
    assert (host / "current").resolve() != first
    assert first.is_dir(), "the previous release is kept, to go back to"
    assert "published:" in capsys.readouterr().out


def test_an_invalid_change_fails_on_its_lines_and_changes_nothing(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = tmp_path / "host"
    assert pipeline("deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)) == 0
    deployed = (host / "current").resolve()
    capsys.readouterr()

    path = add_call(repo, closes="2027-13-40T23:59:00+01:00")  # no such date
    line = path.read_text().splitlines().index("closes: '2027-13-40T23:59:00+01:00'") + 1
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Call for projects 2027, with a typo")
    status = pipeline(
        "deploy", "--repo", str(repo), "--ref", "main", "--host", str(host), "--format", "github"
    )
    out, err = capsys.readouterr()
    assert status == 1
    assert f"::error file=data/calls/{NEW_CALL}.yaml,line={line}," in out
    assert "nothing was built or published" in err
    assert (host / "current").resolve() == deployed
    assert not (host / "current" / "fr" / "calls" / NEW_CALL).exists()


def test_a_branch_gets_a_preview_and_the_site_stays(repo: Path, tmp_path: Path) -> None:
    host = tmp_path / "host"
    assert pipeline("deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)) == 0
    deployed = (host / "current").resolve()
    git(repo, "checkout", "-q", "-b", "calls/2027")
    add_call(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Call for projects 2027")
    assert pipeline("preview", "--repo", str(repo), "--ref", "calls/2027", "--host", str(host)) == 0
    preview = host / "previews" / "calls-2027" / "current"
    assert (preview / "ar" / "calls" / NEW_CALL / "index.html").is_file()
    assert (host / "current").resolve() == deployed
    assert not (host / "current" / "ar" / "calls" / NEW_CALL).exists()


def test_the_link_check_finds_a_broken_link(built_site: BuiltSite, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_site.out / "en" / "about", copy / "en" / "about")
    assert linkcheck.check(copy) != []  # its header links to pages not copied
    page = copy / "en" / "lone" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<a href="/en/about/privacy/">ok</a> <a href="/en/nowhere/">no</a> <a href="https://example.org/">out</a>'
    )
    found = [b for b in linkcheck.check(copy) if b.page == "en/lone/index.html"]
    assert [b.link for b in found] == ["/en/nowhere/"]


def test_a_host_that_never_answers_fails_the_copy_instead_of_holding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A peer that takes the connection and then says nothing (a hung sshd, a black hole):
    rsync's own I/O timeout ends the copy with a message naming it."""
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    release = tmp_path / "release"
    release.mkdir()
    (release / "index.html").write_text("<p>site</p>")
    monkeypatch.setattr(pipeline_module, "RSYNC_TIMEOUT", 1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        with pytest.raises(pipeline_module.PipelineError, match="timeout"):
            pipeline_module.rsync(release, f"rsync://127.0.0.1:{port}/site/")


def test_a_release_is_copied_on_with_rsync(repo: Path, tmp_path: Path) -> None:
    """--rsync: the release then goes to another host (here a folder: rsync's destination
    syntax is the same for host:path); files gone from the release go there too."""
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    host, remote = tmp_path / "host", tmp_path / "remote"
    remote.mkdir()
    (remote / "stale.html").write_text("from an older site")
    args = ["deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)]
    assert pipeline(*args, "--rsync", f"{remote}/") == 0
    assert (remote / "fr" / "calls" / "support-2026" / "index.html").is_file()
    assert not (remote / "stale.html").exists()
    assert (remote / "fr" / "index.html").read_bytes() == (
        host / "current" / "fr" / "index.html"
    ).read_bytes()


def test_one_publication_at_a_time_into_a_folder(tmp_path: Path) -> None:
    """A second publication waits for the lock the first holds, saying so; the kernel's
    lock (flock), so a publication killed midway holds it no more."""
    host = tmp_path / "host"
    host.mkdir()
    said: list[str] = []
    inside = threading.Event()

    def second() -> None:
        with pipeline_module.exclusive(host, said.append):
            inside.set()

    with (host / ".publishing").open("a") as first:
        fcntl.flock(first, fcntl.LOCK_EX)
        waiting = threading.Thread(target=second)
        waiting.start()
        # Slept, not Event.wait(1): a wait with a timeout never wakes under the moved clock of
        # `make test-future` (libfaketime fakes the monotonic clock but not sem_clockwait).
        time.sleep(1)
        assert not inside.is_set()  # held by the first all along
        assert said == [f"waiting: another publication into {host} is running"]
        fcntl.flock(first, fcntl.LOCK_UN)
        waiting.join()
    assert inside.is_set()


def test_what_a_killed_publication_left_is_cleared(tmp_path: Path) -> None:
    host = tmp_path / "host"
    (host / "releases" / ".incoming-x1" / "fr").mkdir(parents=True)
    (host / "releases" / "20261201T000000-abc").mkdir()
    (host / ".current-4242").symlink_to("releases/.incoming-x1")
    pipeline_module.leftovers(host)
    assert [p.name for p in (host / "releases").iterdir()] == ["20261201T000000-abc"]
    assert not (host / ".current-4242").is_symlink()


def test_a_deploy_for_this_machines_address_says_so(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PORTAL_ORIGIN forgotten on the publishing host: the site is built for `make run`'s
    address, and every absolute link of it (sitemaps, feeds, calendars, PDFs) leads to the
    reader's own machine. The deploy says so; for a public address it says nothing."""
    monkeypatch.delenv("PORTAL_ORIGIN", raising=False)
    host = tmp_path / "host"
    assert pipeline("deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)) == 0
    said = capsys.readouterr().out
    assert "warning: the site is built for http://127.0.0.1:8000, an address of this" in said
    monkeypatch.setenv("PORTAL_ORIGIN", "https://partenariat.example.ma")
    assert pipeline("deploy", "--repo", str(repo), "--ref", "main", "--host", str(host)) == 0
    assert "warning:" not in capsys.readouterr().out
