"""Deterministic generator of datasets shaped like `data/`, at several scales.

The repository's sample data is this generator's `sample` scale; the benchmarks use the larger
ones. The same seed always gives the same files, so figures can be compared between runs.

    python -m bench.datagen --scale national --out bench/out/national
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bench import calltext
from bench.vocabulary import (
    AXIS_DOMAINS,
    CITIES,
    DESCRIPTIONS,
    DOMAIN_TARGETS,
    LEGAL_FORM,
    LOCAL_PARTNERS,
    NAME_WORDS,
    PROJECT_SUMMARIES,
    PROJECT_TITLES,
    City,
)

REPO = Path(__file__).resolve().parent.parent
AXES = ("school-support", "youth-and-vulnerable", "culture-and-ties", "women")
CALLING_CODES = {"FR": 33, "BE": 32, "ES": 34, "IT": 39, "NL": 31, "DE": 49, "CH": 41}
PROJECT_COLUMNS = [
    "id",
    "call_id",
    "association_id",
    "year",
    "axis",
    "country",
    "city",
    "amount_mad",
    "total_budget_mad",
    "status",
    "beneficiaries",
    "start_date",
    "end_date",
    "title_ar",
    "title_fr",
    "title_en",
    "summary_ar",
    "summary_fr",
    "summary_en",
]


@dataclass(frozen=True)
class Scale:
    associations: int
    projects: int
    first_year: int  # one project-support call a year from first_year to 2026
    trainings: int


SCALES: dict[str, Scale] = {
    "sample": Scale(associations=48, projects=84, first_year=2019, trainings=8),
    "national": Scale(associations=3000, projects=2000, first_year=1988, trainings=60),
    "national3x": Scale(associations=9000, projects=6000, first_year=1988, trainings=180),
    "rows100k": Scale(associations=3000, projects=100_000, first_year=1988, trainings=60),
}


class _Dumper(yaml.SafeDumper):
    """Block style, Unicode kept readable, and no aliases (staff edit these files by hand)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _write_yaml(path: Path, record: dict[str, Any], header: str) -> None:
    text = yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + text, encoding="utf-8")


def _years(scale: Scale) -> list[int]:
    return list(range(scale.first_year, 2027))


ELIDING = "AEIOUYÀÂÉÈÊËÎÏÔŒÙÛÜaeiouyàâéèêëîïôœùûü"


def in_french(template: str, city: str) -> str:
    """A French sentence about a city: "de" is elided before a vowel ("d'Orléans",
    "d'Anvers", not "de Orléans"). No city of the vocabulary starts with a mute h."""
    if city[:1] in ELIDING:
        template = template.replace("de {city}", "d'{city}")
    return template.format(city=city)


def _association_name(word: Any, city: City, n: int) -> tuple[str, str]:
    suffix = f" {n}" if n else ""
    latin = LEGAL_FORM[city.country].format(w=f"{word.latin} {city.latin}") + suffix
    arabic = f"جمعية {word.ar} لمغاربة {city.ar}" + (f" {n}" if n else "")
    return latin, arabic


def associations(scale: Scale, rng: random.Random) -> Iterator[dict[str, Any]]:
    domains = list(DESCRIPTIONS)
    taken: set[str] = set()
    for i in range(scale.associations):
        city = CITIES[i % len(CITIES)]
        word = NAME_WORDS[(i // len(CITIES) + i) % len(NAME_WORDS)]
        n = 0
        latin, arabic = _association_name(word, city, n)
        ascii_city = unicodedata.normalize("NFKD", city.latin).encode("ascii", "ignore").decode()
        slug = f"{word.slug}-{ascii_city.lower()}"
        slug = "".join(c if c.isalnum() else "-" for c in slug)
        slug = "-".join(filter(None, slug.split("-")))
        while slug in taken:  # the same word and city again: number it, as registries do
            n += 1
            slug = f"{slug.rsplit('-', 1)[0] if n > 1 else slug}-{n}"
            latin, arabic = _association_name(word, city, n)
        taken.add(slug)
        main = domains[i % len(domains)]
        extra = rng.sample([d for d in domains if d != main], k=rng.randint(0, 2))
        targets = sorted({t for d in [main, *extra] for t in DOMAIN_TARGETS[d]})[:4]
        ar, fr, en = DESCRIPTIONS[main]
        description = {
            "ar": ar.format(city=city.ar),
            "fr": in_french(fr, city.fr),
            "en": en.format(city=city.en),
        }
        # Some associations wrote their description in one or two languages only.
        if i % 7 == 3:
            del description["en"]
        if i % 11 == 5:
            description = {"ar": description["ar"]}
        if i % 13 == 8:
            description = {"fr": description.get("fr", in_french(fr, city.fr))}
        founded = 1975 + (i * 7) % 45
        record: dict[str, Any] = {
            "id": slug,
            "name": {"latin": latin} if i % 9 == 4 else {"latin": latin, "arabic": arabic},
            "country": city.country,
            "city": city.latin,
            "founded": founded,
            "domains": [main, *extra],
            "target_groups": targets,
            "description": description,
            "consent": i % 4 != 1,
        }
        if record["consent"]:
            contact: dict[str, str] = {"email": f"contact@{slug}.example.org"}
            if i % 3 == 0:
                contact["website"] = f"https://{slug}.example.org/"
            if i % 5 == 0 and city.country in CALLING_CODES:
                contact["phone"] = f"+{CALLING_CODES[city.country]} 1 23 45 67 {i % 100:02d}"
            record["contact"] = contact
        if main == "local-development" or i % 4 == 0:
            partners = rng.sample(LOCAL_PARTNERS, k=1 + i % 2)
            record["partners_in_morocco"] = [
                {"name": name, "region": region, "commune": commune, "since": max(founded, 2008)}
                for name, region, commune in partners
            ]
        record["updated"] = date(2024, 1, 15) + timedelta(days=(i * 37) % 1000)
        yield record


def calls(scale: Scale) -> Iterator[dict[str, Any]]:
    for year in _years(scale):
        yield calltext.project_support_call(year)
    yield calltext.solidarity_call(2026)


def _amount_range(call: dict[str, Any]) -> tuple[int, int]:
    rng = call["eligibility"]["amount_mad"]
    return int(rng["min"]), int(rng["max"])


def projects(
    scale: Scale, assocs: list[dict[str, Any]], call_list: list[dict[str, Any]], rng: random.Random
) -> Iterator[dict[str, Any]]:
    funded = [c for c in call_list if c["programme"] == "project-support" and c["year"] < 2026]
    cities = {c.latin: c for c in CITIES}
    per_year: dict[int, int] = {}
    by_axis = {
        axis: [a for a in assocs if set(a["domains"]) & set(AXIS_DOMAINS[axis])] or assocs
        for axis in AXES
    }
    for i in range(scale.projects):
        call = funded[i % len(funded)]
        year = int(call["year"])
        axis = AXES[(i // len(funded)) % len(AXES)]
        fitting = by_axis[axis]
        assoc = fitting[rng.randrange(len(fitting))]
        city = cities[assoc["city"]]
        lo, hi = _amount_range(call)
        amount = rng.randrange(lo, hi + 1, 5000) if hi > lo else lo
        share = call["eligibility"].get("max_share_of_budget", 1)
        budget = math.ceil(amount / share) + rng.randrange(0, 100_000, 1000)
        per_year[year] = per_year.get(year, 0) + 1
        titles = PROJECT_TITLES[axis][i % len(PROJECT_TITLES[axis])]
        summary = PROJECT_SUMMARIES[axis]
        status = "completed" if year < 2024 else ("in-progress" if year == 2024 else "funded")
        if i % 29 == 17 and year < 2024:
            status = "cancelled"
        yield {
            "id": f"p{year}-{per_year[year]:03d}",
            "call_id": call["id"],
            "association_id": assoc["id"],
            "year": year,
            "axis": axis,
            "country": city.country,
            "city": city.latin,
            "amount_mad": amount,
            "total_budget_mad": budget,
            "status": status,
            "beneficiaries": 20 + (i * 53) % 480,
            "start_date": f"{year + 1}-01-15",
            "end_date": f"{year + 1}-12-15",
            "title_ar": titles[0].format(city=city.ar),
            "title_fr": in_french(titles[1], city.fr),
            "title_en": titles[2].format(city=city.en),
            "summary_ar": summary[0] if i % 6 != 2 else "",
            "summary_fr": summary[1],
            "summary_en": summary[2] if i % 8 != 3 else "",
        }


def trainings(scale: Scale) -> Iterator[dict[str, Any]]:
    for i in range(scale.trainings):
        yield calltext.training(i)


def generate(scale: Scale, out: Path, *, seed: int = 2026) -> None:
    """Write a complete data folder at `out`: taxonomies, schemas, forms and partnership
    requests copied, the other records generated."""
    rng = random.Random(seed)
    if out.resolve() != (REPO / "data").resolve():
        for sub in ("calls", "associations", "projects", "trainings"):
            shutil.rmtree(out / sub, ignore_errors=True)
        for sub in ("taxonomies", "schemas", "forms", "partnerships"):
            shutil.copytree(REPO / "data" / sub, out / sub, dirs_exist_ok=True)
    header = "# Sample record (made by bench/datagen.py): replace with real data.\n"
    call_list = list(calls(scale))
    assocs = list(associations(scale, rng))
    for kind, records in (("calls", call_list), ("associations", assocs)):
        (out / kind).mkdir(parents=True, exist_ok=True)
        for record in records:
            _write_yaml(out / kind / f"{record['id']}.yaml", record, header)
    (out / "trainings").mkdir(parents=True, exist_ok=True)
    for record in trainings(scale):
        _write_yaml(out / "trainings" / f"{record['id']}.yaml", record, header)
    (out / "projects").mkdir(parents=True, exist_ok=True)
    by_year: dict[int, list[dict[str, Any]]] = {}
    for row in projects(scale, assocs, call_list, rng):
        by_year.setdefault(int(row["year"]), []).append(row)
    for year, rows in sorted(by_year.items()):
        with (out / "projects" / f"{year}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=PROJECT_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    write_datapackage(out, sorted(by_year))


def write_datapackage(out: Path, years: list[int]) -> None:
    """Declare one tabular resource per projects/<year>.csv, all sharing one Table Schema."""
    package = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [
        {
            "name": f"projects-{year}",
            "title": f"Funded projects, {year} call",
            "path": f"projects/{year}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "encoding": "utf-8",
            "schema": "schemas/project.tableschema.json",
        }
        for year in years
    ]
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    (out / "datapackage.json").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", choices=sorted(SCALES), default="sample")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    generate(SCALES[args.scale], args.out, seed=args.seed)
    print(f"wrote {args.scale} dataset to {args.out}")


if __name__ == "__main__":
    main()
