"""A call page with every rule the schema allows, rendered in each language: the branches of
the templates no sample call takes are drawn too (StrictUndefined fails on a missing name)."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime

import pytest
import yaml

from site_builder.model import snapshot
from site_builder.model.plan import plan
from site_builder.pages.render import Renderer
from tests.conftest import REPO


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> snapshot.Site:  # type: ignore[name-defined]
    data = tmp_path_factory.mktemp("render") / "data"
    shutil.copytree(REPO / "data", data)
    path = data / "calls" / "solidarity-2026.yaml"
    call = yaml.safe_load(path.read_text(encoding="utf-8"))
    call["eligibility"]["host_countries"] = ["BE", "FR", "NL"]
    path.write_text(yaml.safe_dump(call, allow_unicode=True), encoding="utf-8")
    return snapshot.read_site(data, datetime(2026, 11, 29, 12, tzinfo=UTC))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_call_with_host_countries_asks_for_the_country(site: object, lang: str) -> None:
    page = next(p for p in plan(site) if p.path == "calls/solidarity-2026/")  # type: ignore[arg-type]
    html = Renderer(site, lang).render(page).body  # type: ignore[arg-type]
    select = re.search(r'<select id="eligibility-country".*?</select>', html, re.S)
    assert select is not None
    codes = re.findall(r'<option value="([A-Z]{2})"', select.group(0))
    assert {"MA", "FR", "BE"} <= set(codes) and len(codes) > 190
    assert not {"EU", "UN", "ZZ", "XA", "XB"} & set(codes)


@pytest.mark.parametrize(
    "lang,said", [("ar", "بلجيكا أو فرنسا أو هولندا"), ("fr", "Belgique, France ou Pays-Bas")]
)
def test_who_can_apply_names_the_host_countries(site: object, lang: str, said: str) -> None:
    page = next(p for p in plan(site) if p.path == "calls/solidarity-2026/")  # type: ignore[arg-type]
    assert said in Renderer(site, lang).render(page).body  # type: ignore[arg-type]


@pytest.mark.parametrize("lang,said", [("ar", ">30%<"), ("fr", ">30\xa0%<"), ("en", ">30%<")])
def test_a_criterions_weight_is_written_as_the_language_writes_a_percentage(
    site: object, lang: str, said: str
) -> None:
    """As the conditions above it write theirs (CLDR's pattern): the weights' own "30 %" put
    a French space in English, and read "% 30" in Arabic."""
    page = next(p for p in plan(site) if p.path == "calls/solidarity-2026/")  # type: ignore[arg-type]
    html = Renderer(site, lang).render(page).body  # type: ignore[arg-type]
    weights = re.findall(r'<td class="portal-num">([^<]*)</td>', html)
    assert weights and f">{weights[0]}<" == said, weights
