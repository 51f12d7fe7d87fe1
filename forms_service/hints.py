"""A field's hint as HTML: its text escaped, and what is written left to right in every
language (a phone number, an email address, a web address) isolated in <bdi dir="ltr">.

In an Arabic sentence "+33 1 23 45 67 89" is a row of separate numbers, which the bidi
algorithm lays out right to left: it shows as "89 67 45 23 1 +33". Isolated, the example keeps
its order and leaves the sentence's alone.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LEFT_TO_RIGHT = re.compile(
    r"https?://[^\s<>\"']+"  # a web address
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an email address
    r"|\+?[0-9]+(?:[ .-][0-9]+)+"  # groups of digits: a phone number, say
)


def isolated(text: str) -> SafeString:
    """`text` as HTML (Django's field template shows a hint as it is), each run above in
    its own left-to-right isolate."""
    parts, last = [], 0
    for found in LEFT_TO_RIGHT.finditer(text):
        parts += [escape(text[last : found.start()]), f'<bdi dir="ltr">{escape(found[0])}</bdi>']
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text is escaped above
