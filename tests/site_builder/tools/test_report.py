"""The staff's report: a planted missing translation, a call closing soon for a given
"today", associations not updated for two years, the changes since a git revision in words,
failing outbound links (against a real local server), and its page in the build."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from site_builder.model import snapshot
from site_builder.outputs import staff_report
from site_builder.tools import report
from tests.conftest import REPO, BuiltSite, edit


def site_of(data: Path, today: date) -> snapshot.Site:  # type: ignore[name-defined]
    return snapshot.read_site(data, datetime.combine(today, datetime.min.time(), UTC))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "repo" / "data"
    shutil.copytree(REPO / "data", root)
    return root


def test_a_planted_missing_translation_is_found(data: Path, tmp_path: Path) -> None:
    today = date(2026, 11, 29)
    before = report.make(site_of(data, today), today)
    french = staff_report.Missing("associations", "amal-paris", "description", "fr")
    assert french not in before.missing
    path = data / "associations" / "amal-paris.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    del record["description"]["fr"]  # planted: the French text is gone
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "en" / "about" / "only-english.md").write_text("# Only in English\n")
    after = report.make(site_of(data, today), today, content=content)
    assert french in after.missing
    assert staff_report.Missing("pages", "about/only-english.md", "", "ar") in after.missing
    done, total = after.coverage["associations"]["fr"]
    assert (done == before.coverage["associations"]["fr"][0] - 1 and total == 48) or done < total
    assert "associations/amal-paris: description: no fr text" in report.text(after)


def test_calls_closing_soon_depend_on_today(data: Path) -> None:
    # support-2026 closes on 11 November 2026.
    site = site_of(data, date(2026, 11, 29))
    soon = date(2026, 10, 20)
    assert ("support-2026", date(2026, 11, 11)) in report.make(site, soon).closing
    assert report.make(site, date(2026, 9, 1)).closing == []
    assert report.make(site, date(2026, 11, 12)).closing == []


def test_associations_not_updated_for_two_years(data: Path) -> None:
    today = date(2026, 11, 29)
    edit(data, "associations/amal-paris.yaml", "updated: 2024-01-15", "updated: 2026-01-15")
    stale = dict(report.make(site_of(data, today), today).stale)
    assert "amal-paris" not in stale
    edit(data, "associations/amal-paris.yaml", "updated: 2026-01-15", "updated: 2024-11-28")
    stale = dict(report.make(site_of(data, today), today).stale)
    assert stale["amal-paris"] == date(2024, 11, 28)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_the_changes_since_a_revision_in_words(data: Path) -> None:
    repo = data.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.email=s@example.org", "-c", "user.name=S", "add", "-A")
    git(repo, "-c", "user.email=s@example.org", "-c", "user.name=S", "commit", "-qm", "data")
    shutil.copy(data / "calls" / "support-2026.yaml", data / "calls" / "support-2027.yaml")
    for name in ("amal-paris", "annahda-madrid", "amal-torino"):
        path = data / "associations" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    table = data / "projects" / "2025.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:-1]), encoding="utf-8")  # one project removed
    words = report.changes(repo, "HEAD")
    assert "call `support-2027` added" in words
    assert "association `amal-paris`, `amal-torino`, `annahda-madrid` updated" in words
    assert "1 funded project removed" in words


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/fine" else 404)
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_failing_outbound_links_are_found(server: str) -> None:
    closed = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    nobody = f"http://127.0.0.1:{closed.server_address[1]}/"
    closed.server_close()  # nothing listens there now
    addresses = {f"{server}/fine": "a", f"{server}/gone": "b", nobody: "c"}
    broken = report.check_links(addresses, lambda a: report.fetch(a, timeout=5))
    assert [(a, w) for a, w, _ in broken] == [(f"{server}/gone", "b"), (nobody, "c")]
    assert broken[0][2] == "HTTP 404"


def test_the_report_page_is_in_the_build_and_not_linked(built_site: BuiltSite) -> None:
    for lang in ("ar", "fr", "en"):
        page = (built_site.out / "staff-report" / lang / "index.html").read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert f'<html lang="{lang}"' in page
    assert "ترجمة" in (built_site.out / "staff-report" / "ar" / "index.html").read_text()
    for lang in ("ar", "fr", "en"):
        for page in (built_site.out / lang).rglob("*.html"):
            assert "staff-report" not in page.read_text(encoding="utf-8"), page
        assert "staff-report" not in (built_site.out / lang / "sitemap.xml").read_text()
