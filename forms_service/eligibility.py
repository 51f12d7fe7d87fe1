"""Whether an association may apply to a call: the call's conditions (portal_contract.
eligibility, which the call pages' instant checker applies too) against a few answers, in the
active language. The same function answers the eligibility checker (submissions/checker.py)
and checks the application form (definitions.DefinedForm), so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language

from forms_service.subjects import Subject
from portal_contract import eligibility, languages

ANSWERS = eligibility.ANSWERS
Outcome = eligibility.Outcome


def assess(call: Subject, answers: Mapping[str, Any]) -> list[Outcome]:
    """Each of the call's conditions, met or not by `answers` (missing answers: None)."""
    return eligibility.assess(call.data, answers, get_language() or languages.FIRST)
