"""The eligibility checker: a journey in each language, without JavaScript (a GET form); and
the checker and the application form agree on every rule of every sample call, over any
answers (hypothesis): the form refuses exactly what the checker says is not met."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from forms_service import clock, definitions, eligibility, subjects
from portal_contract import typography
from tests.conftest import REPO

pytestmark = pytest.mark.django_db
ELIGIBLE = {
    "ar": "مؤهلة حسب أجوبتكم",
    "fr": "Éligible d'après vos réponses",
    "en": "Eligible as answered",
}
NOT_ELIGIBLE = {
    "ar": "غير مؤهلة حسب أجوبتكم",
    "fr": "Non éligible d'après vos réponses",
    "en": "Not eligible as answered",
}


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_every_calls_whole_title_is_offered_as_a_radio(lang: str) -> None:
    html = Client().get(f"/{lang}/forms/eligibility/").content.decode()
    calls = sorted(subjects.calls(REPO / "data").values(), key=lambda c: c.closes, reverse=True)
    offered = re.findall(r'<input type="radio" name="call" value="([^"]+)"[^>]*>', html)
    assert offered == [c.id for c in calls]
    checked = re.findall(r'<input type="radio" name="call" value="([^"]+)"[^>]*\bchecked\b', html)
    assert checked == [calls[0].id]  # the latest call, as a list box showed it first
    text = unescape(html)
    assert all(typography.spaced_in(c.title(lang), lang) in text for c in calls)  # whole


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_journey_through_the_checker(lang: str, live_data: Path) -> None:
    page = Client().get(f"/{lang}/forms/eligibility/", {"call": "open-call"})
    assert page.status_code == 200
    ok = {
        "call": "open-call",
        "country": "FR",
        "founded": "2010",
        "registered": "yes",
        "axis": "school-support",
        "amount": "100000",
        "budget": "200000",
    }
    html = unescape(Client().get(f"/{lang}/forms/eligibility/", ok).content.decode())
    assert ELIGIBLE[lang] in html
    call = subjects.calls(live_data)["open-call"]
    documents = dict(definitions.taxonomy_options(live_data, "documents", lang))
    for key in call.data["documents"]:
        assert documents[key] in html, "the documents to prepare"
    assert f'href="/{lang}/forms/project-application/?call=open-call"' in html
    too_young = {**ok, "founded": str(clock.today().year)}
    html = unescape(Client().get(f"/{lang}/forms/eligibility/", too_young).content.decode())
    assert NOT_ELIGIBLE[lang] in html
    # Sent, the page opens at its result, below questions a phone's screen holds many of.
    assert '<form method="get" action="#result">' in html and 'id="result"' in html


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_closed_call_is_checked_but_not_applied_to(lang: str, live_data: Path) -> None:
    """Its conditions still tell what the next call will ask; the result says it closed,
    where it linked to an application form that would only say so after the questions."""
    asked = {"call": "closed-call", "country": "FR", "founded": "2010", "registered": "yes"}
    html = unescape(Client().get(f"/{lang}/forms/eligibility/", asked).content.decode())
    assert 'id="result"' in html
    closes = subjects.calls(live_data)["closed-call"]
    with translation.override(lang):
        said = translation.gettext("This closed on %(date)s: answers are no longer accepted.")
    said = said % {"date": closes.when(closes.closes, lang)}
    assert typography.spaced_in(said, lang) in html
    assert "/forms/project-application/" not in html.split('id="result"', 1)[1]


CALLS = sorted(subjects.calls(REPO / "data"))
YEARS = st.integers(min_value=1950, max_value=2030)
AMOUNTS = st.integers(min_value=1, max_value=2_000_000)


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    founded=YEARS,
    country=st.sampled_from(["FR", "BE", "ES", "MA", "US", "NL"]),
    axis=st.sampled_from(["school-support", "youth-and-vulnerable", "culture-and-ties", "women"]),
    amount=AMOUNTS,
    budget=AMOUNTS,
)
def test_the_checker_and_the_form_agree(
    founded: int, country: str, axis: str, amount: int, budget: int, live_data: Path
) -> None:
    """For each call open here (the sample's rules on open copies), the checker's verdict on
    each rule is the form's: a rule not met is an error on its field, and only then."""
    definition = definitions.load(live_data)["project-application"]
    fields = {"country": "country", "founded": "founded", "axis": "axis"}
    checked: set[str] = set()
    with translation.override("en"):
        form_class = definitions.form_class(definition, "en", live_data)
        for call in subjects.calls(live_data).values():
            if not call.is_open(clock.now()):
                continue
            answers: dict[str, Any] = {
                "country": country,
                "founded": founded,
                "axis": axis,
                "amount": amount,
                "budget": budget,
            }
            outcomes = eligibility.assess(call, answers)
            data = {"call": call.id, **answers, "amount_mad": amount, "budget_mad": budget}
            form = form_class(data=data)
            form.is_valid()
            for outcome in outcomes:
                if outcome.answer in fields:
                    checked.add(outcome.rule)
                    refused = outcome.text in form.errors.get(fields[outcome.answer], [])
                    assert refused == (outcome.met is False), (call.id, outcome)
            amount_refused = any(
                "dirham" in e or "%" in e for e in form.errors.get("amount_mad", [])
            )
            money_met = all(o.met for o in outcomes if o.rule in ("range", "share"))
            assert amount_refused == (not money_met), (call.id, amount, budget)
    assert {"years", "axis"} <= checked, "the open calls exercise both rules"
