"""Shared by the browser tests: Debian's Chromium, driven by Playwright (no downloaded
browser). Where it is missing the tests are skipped, except where it is required
(REQUIRE_BROWSER=1, as in CI), where they fail."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    """Call at the top of a browser test module, before importing Playwright."""
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium (/usr/bin/chromium) is required here", pytrace=False)
    pytest.skip("Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)


def serve(out: Path) -> Iterator[str]:
    """A built site on a free local port for the length of a fixture; its address."""
    from site_builder.tools.serve import make_server

    server = make_server(out, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def launch() -> Iterator[Any]:
    """A headless Chromium for the length of a fixture."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()
