"""Data files (data/**/*.yaml) as the service reads them: parsed once per version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Dates and times stay text, as the JSON Schemas of the data see them (and as
    `site-builder validate` reads them): the service parses them where it needs them."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


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
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
