"""A data problem, said so that a staff member can act on it without reading code."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place: `path:line: field: message`.

    `path` is relative to the data folder; `field` is a dotted path into the record
    (`partners_in_morocco[1].region`) or a CSV column; `code` names the check, for tests and
    tools, and is not shown to people.
    """

    path: str
    line: int
    field: str
    message: str
    code: str = dataclasses.field(default="", compare=False)

    def format(self, root: Path | str = "") -> str:
        place = f"{Path(root) / self.path}:{self.line}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )

    def format_github(self, root: Path | str = "") -> str:
        """A GitHub Actions workflow command, shown as an annotation on the line at fault."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = "data problem"
        return f"::error file={Path(root) / self.path},line={self.line},title={title}::{text}"


@dataclass
class Report:
    """What a validation run checked and every problem it found."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    counts: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def sorted_problems(self) -> list[Problem]:
        return sorted(set(self.problems))

    def summary(self) -> str:
        checked = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        if self.ok:
            return f"data is valid: checked {checked}"
        n = len(set(self.problems))
        return f"{n} problem{'s' if n != 1 else ''} found; checked {checked}"
