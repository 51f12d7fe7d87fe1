"""A call's conditions written once: their tests as data, their words in every language from
one catalog, and how answers meet them (the page's script is held to the same by
tests/forms_service/test_eligibility_instant.py)."""

from __future__ import annotations

from typing import Any

import pytest
from babel.messages.pofile import read_po

from portal_contract import eligibility, languages, messages

CALL: dict[str, Any] = {
    "id": "call-2027",
    "opens": "2027-02-01T09:00:00+01:00",
    "axes": ["school-support", "women"],
    "eligibility": {
        "host_countries": ["FR", "BE"],
        "min_years_registered": 2,
        "registered_in_host_country": True,
        "amount_mad": {"min": 50000, "max": 300000},
        "max_share_of_budget": 0.57,
    },
}


def test_only_what_the_call_sets_is_asked() -> None:
    assert eligibility.conditions({"id": "x", "opens": "2027-01-01"}, "en") == []
    found = eligibility.conditions(CALL, "en")
    assert [(c.rule, c.answer, c.test) for c in found] == [
        ("country", "country", {"in": ["BE", "FR"]}),
        ("years", "founded", {"at_most": 2025}),
        ("registered", "registered", {"yes": True}),
        ("axis", "axis", {"in": ["school-support", "women"]}),
        ("range", "amount", {"between": [50000, 300000]}),
        ("share", "budget", {"share": "0.57", "asked": "amount"}),
    ]


WORDS = {
    "ar": ["بلجيكا أو فرنسا", "بسنتين", "2025", "50.000", "300.000", "57%"],
    "fr": ["Belgique ou France", "2025", "50\u202f000", "300\u202f000", "57\u00a0%"],
    "en": ["Belgium or France", "2 years", "2025", "50,000", "300,000", "57%"],
}


@pytest.mark.parametrize("lang", languages.CODES)
def test_the_conditions_are_worded_in_the_language_asked(lang: str) -> None:
    texts = " ".join(c.text for c in eligibility.conditions(CALL, lang))
    for word in WORDS[lang]:
        assert word in texts
    if lang != "en":
        assert "Registered" not in texts and "ministry" not in texts


def outcome(answers: dict[str, Any]) -> dict[str, bool | None]:
    return {o.rule: o.met for o in eligibility.assess(CALL, answers, "en")}


def test_nothing_answered_is_nothing_met() -> None:
    assert set(outcome({}).values()) == {None}
    assert set(outcome(dict.fromkeys(eligibility.ANSWERS, "")).values()) == {None}


def test_answers_as_a_form_sends_them_and_as_it_cleans_them() -> None:
    sent = {"country": "FR", "founded": "2025", "registered": "yes", "axis": "women"}
    cleaned = {"country": "FR", "founded": 2025, "registered": True, "axis": "women"}
    for answers in (sent, cleaned):
        assert {k: v for k, v in outcome(answers).items() if v is not None} == {
            "country": True,
            "years": True,
            "registered": True,
            "axis": True,
        }
    refused = {"country": "ES", "founded": 2026, "registered": False, "axis": "culture"}
    assert set(outcome(refused).values()) == {False, None}
    assert outcome({"founded": "20x5", "registered": "no"}) == {
        **dict.fromkeys(["country", "axis", "range", "share"]),
        "years": None,  # not a whole number: the service refuses it, so not answered
        "registered": False,
    }


def test_amounts_within_the_range_and_the_share_in_whole_numbers() -> None:
    assert outcome({"amount": 50000})["range"] is True
    assert outcome({"amount": "49999"})["range"] is False
    assert outcome({"amount": 300001})["range"] is False
    # 0.57 of 100 is 57 exactly, which a float (0.57 × 100 = 56.99…) would refuse.
    assert outcome({"amount": 57, "budget": 100})["share"] is True
    assert outcome({"amount": 58, "budget": 100})["share"] is False
    assert outcome({"amount": 0, "budget": 0})["share"] is False
    assert outcome({"budget": 100})["share"] is None
    assert outcome({"amount": True, "budget": 100})["share"] is None


def test_an_unknown_operator_is_an_error_not_a_pass() -> None:
    made_up = eligibility.Condition("x", "amount", {"most": 3}, "")
    with pytest.raises(ValueError, match="unknown test"):
        eligibility.met(made_up, {"amount": 2})


@pytest.mark.parametrize("lang", languages.CODES)
def test_the_catalog_translates_every_condition(lang: str) -> None:
    with messages.catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=languages.get(lang).locale)
    with (messages.CATALOGS / f"{messages.DOMAIN}.pot").open("rb") as pot:
        template = read_po(pot)
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
    for message in (m for m in catalog if m.id):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms) and "fuzzy" not in message.flags, message.id
