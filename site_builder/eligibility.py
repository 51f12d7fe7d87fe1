"""A call's eligibility rules as the call page's instant checker reads them.

The rules are the call's own `eligibility` and `axes` (data/calls/<id>.yaml), the data the
forms service's checker and application form read too (forms_service/eligibility.py); the
page's script (theme/assets/portal.js) applies them as that module does. The conditions'
wording comes with them, in the page's language, so the script holds no text of its own.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from babel.support import NullTranslations
from markupsafe import Markup

from site_builder.i18n import Formats
from site_builder.model import Call


def rules(call: Call, fmt: Formats, translations: NullTranslations) -> dict[str, Any]:
    """Only what the call sets: a rule the call does not have is not asked about."""
    _, ngettext = translations.ugettext, translations.ungettext
    found: dict[str, Any] = {"call": call.data["id"]}
    texts: dict[str, str] = {}
    data = call.data.get("eligibility", {})
    countries = data.get("host_countries")
    if countries:
        found["countries"] = sorted(countries)
        names = fmt.one_of(fmt.country(c) for c in countries)
        texts["country"] = _("Based in one of these host countries: %(countries)s.") % {
            "countries": names
        }
    least = data.get("min_years_registered")
    if least:
        # The year the call opens, in the call's own offset, as the service reckons it.
        latest = datetime.fromisoformat(str(call.data["opens"])).year - int(least)
        found["latest_year"] = latest
        # "1 year", "سنة واحدة", "سنتين": the count chooses the form, by CLDR's plural rules.
        texts["years"] = ngettext(
            "Registered at least %(num)d year before the call opens: in %(year)s or earlier.",
            "Registered at least %(num)d years before the call opens: in %(year)s or earlier.",
            int(least),
        ) % {"num": int(least), "year": latest}
    if data.get("registered_in_host_country"):
        found["registered"] = True
        texts["registered"] = _("Registered under the law of its host country.")
    axes = call.data.get("axes") or []
    if axes:
        found["axes"] = list(axes)
        texts["axis"] = _("A project in one of the call's priority areas.")
    span = data.get("amount_mad", {})
    if span.get("min") is not None or span.get("max") is not None:
        found["min"], found["max"] = span.get("min"), span.get("max")
        texts["range"] = _(
            "An amount asked of the ministry between %(min)s and %(max)s dirhams."
        ) % {"min": fmt.number(span.get("min") or 0), "max": fmt.number(span.get("max"))}
    share = data.get("max_share_of_budget")
    if share is not None:
        # As a decimal string: the script compares in whole numbers, where a float's
        # 0.57 × 100 = 56.99… would refuse an amount the service accepts.
        found["share"] = str(share)
        texts["share"] = _(
            "At most %(share)s of the project's total budget asked of the ministry."
        ) % {"share": fmt.percent(share)}
    found["texts"] = texts
    return found


def script(call: Call, fmt: Formats, translations: NullTranslations) -> Markup:
    """The rules as a JSON block the script reads (never run: type application/json)."""
    text = json.dumps(rules(call, fmt, translations), ensure_ascii=False, sort_keys=True)
    # "</" would end the block early inside HTML; JSON allows the escaped solidus.
    text = text.replace("</", "<\\/")
    return Markup(f'<script type="application/json" id="portal-eligibility-rules">{text}</script>')
