"""Which consular post receives a submission: the one whose jurisdiction covers its seat.

The rule is the data's (data/taxonomies/consular-posts.yaml, checked by `site-builder
validate`): a post that lists the city first, then the post covering the whole country or
the rest of it. Cities are compared as people type them: case and spacing do not count.
"""

from __future__ import annotations

from pathlib import Path

from forms_service.datafiles import read_yaml


def post_for(data_dir: Path, country: str, city: str) -> str:
    """The id of the post covering `city` in `country` (ISO code), or "" when none does."""
    by_city, by_country = _jurisdictions(data_dir)
    return by_city.get((country, fold(city))) or by_country.get(country, "")


def fold(city: str) -> str:
    return " ".join(city.casefold().split())


def _jurisdictions(data_dir: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_city: dict[tuple[str, str], str] = {}
    by_country: dict[str, str] = {}
    for post in read_yaml(data_dir / "taxonomies" / "consular-posts.yaml")["posts"]:
        scope = post["jurisdiction"]
        if isinstance(scope, list):
            for city in scope:
                by_city.setdefault((post["country"], fold(city)), post["id"])
        else:
            by_country.setdefault(post["country"], post["id"])
    return by_city, by_country


def post_label(data_dir: Path, post_id: str, lang: str) -> str:
    """The post's name in `lang`, or "" for no post."""
    for post in read_yaml(data_dir / "taxonomies" / "consular-posts.yaml")["posts"]:
        if post["id"] == post_id:
            return str(post["label"].get(lang) or post["label"]["fr"])
    return ""
