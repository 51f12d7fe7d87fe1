"""The corrections to Material's own markup: made to the template Material ships, and to
nothing else."""

from __future__ import annotations

from pathlib import Path

import material
from jinja2 import DictLoader, Environment, FileSystemLoader

from site_builder.pages import material_markup

MATERIAL = Path(material.__file__).parent / "templates"


def test_materials_base_loses_the_toggles_autocomplete_and_the_palettes_stylesheet() -> None:
    shipped = (MATERIAL / "base.html").read_text(encoding="utf-8")
    # Material's only autocomplete attributes are those of its two toggles.
    assert shipped.count(' autocomplete="off"') == 2
    palette = next(line for line in shipped.splitlines() if "assets/stylesheets/palette." in line)
    expected = shipped.replace(' autocomplete="off"', "").replace("\n" + palette, "")
    assert material_markup.corrected_base(shipped) == expected != shipped
    assert "assets/stylesheets/main." in expected


def test_the_loader_corrects_base_html_only() -> None:
    toggle = '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
    search = '<input type="text" name="query" autocomplete="off">'
    env = Environment(loader=DictLoader({"base.html": toggle + search, "other.html": toggle}))
    material_markup.install(env)
    material_markup.install(env)  # once is enough; twice changes nothing
    assert (
        env.get_template("base.html").render() == toggle.replace(' autocomplete="off"', "") + search
    )
    assert env.get_template("other.html").render() == toggle


def test_the_theme_renders_with_the_loader_in_place() -> None:
    env = Environment(loader=FileSystemLoader(str(MATERIAL)))
    material_markup.install(env)
    assert "base.html" in env.list_templates()
