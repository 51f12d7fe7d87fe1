"""The audits' tools, pinned in tests/audit/package.json (installed with `npm ci
--ignore-scripts` in this folder): the W3C Nu HTML checker (vnu.jar, run by Debian's Java)
and Lighthouse (node, driving Debian's Chromium). Where one is missing its test is skipped,
except where it is required (REQUIRE_VNU=1, REQUIRE_LIGHTHOUSE=1, as in CI), where it fails.

--ignore-scripts: vnu-jar's install script would download a Java of its own; Debian's is
used. package.json's "overrides" pin the two packages that Lighthouse's trace engine asks
for as "latest": without them `npm ci` refuses the lock as soon as a newer one is out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

HERE = Path(__file__).resolve().parent
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "cd tests/audit && npm ci --ignore-scripts"


def missing(what: str, required_by: str) -> NoReturn:
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{what} is required here ({required_by}=1)", pytrace=False)
    pytest.skip(f"{what} is not installed")


def require_vnu() -> str:
    """Java's path, once vnu.jar and Java are both there."""
    java = shutil.which("java")
    if java is None:
        missing("Java (Debian's default-jre-headless)", "REQUIRE_VNU")
    if not VNU_JAR.exists():
        missing(f"vnu.jar ({INSTALL})", "REQUIRE_VNU")
    return str(java)


def require_lighthouse() -> str:
    """Node's path, once Lighthouse, Node and Chromium are all there."""
    node = shutil.which("node")
    if node is None:
        missing("Node.js", "REQUIRE_LIGHTHOUSE")
    if not LIGHTHOUSE.exists():
        missing(f"Lighthouse ({INSTALL})", "REQUIRE_LIGHTHOUSE")
    if not CHROMIUM.exists():
        missing(f"Chromium ({CHROMIUM})", "REQUIRE_LIGHTHOUSE")
    return str(node)


def vnu(java: str, files: list[Path]) -> list[dict[str, object]]:
    """The checker's errors in `files`, all checked by one Java process: each message's
    url (file:...), line, and text. Warnings are not asked for (--errors-only)."""
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # It writes its report to stderr, and exits 1 when it found an error.
    report = json.loads(done.stderr)
    messages: list[dict[str, object]] = report["messages"]
    return messages
