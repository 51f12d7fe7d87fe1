"""`site-builder serve`: the built site on http://127.0.0.1:PORT, rebuilt when sources change.

A plain static server, as the site will be hosted: /{lang}/… paths, each language's own 404
page. When a file in data/ or content/ changes, an edited record's own pages are rewritten
at once (site_builder/live.py), then the whole site is rebuilt beside the one being served
and swapped in when done, so that no page goes missing meanwhile. A data problem is printed
and the last good site stays up.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from watchfiles import Change, watch

from site_builder import shells
from site_builder.build import BuildError, build
from site_builder.i18n import LANGUAGES
from site_builder.live import Live
from site_builder.problems import Problem
from site_builder.settings import Settings


class SiteHandler(SimpleHTTPRequestHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        lang = self.path.strip("/").split("/", 1)[0]
        page = Path(self.directory) / (lang if lang in LANGUAGES else "") / "404.html"
        if not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # (the base's name)
        pass  # a request log drowns the build messages


def make_server(out: Path, port: int) -> ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(out))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def say(line: str) -> None:
    print(line, file=sys.stderr)


class Preview:
    """The served site, its fast path, and full rebuilds swapped in when they succeed."""

    def __init__(
        self, *, data: Path, content: Path, out: Path, settings: Settings, search: bool
    ) -> None:
        self.data, self.content, self.out = data, content, out.resolve()
        self.settings, self.search = settings, search
        self.state = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
        self.live: Live | None = None

    def rebuild(self) -> bool:
        """The whole site, built beside the served one and then put in its place."""
        first = not (self.out / "index.html").exists()
        target = self.out if first else self.out.with_name(self.out.name + ".next")
        try:
            site = build(
                data=self.data,
                content=self.content,
                out=target,
                settings=self.settings,
                search=self.search,
                say=say,
                shells=self.state,
            )
        except BuildError as exc:
            say(f"{exc}\nthe site was not rebuilt: fix the problems above")
            return False
        if not first:
            old = self.out.with_name(self.out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            self.out.rename(old)
            target.rename(self.out)
            shutil.rmtree(old, ignore_errors=True)
        self.live = Live(site, self.data, self.out, shells.load(self.state))
        return True

    def changed(self, changes: set[tuple[Change, str]]) -> None:
        say(f"changed: {', '.join(sorted({Path(p).name for _, p in changes}))}")
        if self.live is not None and all(kind == Change.modified for kind, _ in changes):
            for _, path in changes:
                self.quick(Path(path))
        self.rebuild()

    def quick(self, path: Path) -> None:
        assert self.live is not None
        start = time.perf_counter()
        result = self.live.apply(path)
        if result is None:
            return
        if result and isinstance(result[0], Problem):
            for problem in result:
                assert isinstance(problem, Problem)
                say(problem.format(self.data))
            return
        took = time.perf_counter() - start
        say(
            f"{path.name}: {len(result)} pages updated in every language ({took:.2f} s);"
            " rebuilding the rest"
        )

    def close(self) -> None:
        shutil.rmtree(self.state, ignore_errors=True)


def serve(
    *, data: Path, content: Path, out: Path, settings: Settings, port: int, search: bool
) -> int:
    preview = Preview(data=data, content=content, out=out, settings=settings, search=search)
    if not preview.rebuild() and not (out / "index.html").exists():
        return 1
    server = make_server(preview.out, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"serving {out} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        for changes in watch(data, content, debounce=200):
            preview.changed(changes)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.close()
    return 0
