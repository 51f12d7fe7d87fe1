"""`site-builder serve`: the built site on http://127.0.0.1:PORT, rebuilt when sources change.

A plain static server, as the site will be hosted: /{lang}/… paths, each language's own 404
page. Pages open in a browser reload themselves after a change. When a file in data/ or
content/ changes, an edited record's own pages are rewritten
at once (site_builder/tools/live.py), then the whole site is rebuilt beside the one being served
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
from typing import Any, ClassVar

from watchfiles import Change, watch

from site_builder.build import BuildError, build
from site_builder.model.i18n import LANGUAGES
from site_builder.pages import shells
from site_builder.settings import Settings
from site_builder.tools.live import Live

# Added to the HTML pages `serve` sends (never to the built files): reload the page when the
# preview's version changes, that is after a fast-path edit or a rebuild.
RELOAD = b"""<script>(function () {
  var seen = null;
  function poll() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (v) { if (seen !== null && v !== seen) location.reload(); seen = v; })
      .catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();</script>"""


class SiteHandler(SimpleHTTPRequestHandler):
    # Set per server by make_server. `version` is a one-item list so that the preview can
    # change it; `reload` adds the reloading script to pages.
    version: ClassVar[list[int]] = [0]
    reload: ClassVar[bool] = False

    def do_GET(self) -> None:
        if self.path == "/__version":
            self._send(200, "text/plain", str(self.version[0]).encode())
            return
        page = self._page()
        if self.reload and page is not None:
            body = page.read_bytes().replace(b"</body>", RELOAD + b"</body>", 1)
            self._send(200, "text/html; charset=utf-8", body)
            return
        super().do_GET()

    def _page(self) -> Path | None:
        """The HTML file this request gets as is (not a folder to be redirected)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        lang = self.path.strip("/").split("/", 1)[0]
        page = Path(self.directory) / (lang if lang in LANGUAGES else "") / "404.html"
        if not page.is_file():
            super().send_error(code, message, explain)
            return
        self._send(404, "text/html; charset=utf-8", page.read_bytes())

    def log_message(self, format: str, *args: Any) -> None:  # (the base's name)
        pass  # a request log drowns the build messages


def make_server(out: Path, port: int, version: list[int] | None = None) -> ThreadingHTTPServer:
    """A server of the built site; with `version`, pages reload when it changes."""
    handler = type(
        "Handler", (SiteHandler,), {"version": version or [0], "reload": version is not None}
    )
    return ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(out)))


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
        self.version = [0]  # what open pages compare with, to reload after a change

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
        origin = self.settings.public_origin()  # checked by the build that just succeeded
        self.live = Live(site, self.data, self.out, shells.load(self.state), origin)
        self.version[0] += 1
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
        outcome = self.live.apply(path)
        if outcome is None:
            return
        for problem in outcome.problems:
            say(problem.format(self.data))
        if outcome.pages:
            self.version[0] += 1
            say(
                f"{path.name}: {len(outcome.pages)} pages updated in every language"
                f" ({time.perf_counter() - start:.2f} s); rebuilding the rest"
            )

    def close(self) -> None:
        shutil.rmtree(self.state, ignore_errors=True)


def serve(
    *,
    data: Path,
    content: Path,
    out: Path,
    settings: Settings,
    port: int | None,
    search: bool,
) -> int:
    """Build, then rebuild on every change; with a port, also serve the site on it (without
    one, another server serves `out`, as the forms service does in `make run`)."""
    preview = Preview(data=data, content=content, out=out, settings=settings, search=search)
    if not preview.rebuild() and not (out / "index.html").exists():
        return 1
    server = make_server(preview.out, port, preview.version) if port is not None else None
    if server is not None:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        say(f"serving {out} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    else:
        say(f"watching {data} and {content}; rebuilding {out} on a change (Ctrl-C stops)")
    try:
        for changes in watch(data, content, debounce=200):
            preview.changed(changes)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.shutdown()
        preview.close()
    return 0
