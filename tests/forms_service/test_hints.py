"""A hint's examples written left to right keep their order on an Arabic page."""

from __future__ import annotations

from forms_service import hints


def test_an_example_phone_number_is_isolated_left_to_right() -> None:
    html = hints.isolated("بالصيغة الدولية، مثل \u200e+33 1 23 45 67 89")
    assert html == 'بالصيغة الدولية، مثل \u200e<bdi dir="ltr">+33 1 23 45 67 89</bdi>'


def test_addresses_are_isolated_and_the_rest_is_escaped() -> None:
    html = hints.isolated("مثل nom@exemple.ma أو https://exemple.ma/a?b=1 <b>")
    assert html == (
        'مثل <bdi dir="ltr">nom@exemple.ma</bdi> أو <bdi dir="ltr">https://exemple.ma/a?b=1</bdi>'
        " &lt;b&gt;"
    )


def test_a_hint_without_an_example_is_only_escaped() -> None:
    assert hints.isolated("Objectifs, public visé & activités") == (
        "Objectifs, public visé &amp; activités"
    )
