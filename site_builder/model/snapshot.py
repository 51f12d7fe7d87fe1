"""The site model, read once per build and handed to each language's build process.

Validating 3,000 records takes about a second; doing it once in `site-builder build` and
passing the result to the three MkDocs processes as a pickle (written by this process, in a
private temporary folder) saves that second in each of them.
"""

from __future__ import annotations

import pickle
from datetime import datetime
from pathlib import Path

from site_builder.model.site import Site, build_site
from site_builder.reading.validate import validate


class DataProblems(Exception):
    """The data did not validate: one `path:line: field: message` per line, then a summary."""


def read_site(data: Path, now: datetime) -> Site:
    dataset, report = validate(data, today=now.date())
    if not report.ok:
        lines = [p.format(data) for p in report.sorted_problems()]
        raise DataProblems("\n".join([*lines, report.summary()]))
    return build_site(dataset, now)


def save(site: Site, path: Path) -> None:
    path.write_bytes(pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))


def load(path: Path) -> Site:
    site = pickle.loads(path.read_bytes())
    if not isinstance(site, Site):
        raise TypeError(f"{path} does not hold a site model")
    return site
