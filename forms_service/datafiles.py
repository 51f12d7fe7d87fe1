"""Data files (data/**/*.yaml) as the service reads them: parsed once per version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path) -> Any:
    """A data file, parsed once per version: every request reads the definitions, and a
    file published while the service runs is picked up by its new modification time."""
    return _parsed(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=1024)
def _parsed(path: str, version: int) -> Any:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
