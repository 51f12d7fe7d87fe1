"""The build's global inputs, as one digest: everything a page may depend on other than the
records it reads (those are followed one by one: site_builder/model/fingerprint.py).

The code and its templates, theme and catalogs (the site_builder and portal_contract
packages), the installed packages' versions, the pages and MkDocs files of content/, the
root mkdocs.yml and the theme beside it, every file of data/ that is not a record of a kind
the pages read through the site model (taxonomies, schemas, forms, the data package), the
public address, the languages, and whether the search is built. When this digest differs
from the last build's, the incremental build rebuilds everything: safe by default.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

import portal_contract

# Record kinds (datapackage.json's "records") that reach the pages only through the site
# model's collections, and the tables (its "resources": the funded projects).
FOLLOWED = ("calls", "associations", "trainings", "partnerships")
CODE = (Path(__file__).parent.parent, Path(portal_contract.__file__).parent)


def record_files(data: Path) -> set[Path]:
    """The files of data/ whose records are followed one by one."""
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    globs = [r["path"] for r in package.get("records", []) if r.get("name") in FOLLOWED]
    globs += [r["path"] for r in package.get("resources", [])]
    return {path for pattern in globs for path in data.glob(pattern)}


def digest(
    *, data: Path, content: Path, origin: str, languages: Sequence[str], search: bool
) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([origin, list(languages), search]).encode())
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(versions).encode())
    for folder in CODE:
        _tree(h, "code", folder, _files(folder))
    root = content.parent
    _tree(h, "content", content, _files(content))
    _tree(h, "root", root, [root / "mkdocs.yml", *_files(root / "site_builder" / "theme")])
    followed = record_files(data)
    _tree(h, "data", data, [p for p in _files(data) if p not in followed])
    return h.hexdigest()


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _tree(h: hashlib.blake2b, name: str, base: Path, paths: Iterable[Path]) -> None:
    for path in paths:
        if not path.is_file():
            continue
        h.update(f"\0{name}/{path.relative_to(base).as_posix()}\0".encode())
        h.update(path.read_bytes())
