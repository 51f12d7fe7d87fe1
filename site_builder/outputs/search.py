"""The search index of one language: Pagefind, over the pages' searchable parts.

    python -m site_builder.outputs.search DOCUMENTS LANG SITE

While a language builds, each indexed page (home, sections, content pages, one page per
record; not facet and later list pages, which would only repeat the records' titles) also
leaves its heading and body in DOCUMENTS/{lang}/{path}/index.html. Pagefind reads those
rather than the full pages: the theme's header, navigation and footer are most of a page's
bytes and none of its text worth finding (measured: 5.2 s of processor time per language
instead of 8.0 s).

Pagefind writes its thousands of small files from many threads at once; on a disk that
costs it more in waiting than the indexing itself (6.9 s against 2.5 s when the files exist
already). So it writes into memory (/dev/shm, where there is one), and the finished index is
copied into SITE/pagefind in one pass.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MEMORY = Path("/dev/shm")


def scratch() -> str | None:
    """Where to put short-lived files: memory where the machine offers it."""
    return str(MEMORY) if MEMORY.is_dir() else None


# Elements a browser shows apart from their neighbours. Pagefind reads the text of the ones it
# does not know as blocks (a definition list's <dt> and <dd>, table cells) as if they ran on:
# "<dt>البرنامج</dt><dd>التنمية التضامنية</dd>" came out "البرنامجالتنمية" in results.
APART = re.compile(
    r"(</(?:dt|dd|li|td|th|tr|caption|figcaption|p|div|h[1-6]|dl|ul|ol|table)>|<br\s*/?>)", re.I
)


def spaced(html: str) -> str:
    """The HTML with a space after each element shown apart, so its words stay apart."""
    return APART.sub(r"\1 ", html)


def document(folder: Path, lang: str, path: str, html: str) -> None:
    """One page's searchable part, as Pagefind reads it: its URL is `/{lang}/{path}`."""
    target = folder / lang / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    body = spaced(html)
    page = f'<!doctype html><html lang="{lang}"><body data-pagefind-body>{body}</body></html>'
    target.write_text(page, encoding="utf-8")


def index(documents: Path, lang: str, site: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=scratch()) as tmp:
        built = Path(tmp) / "pagefind"
        args = [sys.executable, "-m", "pagefind", "--silent", "--glob", f"{lang}/**/*.html"]
        args += ["--site", str(documents), "--output-path", str(built)]
        subprocess.run(args, check=True)
        target = site / "pagefind"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(built, target)


if __name__ == "__main__":
    index(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
