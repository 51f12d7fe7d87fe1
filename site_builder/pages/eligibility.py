"""A call's conditions of eligibility as the call page's instant checker reads them.

The conditions are the contract's (portal_contract.eligibility): the rules, their tests as
data and their wording in the page's language, the same the forms service checks. The page's
script (theme/assets/portal.js) applies the tests' few operators and holds no rule or text of
its own.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from portal_contract import eligibility
from site_builder.model.site import Call
from site_builder.pages import json_block


def rules(call: Call, lang: str) -> dict[str, Any]:
    """Only what the call sets: a rule the call does not have is not asked about."""
    found = eligibility.conditions(call.data, lang)
    return {"call": call.data["id"], "conditions": [c.as_json() for c in found]}


def script(call: Call, lang: str) -> Markup:
    """The rules as a JSON block the script reads (never run: type application/json)."""
    return json_block.script(
        rules(call, lang), sort_keys=True, type="application/json", id="portal-eligibility-rules"
    )
