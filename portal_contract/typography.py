"""French typography on the French pages: a narrow no-break space (U+202F) before ; : ! ?
and inside « », whatever the text comes from — the catalogs, the content's Markdown, the
records' texts — and never a line break between a word and its colon.

It runs over each French page's HTML (site_builder/plugin.py, render.py) rather than only over
the catalogs: most of a page's words are the content's and the data's, typed with a plain
space or none. Only text is touched, and only text in French: not tags and their attributes
(but the visible ones: title, alt, aria-label, placeholder), not code, scripts or styles, not
an element marked with another language (a name in Latin script, an English fallback). Times
(23:59), addresses (https://, ?q=) and codes have no space before the sign and no letter right
before it followed by a space, so they are left as they are.
"""

from __future__ import annotations

import re

from markupsafe import Markup

NNBSP = "\u202f"
# A space (plain, no-break, or as an entity) before the sign: made the narrow one.
SPACE_BEFORE = re.compile(r"(?:[ \u00a0\u2009]|&nbsp;|&#160;|&#xa0;)+([;:!?»])")
# No space at all: a word's last letter (or a closing bracket or quote) right against the
# sign, the sign then ending the sentence or followed by a space ("Pourquoi?", "Note: ").
NO_SPACE = re.compile(r"(?<=[^\W\d_]|[)”’])([;:!?])(?=\s|$|[)”’»<])")
OPENING_QUOTE = re.compile(r"«(?:[ \u00a0\u202f]|&nbsp;)*")
CLOSING_QUOTE = re.compile(r"(?<=[^\s\u202f])»")
# The signs any of the rules above needs: most of a page's text has none of them, and each
# piece of it is looked at once rather than four times (the French pages' build spent a
# third of its time here).
SIGNS = re.compile(r"[;:!?«»]")
TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w:-]*)([^>]*)>", re.S)
ATTRIBUTE = re.compile(r'(\s(?:title|alt|aria-label|placeholder)=")([^"]*)(")')
LANG = re.compile(r'\slang="([^"]*)"')
UNTOUCHED = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "svg", "math"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def spaced(text: str) -> str:
    """French text with its narrow no-break spaces (no markup in it)."""
    if not SIGNS.search(text):
        return text
    text = SPACE_BEFORE.sub(NNBSP + r"\1", text)
    text = NO_SPACE.sub(NNBSP + r"\1", text)
    text = CLOSING_QUOTE.sub(NNBSP + "»", text)
    return OPENING_QUOTE.sub("«" + NNBSP, text)


def spaced_in(text: str, lang: str) -> str:
    """`text`, written in `lang`, with French spacing if that is French (no markup in it)."""
    return spaced(text) if lang == "fr" else text


def french(html: str) -> str:
    """A French page's (or fragment's) HTML with French spacing in its French text."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, whether its text is left)
    at = 0
    for token in TOKEN.finditer(html):
        left = bool(stack) and stack[-1][1]
        text = html[at : token.start()]
        out.append(text if left else spaced(text))
        out.append(_tag(token, stack, left))
        at = token.end()
    left = bool(stack) and stack[-1][1]
    out.append(html[at:] if left else spaced(html[at:]))
    return "".join(out)


def _tag(token: re.Match[str], stack: list[tuple[str, bool]], left: bool) -> str:
    closing, name, rest = token.group(1), (token.group(2) or "").lower(), token.group(3) or ""
    if not name:  # a comment
        return token.group(0)
    if closing:
        while stack and stack.pop()[0] != name:
            pass
        return token.group(0)
    if not rest:  # a bare tag (<p>, <li>): no language, no attribute shown
        if name not in VOID:
            stack.append((name, left or name in UNTOUCHED))
        return token.group(0)
    lang = LANG.search(rest)
    leave = left or name in UNTOUCHED or (lang is not None and not lang.group(1).startswith("fr"))
    if name not in VOID and not rest.rstrip().endswith("/"):
        stack.append((name, leave))
    if leave or not ATTRIBUTE.search(rest):
        return token.group(0)
    shown = ATTRIBUTE.sub(lambda m: m.group(1) + spaced(m.group(2)) + m.group(3), rest)
    return f"<{token.group(2)}{shown}>"


TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
ASCII_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def striptags(value: object) -> str:
    """Jinja's `striptags`, but keeping no-break and narrow no-break spaces: Jinja collapses
    every Unicode space into a plain one, which undid the French spacing of a title (« : »)
    in the tab's title and the og:title, and let a line break before the colon."""
    text = Markup(TAG_OR_COMMENT.sub("", str(value))).unescape()
    return ASCII_SPACES.sub(" ", text).strip()
