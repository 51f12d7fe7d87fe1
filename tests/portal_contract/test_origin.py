"""PORTAL_ORIGIN's rule, shared by the site builder and the forms service: an http(s) host,
normalised; anything else refused with a message that says what to write."""

from __future__ import annotations

import pytest

from portal_contract.origin import DEFAULT, OriginError, parse

WITH_CREDENTIALS = "https://staff:pw@partenariat.example.ma"  # pragma: allowlist secret


@pytest.mark.parametrize(
    "given,origin",
    [
        ("https://partenariat.example.ma", "https://partenariat.example.ma"),
        ("https://partenariat.example.ma/", "https://partenariat.example.ma"),
        (" HTTPS://Partenariat.Example.MA/ ", "https://partenariat.example.ma"),
        ("https://partenariat.example.ma.", "https://partenariat.example.ma"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("https://شراكة.المغرب/", "https://xn--mgbewl1f.xn--mgbc0a9azcg"),
        (DEFAULT, DEFAULT),
    ],
)
def test_an_origin_is_normalised(given: str, origin: str) -> None:
    assert parse(given) == origin


@pytest.mark.parametrize(
    "given,said",
    [
        ("", "empty"),
        ("partenariat.example.ma", "must start with https://"),
        ("ftp://partenariat.example.ma", "must start with https://"),
        ("https:partenariat.example.ma", "must start with https://"),
        ("https://", "no host name"),
        ("https://example.github.io/portal/", "has a path (/portal/)"),
        ("https://partenariat.example.ma/fr/", "not under a sub-path"),
        ("https://partenariat.example.ma/?lang=fr", "remove the query"),
        ("https://partenariat.example.ma/#top", "remove the fragment"),
        (WITH_CREDENTIALS, "user name or password"),
        ("https://partenariat.example.ma:99999", "port"),
        ("https://partenariat example.ma", "not a valid host name"),
        ("https://-partenariat.example.ma", "not a valid host name"),
    ],
)
def test_anything_else_is_refused_with_a_reason(given: str, said: str) -> None:
    with pytest.raises(OriginError) as refused:
        parse(given)
    assert said in str(refused.value)


def test_a_sub_path_is_refused_with_what_to_do() -> None:
    """GitHub Pages' project sites live under a sub-path; the pages' absolute links would
    leave it, so the address is refused, saying why and what to use instead."""
    with pytest.raises(OriginError) as refused:
        parse("https://ministry.github.io/portal")
    said = str(refused.value)
    assert "absolute paths (/fr/calls/" in said and "custom domain" in said
