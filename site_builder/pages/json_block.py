"""Data for a page's scripts and for machines, as JSON inside a <script> element.

The HTML parser reads a script's text before any JSON parser does: `</script>` ends the
element, and `<!--` followed by `<script` makes the parser skip the real end tag, so that
the rest of the page (its footer, its own scripts) is swallowed into the block. Jinja's
`tojson` escapes `<`, `>`, `&` and `'` as \\u sequences, which JSON reads back unchanged.
"""

from __future__ import annotations

from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup


def script(data: Any, *, sort_keys: bool = False, **attributes: str) -> Markup:
    """`data` in a <script> element with `attributes` (a `type` that is never run)."""
    text = htmlsafe_json_dumps(data, ensure_ascii=False, sort_keys=sort_keys, default=str)
    names = Markup("").join(Markup(' {}="{}"').format(k, v) for k, v in attributes.items())
    return Markup("<script{}>{}</script>").format(names, text)
