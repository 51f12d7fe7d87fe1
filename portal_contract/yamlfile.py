"""YAML to plain values, keeping the line of every key and item.

libyaml composes the node tree (fast, and every node knows its line); we build the values
ourselves so that duplicate keys are reported instead of silently overwritten, and dates stay
strings for JSON Schema's `format` checks instead of becoming `datetime` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal_contract.problems import Problem
from portal_contract.sources import Source, control_problem, formula_problem, read_text

Path_ = tuple[str | int, ...]

try:  # libyaml is in PyYAML's wheels; the pure-Python parser gives the same nodes, slower
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_scalars = yaml.constructor.SafeConstructor()
_TYPED = {
    "tag:yaml.org,2002:int": _scalars.construct_yaml_int,
    "tag:yaml.org,2002:float": _scalars.construct_yaml_float,
    "tag:yaml.org,2002:bool": _scalars.construct_yaml_bool,
    "tag:yaml.org,2002:null": _scalars.construct_yaml_null,
}


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its value, and the line where each path into it starts."""

    path: str
    data: Any
    lines: dict[Path_, int] = field(repr=False)

    def line(self, at: Path_) -> int:
        """The line of `at`, or of its nearest ancestor that exists (e.g. for a missing key)."""
        for end in range(len(at), -1, -1):
            found = self.lines.get(at[:end])
            if found is not None:
                return found
        return 1


def field_name(at: Path_) -> str:
    """`('partners_in_morocco', 1, 'region')` → `partners_in_morocco[1].region`."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse(source: Source) -> tuple[Document | None, list[Problem]]:
    try:
        root = yaml.compose(source.text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        hint = " (a value that contains ': ' or starts with a quote needs quotes)"
        return None, [Problem(source.path, line, "", f"invalid YAML: {what}{hint}", "yaml-syntax")]
    except yaml.YAMLError as exc:
        return None, [Problem(source.path, 1, "", f"invalid YAML: {exc}", "yaml-syntax")]
    if root is None:
        return None, [Problem(source.path, 1, "", "file has no content", "empty-file")]
    lines: dict[Path_, int] = {(): root.start_mark.line + 1}
    problems: list[Problem] = []
    data = _build(root, (), lines, problems, source.path, set())
    return Document(source.path, data, lines), problems


def _build(
    node: yaml.Node,
    at: Path_,
    lines: dict[Path_, int],
    problems: list[Problem],
    path: str,
    seen: set[int],
) -> Any:
    # An alias (*name) is the node of its anchor (&name) met again. Not expanded: nine
    # lines of aliases of aliases make billions of values, and validate, the build and the
    # forms service ran out of memory on them. The records never need one.
    if id(node) in seen:
        # Its node's line is the anchor's: the alias is said at the key that holds it.
        holder = next((at[:n] for n in range(len(at), 0, -1) if isinstance(at[n - 1], str)), ())
        field, line = field_name(at), lines.get(holder, 1)
        message = "an alias (*name) repeats another value: write the value out instead"
        problems.append(Problem(path, line, field, message, "yaml-alias"))
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_build(key_node, at, {}, problems, path, seen))
            here = (*at, key)
            line = key_node.start_mark.line + 1
            if key in out:
                problems.append(
                    Problem(
                        path,
                        line,
                        field_name(here),
                        f"duplicate key: it is already set on line {lines[here]}; keep one",
                        "duplicate-key",
                    )
                )
                continue
            lines[here] = line
            out[key] = _build(value_node, here, lines, problems, path, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[(*at, i)] = item.start_mark.line + 1
            items.append(_build(item, (*at, i), lines, problems, path, seen))
        return items
    construct = _TYPED.get(node.tag)
    assert isinstance(node, yaml.ScalarNode)
    if construct:
        return construct(node)
    # The file's own characters were checked as it was read; these came from escapes ("\v").
    line, field = node.start_mark.line + 1, field_name(at)
    for check in (control_problem, formula_problem):
        if problem := check(path, node.value, line, field):
            problems.append(problem)
    return node.value


class YamlError(ValueError):
    """A data file that cannot be read as the contract reads it; says where, as validate does."""


def load(path: Path) -> Any:
    """The values of one data file, as `parse` builds them (dates kept as text, as the JSON
    Schemas see them): what the forms service reads. Published data was validated first, so a
    problem here is a file changed by hand on the server; it is refused with its place."""
    source = read_text(path.parent, path.name)
    if isinstance(source, Problem):
        raise YamlError(source.format(path.parent))
    document, problems = parse(source)
    if problems or document is None:
        raise YamlError("; ".join(problem.format(path.parent) for problem in problems))
    return document.data
