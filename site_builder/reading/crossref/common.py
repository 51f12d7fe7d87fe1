"""What every check says a problem with: the record, the place in it, the words."""

from __future__ import annotations

from portal_contract.problems import Problem
from portal_contract.yamlfile import field_name
from site_builder.reading.dataset import Item


def problem(item: Item, at: tuple[str | int, ...], message: str, code: str) -> Problem:
    return Problem(item.doc.path, item.line(*at), field_name((*item.at, *at)), message, code)
