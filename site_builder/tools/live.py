"""`serve`'s fast path: an edited record's pages, re-rendered in memory within a second.

A full build validates everything and takes seconds at national scale. When staff edit one
call, association or training, `serve` first checks that file alone (its YAML and schema),
puts it in the site model, and rewrites the pages that show it, in every language, from the
layouts ("shells") the last full build kept. The full build then runs as usual and has the
last word: cross-file checks, section pages, search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal_contract.datapackage import load_contract
from portal_contract.problems import Problem
from portal_contract.sources import read_text
from portal_contract.yamlfile import parse
from site_builder.model.i18n import LANGUAGES
from site_builder.model.plan import Plan, plan
from site_builder.model.site import Call, Site, call_of
from site_builder.pages.render import Renderer
from site_builder.pages.shells import Shells, fill
from site_builder.reading import records

KINDS = ("calls", "associations", "trainings")  # one YAML file per record


@dataclass(frozen=True)
class Outcome:
    pages: list[str] = field(default_factory=list)  # URL paths rewritten, in every language
    problems: list[Problem] = field(default_factory=list)


class Live:
    def __init__(
        self, site: Site, data: Path, out: Path, shells: dict[str, Shells], origin: str
    ) -> None:
        self.site, self.data, self.out, self.shells = site, data, out, shells
        self.contract = load_contract(data)
        # With the build's origin, as the plugin renders them: the pages' JSON-LD is absolute.
        self.renderers = {lang: Renderer(site, lang, origin) for lang in LANGUAGES}

    def apply(self, path: Path) -> Outcome | None:
        """The pages rewritten for an edited record file, or its problems (and nothing
        written); None when the change is not one this path handles (the full build will)."""
        try:
            rel = path.resolve().relative_to(self.data.resolve()).as_posix()
        except ValueError:
            return None
        kind = rel.split("/", 1)[0]
        if kind not in KINDS or not rel.endswith(".yaml") or rel.count("/") != 1:
            return None
        record = self._read(kind, rel)
        if isinstance(record, list):
            return Outcome(problems=record)
        if record.get("id") != Path(rel).stem or not self._replace(kind, record):
            return None  # a new or renamed record: the lists change, leave it to the build
        written = []
        for page in plan(self.site):
            if page.nav or not mentions(page, record["id"]):
                continue
            for lang in LANGUAGES:
                depth = page.path.count("/")
                html = fill(self.shells[lang][depth], page, self.renderers[lang].render(page))
                target = self.out / lang / page.path / "index.html"
                target.write_text(html, encoding="utf-8")
            written.append(page.path)
        return Outcome(pages=written)

    def _read(self, kind: str, rel: str) -> dict[str, Any] | list[Problem]:
        spec = next(s for s in self.contract.records if s.name == kind)
        source = read_text(self.data, rel)
        if isinstance(source, Problem):
            return [source]
        doc, problems = parse(source)
        if doc is None:
            return problems
        validator = self.contract.validators[spec.schema]
        problems += records.check_document(doc, validator, self.contract.schemas[spec.schema])
        if problems:
            return problems
        return doc.data if isinstance(doc.data, dict) else []

    def _replace(self, kind: str, record: dict[str, Any]) -> bool:
        site, key = self.site, record["id"]
        if kind == "associations":
            if key not in site.associations:
                return False
            site.associations[key] = record
        elif kind == "calls":
            found = [i for i, c in enumerate(site.calls) if c.id == key]
            if not found:
                return False
            site.calls[found[0]] = call_of(record, site.now)
        else:
            found = [i for i, t in enumerate(site.trainings) if t.get("id") == key]
            if not found:
                return False
            site.trainings[found[0]] = record
        site.forget()
        return True


def mentions(page: Plan, key: str) -> bool:
    """Whether the page shows the record `key`, or a project that names it."""
    return any(_mentions(value, key) for value in page.context.values())


def _mentions(value: Any, key: str) -> bool:
    if isinstance(value, Call):
        return value.id == key
    if isinstance(value, dict):
        return key in (value.get("id"), value.get("association_id"), value.get("call_id"))
    if isinstance(value, list):
        return any(_mentions(item, key) for item in value)
    return False
