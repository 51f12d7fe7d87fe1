"""An amount requested from a call, checked against the call's own rules: between its
minimum and maximum, and no more than its share of the project's total budget."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from forms_service.subjects import Subject
from portal_contract import eligibility, languages


def problems(call: Subject, amount: int, budget: int | None) -> list[tuple[str, str]]:
    """(rule, message) pairs, in the active language: "range", then "share"."""
    lang = get_language() or languages.FIRST
    rules: dict[str, Any] = call.data.get("eligibility", {})
    found = []
    span = rules.get("amount_mad", {})
    low, high = span.get("min"), span.get("max")
    if (low is not None and amount < low) or (high is not None and amount > high):
        message = _("For this call, the amount must be between %(min)s and %(max)s dirhams.")
        found.append(
            (
                "range",
                message
                % {
                    "min": eligibility.number(low or 0, lang),
                    "max": eligibility.number(high, lang),
                },
            )
        )
    share = rules.get("max_share_of_budget")
    if share is not None and budget and amount > Decimal(str(share)) * budget:
        message = _(
            "The amount requested may be at most %(share)s of the total budget: here,"
            " %(max)s dirhams."
        )
        most = int(Decimal(str(share)) * budget)
        found.append(
            (
                "share",
                message
                % {
                    "share": eligibility.percent(share, lang),
                    "max": eligibility.number(most, lang),
                },
            )
        )
    return found
