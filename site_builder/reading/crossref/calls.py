"""A call's own rules across records: its amounts' range, its priority areas and their programme."""

from __future__ import annotations

from collections.abc import Iterator

from portal_contract.problems import Problem
from site_builder.reading.crossref.common import problem
from site_builder.reading.dataset import Dataset


def check_calls(data: Dataset) -> Iterator[Problem]:
    axes = data.by_id("axes")
    for call in data.items.get("calls", []):
        rng = call.data.get("eligibility", {}).get("amount_mad", {})
        lo, hi = rng.get("min"), rng.get("max")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            yield problem(
                call,
                ("eligibility", "amount_mad", "min"),
                f"the minimum ({lo}) is above the maximum ({hi})",
                "range",
            )
        programme = call.data.get("programme")
        if programme == "project-support" and not call.data.get("axes"):
            yield problem(
                call, ("axes",), "a project-support call needs its priority areas", "axes"
            )
        for at, axis in call.values("axes", "*"):
            owner = axes[axis].data.get("programme") if axis in axes else programme
            if owner != programme:
                yield problem(call, at, f"axis {axis!r} belongs to programme {owner!r}", "axes")
