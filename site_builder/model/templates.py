"""The data pages' templates (site_builder/templates): one way to load them, for the pages,
the root page, the staff report and the PDF guides alike."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined, select_autoescape

from portal_contract import typography
from site_builder.model import i18n

TEMPLATES = Path(__file__).parent.parent / "templates"


def environment(lang: str | None = None, *, strict: bool = False) -> Environment:
    """Templates autoescaped, with `{% trans %}` and `_()` in `lang` when one is given.
    `strict`: a name the template uses and the page does not give is an error (the pages,
    whose context is built in one place), not an empty string."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined if strict else Undefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["striptags"] = typography.striptags
    if lang is not None:
        env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env
