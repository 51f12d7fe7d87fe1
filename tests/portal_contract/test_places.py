"""Countries without CLDR's non-countries, named and sorted per language; the consular posts'
jurisdictions, as both halves route an association's seat."""

from __future__ import annotations

import pytest
from babel import Locale

from portal_contract import languages, places


def test_the_countries_leave_out_regions_groupings_and_test_codes() -> None:
    territories = {str(code) for code in Locale("en").territories if len(code) == 2}
    assert {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"} <= territories  # CLDR has them
    assert places.country_codes() == territories - places.NOT_COUNTRIES
    assert {"MA", "FR", "BE", "NL", "CA", "AE"} <= places.country_codes()


@pytest.mark.parametrize("lang", languages.CODES)
def test_every_language_names_every_country(lang: str) -> None:
    listed = places.countries(lang)
    assert {code for code, _name in listed} == places.country_codes()
    assert all(name and name != code for code, name in listed)


def test_names_and_alternatives_in_the_readers_language() -> None:
    assert places.country_name("DE", "fr") == "Allemagne"
    assert [code for code, _ in places.by_name(["BE", "DE", "ES"], "fr")] == ["DE", "BE", "ES"]
    assert places.one_of(["FR", "BE"], "en") == "Belgium or France"
    assert places.one_of(["FR", "BE"], "fr") == "Belgique ou France"


POSTS = [
    {"id": "paris", "country": "FR", "jurisdiction": ["Paris", "Saint-Denis"]},
    {"id": "lyon", "country": "FR", "jurisdiction": ["Lyon"]},
    {"id": "france", "country": "FR", "jurisdiction": "rest"},
    {"id": "the-hague", "country": "NL", "jurisdiction": "all"},
    {"id": "paris-again", "country": "FR", "jurisdiction": ["paris"]},  # validation reports it
]


def test_a_listed_city_first_then_the_post_for_the_country() -> None:
    routes = places.Jurisdictions.of(POSTS)
    assert routes.post_for("FR", "  saint-DENIS ") == "paris"
    assert routes.post_for("FR", "Lyon") == "lyon"
    assert routes.post_for("FR", "Marseille") == "france"
    assert routes.post_for("NL", "Den  Haag") == "the-hague"
    assert routes.post_for("ES", "Madrid") is None


def test_the_service_routes_with_it() -> None:
    from django.conf import settings

    from forms_service import routing

    assert routing.post_for(settings.DATA_DIR, "ZZ", "Nowhere") == ""
    posts = routing._posts(settings.DATA_DIR)
    assert posts, "the sample data has consular posts"
    first = posts[0]
    city = first["jurisdiction"][0] if isinstance(first["jurisdiction"], list) else "Anywhere"
    expected = places.Jurisdictions.of(posts).post_for(first["country"], city)
    assert routing.post_for(settings.DATA_DIR, first["country"], city.upper()) == expected
