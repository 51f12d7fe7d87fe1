"""Names in alphabetical order as readers of Arabic, French and English expect: the host
countries of the facets and of the forms' country lists, the cities, and so on.

Babel has CLDR's names but no collator, and sorting by code point puts "Émirats arabes unis"
after "Zimbabwe" and "ألمانيا" (hamza on its alef) before "الأرجنتين". ICU would be exact but
needs compiling; these names need only CLDR's first level of difference, which this key
gives (the second level, accents, only breaks ties):

- Latin script: letters without their accents or case (é = e, Å = a), ligatures spelt out
  (œ = oe, æ = ae, ß = ss), as in CLDR's root order that French and English use.
- Arabic script: the letters in code-point order, which is the alphabetical (hijā'ī) order
  from ا to ي, once the hamza's seat is reduced to its letter (أ إ آ = ا, ؤ = و, ئ = ي), ة
  sorted as ه and ى as ي, and the tatweel dropped: CLDR's Arabic tailoring.

Shared by the site builder and the forms service, which import nothing of each other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# After NFKD, which splits accents and the hamza (أ = ا + U+0654) from their letters.
_SPELT_OUT = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ı": "i",
        "’": "'",
        "\u0629": "\u0647",  # ة as ه
        "\u0649": "\u064a",  # ى as ي
        "\u0640": None,  # tatweel: drawn length, not a letter
    }
)


def sort_key(text: str) -> tuple[str, str]:
    """The key that orders `text` among names: letters first, then accents and case."""
    split = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in split if not unicodedata.combining(c))
    return letters.casefold().translate(_SPELT_OUT), text


def sorted_by_name(items: Iterable[T], name: Callable[[T], str] = str) -> list[T]:
    """`items` in the alphabetical order of their names."""
    return sorted(items, key=lambda item: sort_key(name(item)))
