"""`site-builder serve`: the built site on http://127.0.0.1:PORT, rebuilt when sources change.

A plain static server, as the site will be hosted: /{lang}/… paths, each language's own 404
page. A watcher rebuilds when data/ or content/ change; a data problem is printed and the
last good site stays up.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from watchfiles import watch

from site_builder.build import BuildError, build
from site_builder.i18n import LANGUAGES
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


def serve(
    *, data: Path, content: Path, out: Path, settings: Settings, port: int, search: bool
) -> int:
    def rebuild() -> bool:
        try:
            build(
                data=data,
                content=content,
                out=out,
                settings=settings,
                search=search,
                say=lambda line: print(line, file=sys.stderr),
            )
        except BuildError as exc:
            print(f"{exc}\nthe site was not rebuilt: fix the problems above", file=sys.stderr)
            return False
        return True

    if not rebuild() and not (out / "index.html").exists():
        return 1
    server = make_server(out, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving {out} on http://127.0.0.1:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        for changes in watch(data, content, debounce=200):
            print(
                f"changed: {', '.join(sorted({Path(p).name for _, p in changes}))}", file=sys.stderr
            )
            rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
