"""Corrections to markup that Material writes outside any block or partial, so that no
override in theme/ can reach it: made to the template's source as the theme's Jinja
environment loads it, once per build, for every page, shell and the forms' layout alike.

Each correction is one the W3C Nu HTML checker (tests/audit/test_html_valid.py) or
Lighthouse (bench/lighthouse.py) asks for; a template that no longer has the markup is left
as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import BaseLoader, Environment

# base.html's two hidden toggles (the drawer's and the search's) carry autocomplete="off",
# which HTML allows on text-like inputs only, not on a checkbox. Material put it there so
# that a browser does not restore a toggle's checked state on going back to the page; the
# theme's script unchecks them on `pageshow` instead (theme/assets/portal.js).
TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)


# The palette's stylesheet holds only the colours Material names (every rule is under
# [data-md-color-primary=red] and the like, or the dark scheme's); the portal's palette is
# "custom" (mkdocs.yml), its colours in theme/assets/portal.css, so that no rule of it ever
# applies. It would still be one more request that holds the page's first paint.
PALETTE = re.compile(
    r"\n[ \t]*<link rel=\"stylesheet\" "
    r"href=\"\{\{ 'assets/stylesheets/palette\.[^']*' \| url \}\}\">"
)


def corrected_base(source: str) -> str:
    return PALETTE.sub("", TOGGLE_AUTOCOMPLETE.sub(r"\1", source))


CORRECTIONS: dict[str, Callable[[str], str]] = {"base.html": corrected_base}


class CorrectingLoader(BaseLoader):
    """The theme's loader, with CORRECTIONS applied to the templates they name."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        correct = CORRECTIONS.get(template)
        return (correct(source) if correct else source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def install(env: Environment) -> None:
    """Before any template of `env` is loaded (the plugin's on_env)."""
    if env.loader is not None and not isinstance(env.loader, CorrectingLoader):
        env.loader = CorrectingLoader(env.loader)
