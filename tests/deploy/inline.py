"""The inline code of the built site's pages, which a Content-Security-Policy must allow by
hash: scripts the browser runs (not JSON data blocks, which it never runs) and <style>
elements.

Material writes one inline script whose text names the page's depth
(`__md_scope=new URL("../..",location)`): a site with deeper pages than the sample (the
national one's /fr/projects/year/2024/page/2/) needs that script's hash at every depth, so
the variants of each one found are required too.
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
SCOPE = re.compile(r'^(__md_scope=new URL\(")([^"]*)(",location\))')
DEPTHS = 8  # "." and up to "../../../../../../.." : deeper than any page the site plans
LANGUAGES = ("ar", "fr", "en")


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


def scope_variants(body: str) -> list[str]:
    """The same Material script for every depth and for the absolute bases of 404 pages."""
    if not SCOPE.match(body):
        return [body]
    bases = [".", *("/".join([".."] * n) for n in range(1, DEPTHS))]
    bases += [f"/{lang}/" for lang in LANGUAGES]
    found = SCOPE.match(body)
    assert found is not None
    head, tail = found.group(1), found.group(3)
    return [head + base + tail + body[found.end() :] for base in bases]


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
            for variant in scope_variants(body):
                needed_scripts.setdefault(digest(variant), page)
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
