"""Whether an association may apply to a call: the call's own rules (its `eligibility` and
`axes` in data/calls/<id>.yaml) checked against a few answers. The same function answers the
eligibility checker (submissions/views.py) and checks the application form
(definitions.DefinedForm), so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from babel.lists import format_list
from babel.numbers import format_percent
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from forms_service import amounts
from forms_service.subjects import LOCALES, Subject
from portal_collation import sorted_by_name

# Which answer each rule reads: the checker's question, and the application form's field.
ANSWERS = ("country", "founded", "registered", "axis", "amount", "budget")


@dataclass(frozen=True)
class Outcome:
    rule: str  # years, registered, country, axis, range, share
    answer: str  # the answer it reads (one of ANSWERS)
    met: bool | None  # None: not answered yet
    text: str  # the condition, in the active language


def assess(call: Subject, answers: Mapping[str, Any]) -> list[Outcome]:
    """Each of the call's conditions, met or not by `answers` (missing answers: None)."""
    lang = get_language() or "ar"
    rules: dict[str, Any] = call.data.get("eligibility", {})
    found = []

    def given(name: str) -> Any:
        value = answers.get(name)
        return None if value in ("", None) else value

    countries = rules.get("host_countries")
    if countries:
        from forms_service.definitions import country_options  # it imports this module

        known = dict(country_options(lang))
        names = format_list(
            sorted_by_name(known.get(code, code) for code in countries),
            style="or",
            locale=LOCALES[lang],
        )
        country = given("country")
        met = None if country is None else country in countries
        text = _("Based in one of these host countries: %(countries)s.") % {"countries": names}
        found.append(Outcome("country", "country", met, text))
    least = rules.get("min_years_registered")
    if least:
        latest = _opening(call).year - int(least)
        founded = given("founded")
        met = None if founded is None else int(founded) <= latest
        # "1 year", "سنة واحدة", "سنتين": the count chooses the form, by CLDR's plural rules.
        text = ngettext(
            "Registered at least %(num)d year before the call opens: in %(year)s or earlier.",
            "Registered at least %(num)d years before the call opens: in %(year)s or earlier.",
            int(least),
        )
        found.append(Outcome("years", "founded", met, text % {"num": int(least), "year": latest}))
    if rules.get("registered_in_host_country"):
        registered = given("registered")
        met = None if registered is None else bool(registered)
        text = _("Registered under the law of its host country.")
        found.append(Outcome("registered", "registered", met, text))
    axes = call.data.get("axes") or []
    if axes:
        axis = given("axis")
        met = None if axis is None else axis in axes
        text = _("A project in one of the call's priority areas.")
        found.append(Outcome("axis", "axis", met, text))
    span = rules.get("amount_mad", {})
    low, high = span.get("min"), span.get("max")
    if low is not None or high is not None:
        amount = given("amount")
        met = None
        if amount is not None:
            met = (low is None or int(amount) >= low) and (high is None or int(amount) <= high)
        text = _("An amount asked of the ministry between %(min)s and %(max)s dirhams.")
        values = {"min": amounts.number(low or 0, lang), "max": amounts.number(high, lang)}
        found.append(Outcome("range", "amount", met, text % values))
    share = rules.get("max_share_of_budget")
    if share is not None:
        amount, budget = given("amount"), given("budget")
        met = None
        if amount is not None and budget is not None:
            met = int(budget) > 0 and int(amount) <= Decimal(str(share)) * int(budget)
        text = _("At most %(share)s of the project's total budget asked of the ministry.")
        found.append(
            Outcome(
                "share",
                "budget",
                met,
                text % {"share": format_percent(share, locale=LOCALES[lang])},
            )
        )
    return found


def _opening(call: Subject) -> datetime:
    return call.opens or datetime.fromisoformat(str(call.data["opens"]))
