"""Funded projects' rows against the calls and associations they name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from portal_contract.places import country_codes
from portal_contract.problems import Problem
from site_builder.reading.dataset import Dataset
from site_builder.reading.tables import Row


def project_row_check(data: Dataset) -> Callable[[Iterable[Row]], Iterator[Problem]]:
    """The checks of project rows against the calls and taxonomies: run on each file."""
    calls = {item.id: item.data for item in data.items.get("calls", [])}
    axes = data.ids("axes")
    return lambda rows: check_project_rows(rows, calls, axes)


def check_project_rows(
    rows: Iterable[Row], calls: dict[str, dict[str, Any]], axes: set[str]
) -> Iterator[Problem]:
    for row in rows:
        v = row.values
        call = calls.get(v.get("call_id") or "")
        yield from _project_against_call(row, call, axes)
        country = v.get("country")
        if country and country not in country_codes():
            yield Problem(
                row.path,
                row.line,
                "country",
                f"{country!r} is not an ISO 3166-1 country code",
                "country",
            )
        amount, budget = v.get("amount_mad"), v.get("total_budget_mad")
        if amount is not None and budget is not None and amount > budget:
            yield Problem(
                row.path,
                row.line,
                "amount_mad",
                f"{amount} is more than the total budget ({budget})",
                "range",
            )
        start, end = v.get("start_date"), v.get("end_date")
        if start and end and start > end:
            yield Problem(row.path, row.line, "end_date", "must not be before start_date", "order")


def _project_against_call(
    row: Row, call: dict[str, Any] | None, axes: set[str]
) -> Iterator[Problem]:
    v = row.values
    axis = v.get("axis")
    if axis and axis not in axes:
        yield Problem(
            row.path, row.line, "axis", f"{axis!r} is not in taxonomies/axes.yaml", "reference"
        )
    if call is None:
        return
    if (
        v.get("year") is not None
        and isinstance(call.get("year"), int)
        and v["year"] != call["year"]
    ):
        yield Problem(
            row.path,
            row.line,
            "year",
            f"{v['year']} does not match the year of {v['call_id']} ({call.get('year')})",
            "year",
        )
    if axis and axis in axes and axis not in call.get("axes", []):
        yield Problem(
            row.path, row.line, "axis", f"{axis!r} is not a priority area of {v['call_id']}", "axes"
        )
    eligibility = call.get("eligibility", {})
    rng = eligibility.get("amount_mad", {})
    amount = v.get("amount_mad")
    lo, hi = rng.get("min"), rng.get("max")
    # An upside-down range is the call's problem, reported there.
    if amount is not None and isinstance(lo, int) and isinstance(hi, int) and lo <= hi:  # noqa: SIM102
        if not lo <= amount <= hi:
            yield Problem(
                row.path,
                row.line,
                "amount_mad",
                f"{amount} MAD is outside the call's range ({rng['min']}–{rng['max']} MAD)",
                "range",
            )
    share, budget = eligibility.get("max_share_of_budget"), v.get("total_budget_mad")
    if (
        amount is not None
        and budget
        and isinstance(share, int | float)
        and amount > round(share * budget, 2)
    ):
        yield Problem(
            row.path,
            row.line,
            "amount_mad",
            f"{amount} MAD is more than {share:.0%} of the total budget ({budget} MAD)",
            "share",
        )
