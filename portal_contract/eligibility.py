"""A call's conditions of eligibility, from its own `eligibility` and `axes` (data/calls/<id>.yaml):
what each asks, in every language, and whether answers meet it.

Each condition carries its test as data (`test`, JSON): the forms service's checker and its
application form evaluate it with `met` below, and the call page's script (theme/assets/
portal.js) receives the same conditions in the page and applies the same few operators. The
rules themselves are written only here.

Operators of `test`, on the answer named by `answer` (a missing or empty answer: None, "not
answered"; an amount or a year that is not a whole number counts as not answered, as the
service refuses it):
- {"in": [codes]}: one of these values;
- {"at_most": n}: a whole number no greater than n;
- {"yes": true}: a yes ("yes" from a form, True once cleaned);
- {"between": [low, high]}: a whole number within, either end may be null;
- {"share": "0.5", "asked": "amount"}: a positive whole number (the budget) of which the
  other answer (the amount asked) is no more than that share; the share as a decimal string,
  compared in whole numbers (0.57 × 100 as a float is 56.99…).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal, format_percent

from portal_contract import languages, places
from portal_contract.messages import translations

# The answers conditions read: the checker's questions and the application form's fields.
ANSWERS = ("country", "founded", "registered", "axis", "amount", "budget")


@dataclass(frozen=True)
class Condition:
    rule: str  # country, years, registered, axis, range, share
    answer: str  # the answer it reads (one of ANSWERS)
    test: dict[str, Any]
    text: str  # the condition, in the language asked for

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "answer": self.answer, "test": self.test, "text": self.text}


@dataclass(frozen=True)
class Outcome:
    rule: str
    answer: str
    met: bool | None  # None: not answered yet
    text: str


def conditions(call: Mapping[str, Any], lang: str) -> list[Condition]:
    """Only what the call sets, in this order: a rule the call does not have is not asked."""
    words = translations(lang)
    _, ngettext = words.ugettext, words.ungettext
    rules: Mapping[str, Any] = call.get("eligibility") or {}
    found = []
    countries = rules.get("host_countries")
    if countries:
        text = _("Based in one of these host countries: %(countries)s.") % {
            "countries": places.one_of(countries, lang)
        }
        found.append(Condition("country", "country", {"in": sorted(countries)}, text))
    least = rules.get("min_years_registered")
    if least:
        # The year the call opens, in the call's own offset.
        latest = datetime.fromisoformat(str(call["opens"])).year - int(least)
        # "1 year", "سنة واحدة", "سنتين": the count chooses the form, by CLDR's plural rules.
        text = ngettext(
            "Registered at least %(num)d year before the call opens: in %(year)s or earlier.",
            "Registered at least %(num)d years before the call opens: in %(year)s or earlier.",
            int(least),
        ) % {"num": int(least), "year": latest}
        found.append(Condition("years", "founded", {"at_most": latest}, text))
    if rules.get("registered_in_host_country"):
        text = _("Registered under the law of its host country.")
        found.append(Condition("registered", "registered", {"yes": True}, text))
    axes = call.get("axes") or []
    if axes:
        text = _("A project in one of the call's priority areas.")
        found.append(Condition("axis", "axis", {"in": list(axes)}, text))
    span = rules.get("amount_mad") or {}
    low, high = span.get("min"), span.get("max")
    if low is not None or high is not None:
        text = _("An amount asked of the ministry between %(min)s and %(max)s dirhams.") % {
            "min": number(low or 0, lang),
            "max": number(high, lang),
        }
        found.append(Condition("range", "amount", {"between": [low, high]}, text))
    share = rules.get("max_share_of_budget")
    if share is not None:
        text = _("At most %(share)s of the project's total budget asked of the ministry.") % {
            "share": percent(share, lang)
        }
        test = {"share": str(share), "asked": "amount"}
        found.append(Condition("share", "budget", test, text))
    return found


def met(condition: Condition, answers: Mapping[str, Any]) -> bool | None:
    """Whether `answers` meet the condition; None while its answer is not given."""
    test, value = condition.test, answers.get(condition.answer)
    if "in" in test:
        return None if value in (None, "") else str(value) in test["in"]
    if "yes" in test:
        return None if value in (None, "") else value in (True, "yes")
    amount = whole(value)
    if amount is None:
        return None
    if "at_most" in test:
        return amount <= int(test["at_most"])
    if "between" in test:
        low, high = test["between"]
        return (low is None or amount >= low) and (high is None or amount <= high)
    if "share" in test:
        asked = whole(answers.get(test["asked"]))
        if asked is None:
            return None
        return amount > 0 and asked <= Decimal(test["share"]) * amount
    raise ValueError(f"unknown test {test!r}")


def assess(call: Mapping[str, Any], answers: Mapping[str, Any], lang: str) -> list[Outcome]:
    """Each of the call's conditions, met or not by `answers`."""
    return [Outcome(c.rule, c.answer, met(c, answers), c.text) for c in conditions(call, lang)]


def whole(value: Any) -> int | None:
    """A whole number as a form sends it ("2010") or cleans it (2010); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = "" if value is None else str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def number(value: int | None, lang: str) -> str:
    """An amount's figure as the language writes it; a dash for no bound."""
    return "—" if value is None else format_decimal(value, locale=languages.locale(lang))


def percent(share: float, lang: str) -> str:
    """A share (0.5) as the language writes a percentage: "50 %", "50%", "‏50‏٪"."""
    return format_percent(share, locale=languages.locale(lang))
