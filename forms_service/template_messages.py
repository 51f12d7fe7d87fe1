"""The UI strings of the service's Django templates, for Babel's extraction (`make messages`).

Babel reads Python and Jinja, not Django's template language. Django's own `templatize` (what
`makemessages` hands to xgettext) rewrites a template as gettext calls in Python, one line for
each of the template's lines; Babel's Python extractor then reads them. So `{% translate %}`,
`{% blocktranslate %}` (with `count`, `context`, `trimmed`, `{{ var }}` as `%(var)s`) and
`{# Translators: #}` comments give the very msgids Django looks up at run time.
Registered in babel-forms.cfg as the `django` method.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python
from django.utils.translation.template import templatize

# (line, function, message or its singular and plural, comments), as Babel's extractors yield
# (Babel's annotation of extract_python says otherwise, so the items are left untyped here).
Extracted = tuple[Any, ...]


def extract_django(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel's extraction method for a Django template."""
    encoding = options.get("encoding", "utf-8")
    code = templatize(fileobj.read().decode(encoding))
    python = io.BytesIO(code.encode("utf-8"))
    yield from extract_python(python, keywords, comment_tags, {"encoding": "utf-8"})
