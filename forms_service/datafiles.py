"""Data files (data/**/*.yaml) as the service reads them: parsed once per version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from portal_contract import yamlfile


def read_yaml(path: Path) -> Any:
    """A data file, parsed once per version: every request reads the definitions, and a
    file published while the service runs is picked up by its new modification time."""
    return _parsed(str(path), version(path))


def version(path: Path) -> int:
    """Changes whenever the file is written (or replaced, as git does)."""
    stat = path.stat()
    return stat.st_mtime_ns ^ stat.st_ino


@lru_cache(maxsize=1024)
def _parsed(path: str, version: int) -> Any:
    # Read as `site-builder validate` reads it (portal_contract.yamlfile): dates stay text,
    # as the JSON Schemas see them; the service parses them where it needs them.
    return yamlfile.load(Path(path))
