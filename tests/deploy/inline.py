"""The inline code of the built site's pages, which a Content-Security-Policy must allow by
hash: scripts the browser runs (not JSON data blocks, which it never runs) and <style>
elements.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
HANDLER_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
RUN = {"", "text/javascript", "application/javascript", "module"}  # types a browser runs


def digest(text: str) -> str:
    """As a CSP source: 'sha256-…' of the UTF-8 text between the tags."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def runs(attrs: str) -> bool:
    if re.search(r"\ssrc\s*=", attrs):
        return False
    kind = re.search(r"""\stype\s*=\s*["']?([^"'\s>]*)""", attrs)
    return (kind.group(1).lower() if kind else "") in RUN


def scripts(html: str) -> Iterator[str]:
    for found in SCRIPT.finditer(html):
        if runs(found.group("attrs")):
            yield found.group("body")


def pages(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path, path.read_text(encoding="utf-8")


def required(site: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(script hashes, style hashes) the pages need, each with a page that needs it."""
    needed_scripts: dict[str, str] = {}
    needed_styles: dict[str, str] = {}
    for path, html in pages(site):
        page = str(path.relative_to(site))
        for body in scripts(html):
            needed_scripts.setdefault(digest(body), page)
        for body in STYLE.findall(html):
            needed_styles.setdefault(digest(body), page)
    return needed_scripts, needed_styles


def attributes(site: Path) -> list[str]:
    """Pages with inline style or event-handler attributes, which no hash can allow."""
    return [
        str(path.relative_to(site))
        for path, html in pages(site)
        if STYLE_ATTRIBUTE.search(html) or HANDLER_ATTRIBUTE.search(html)
    ]
