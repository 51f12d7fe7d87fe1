"""What one language's build made, and from what: kept beside the build for the next one.

For each page of the plan: its template, the digest of its context and the digests of what
it read of the model (site_builder/model/fingerprint.py); for each section page (drawn by
MkDocs) the layout around its content, cut where the content goes; the success stories, with
what their links read; the content pages' paths (for the sitemap) and the other files made
from the model. The incremental build (site_builder/tools/incremental.py) redraws a page only
when one of those digests changed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from site_builder.model.fingerprint import Digests
from site_builder.model.plan import Plan
from site_builder.pages.stories import Story

FORMAT = 1


@dataclass
class Ledger:
    digests: Digests
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    stories: list[dict[str, Any]] = field(default_factory=list)
    nav_shells: dict[str, list[str] | None] = field(default_factory=dict)

    def page(self, plan: Plan, reads: set[str], title: str | None = None) -> None:
        self.pages[plan.path] = entry(self.digests, plan, reads, title)

    def story(self, story: Story, reads: set[str]) -> None:
        self.stories.append({**asdict(story), "reads": self.digests.reads(reads)})

    def nav_shell(self, path: str, page: str, content: str) -> None:
        """The section page cut around its content; None when the content is not found
        there whole and once (the incremental build then rebuilds everything)."""
        parts = page.split(content)
        self.nav_shells[path] = parts if len(parts) == 2 else None

    def save(self, path: Path, *, site_name: str, content: list[str], files: list[str]) -> None:
        data = {
            "format": FORMAT,
            "site_name": site_name,
            "pages": self.pages,
            "stories": self.stories,
            "nav_shells": self.nav_shells,
            "content": sorted(content),
            "files": files,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # maybe shared with an earlier build by a hard link
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def entry(digests: Digests, plan: Plan, reads: set[str], title: str | None) -> dict[str, Any]:
    return {
        "template": plan.template,
        "context": digests.context(plan.context),
        "reads": digests.reads(reads),
        "nav": plan.nav,
        "search": plan.search,
        "title": title,
    }


def load(path: Path) -> dict[str, Any] | None:
    """A language's ledger, or None when there is none of this format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def stories_of(saved: list[dict[str, Any]]) -> list[Story]:
    return [
        Story(s["path"], s["title"], tuple(s["projects"]), tuple(s["associations"])) for s in saved
    ]
