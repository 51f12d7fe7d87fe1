"""The portal's main pages meet the issue's goals in Lighthouse (accessibility 100, best
practices 95, performance 90) in every language, served as production serves them
(bench/lighthouse.py runs them; its latest figures are in bench/results/lighthouse.md)."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from bench import lighthouse
from tests.audit.tools import require_lighthouse
from tests.deploy.nginx import require_nginx


@pytest.mark.timeout(2400)  # 21 audits, each up to three times on a loaded machine
def test_main_pages_meet_the_goals_in_every_language(tmp_path: Path) -> None:
    require_lighthouse()
    require_nginx()
    if "FAKETIME" in os.environ:  # make test-future
        pytest.skip("the pages' speed does not depend on the date; 5 more minutes for nothing")
    report = lighthouse.run(tmp_path)
    print(lighthouse.table(report))
    print(lighthouse.cells(report, lighthouse.timings))
    assert lighthouse.below_goals(report) == {}, (
        "below the goals:\n" + lighthouse.shortfalls(report) + "\n\n" + lighthouse.table(report)
    )


class Flaky(BaseHTTPRequestHandler):
    """/flaky/ fails its first request (a 500) and answers the next; /down/ always fails."""

    asked: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        self.asked[self.path] = self.asked.get(self.path, 0) + 1
        works = self.path == "/flaky/" and self.asked[self.path] > 1
        body = PAGE if works else b"down"
        self.send_response(200 if works else 500)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


PAGE = b'<!doctype html><html lang="en"><title>Up</title><main><h1>Up</h1></main></html>'


def test_a_failed_run_is_made_once_more_and_a_second_failure_is_named(tmp_path: Path) -> None:
    require_lighthouse()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        jobs = [{"name": n, "url": f"{origin}/{n}/"} for n in ("flaky", "down")]
        lighthouse.lighthouse(jobs, tmp_path)
    finally:
        server.shutdown()
    assert Flaky.asked["/flaky/"] >= 2 and Flaky.asked["/down/"] >= 2  # each made twice
    tries = json.loads((tmp_path / "runs.json").read_text(encoding="utf-8"))
    assert "ERRORED_DOCUMENT_REQUEST" in tries["flaky"]["firstError"]
    flaky = lighthouse.read_run(tmp_path / "flaky.json", "en", "home", tries["flaky"]["firstError"])
    assert flaky.error is None and flaky.scores["accessibility"] is not None
    down = lighthouse.read_run(tmp_path / "down.json", "en", "calls")
    assert down.error and "ERRORED_DOCUMENT_REQUEST" in down.error
    assert down.scores == dict.fromkeys(lighthouse.CATEGORIES)
    assert lighthouse.why_below(down, "performance") == [down.error]
