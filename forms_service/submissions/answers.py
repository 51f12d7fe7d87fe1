"""Answers carried from one page to the next without server state, signed so they come back
as they were sent: to the "check your answers" page and back to the form to change them, and
the files already checked, so a user correcting another field does not upload them again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.utils.datastructures import MultiValueDict

from forms_service.uploads import Kept

SALT = "forms.answers"
MAX_AGE = 24 * 3600  # a form left open for a day is filled in again


@dataclass
class Carried:
    """What the user typed (as posted, not cleaned) and the files kept so far, by field."""

    data: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, Kept] = field(default_factory=dict)

    def sign(self, form_id: str) -> str:
        body = {"d": self.data, "f": {k: v.as_dict() for k, v in self.files.items()}}
        return signing.dumps(body, salt=f"{SALT}:{form_id}", compress=True)

    def as_post(self) -> MultiValueDict[str, str]:
        return MultiValueDict(self.data)


def unsign(value: str, form_id: str) -> Carried | None:
    """The carried answers, or None when they are missing, altered or too old."""
    try:
        body: Any = signing.loads(value, salt=f"{SALT}:{form_id}", max_age=MAX_AGE)
        return Carried(
            {str(k): [str(x) for x in v] for k, v in body["d"].items()},
            {str(k): Kept.from_dict(v) for k, v in body["f"].items()},
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None


def posted(data: MultiValueDict[str, str], names: list[str]) -> dict[str, list[str]]:
    """The posted values of the form's own fields (not the token or the honeypot)."""
    return {name: data.getlist(name) for name in names if name in data}
