"""Checks that need more than one record, a module per kind of check. Each check is a
function from the dataset (and "today", never the wall clock) to problems."""

from __future__ import annotations

from site_builder.reading.crossref.calls import check_calls
from site_builder.reading.crossref.codes import (
    COUNTRIES,
    REFERENCES,
    check_countries,
    check_ids,
    check_languages,
    check_references,
    known_language,
)
from site_builder.reading.crossref.forms import TAXONOMIES, check_forms
from site_builder.reading.crossref.moments import MOMENTS, check_moments, time_zones
from site_builder.reading.crossref.places import (
    check_associations,
    check_cities,
    check_posts,
    jurisdiction,
)
from site_builder.reading.crossref.projects import check_project_rows, project_row_check

__all__ = [
    "COUNTRIES",
    "MOMENTS",
    "REFERENCES",
    "TAXONOMIES",
    "check_associations",
    "check_calls",
    "check_cities",
    "check_countries",
    "check_forms",
    "check_ids",
    "check_languages",
    "check_moments",
    "check_posts",
    "check_project_rows",
    "check_references",
    "jurisdiction",
    "known_language",
    "project_row_check",
    "time_zones",
]
