"""Helpers shared by the tests (import with ``from helpers import ...``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

import targetplan as tp


def make_catalog(rows: list[dict], horizon: tuple[int, int] | None = None) -> tp.Catalog:
    """Build a catalogue from dicts; ``name`` defaults to the id."""
    frame = pd.DataFrame([{"name": r["id"], **r} for r in rows])
    return tp.Catalog.from_frame(frame, horizon=horizon)


#: Catalogue columns a test row may leave out, with the catalogue's own defaults.
ROW_DEFAULTS: dict[str, Any] = {
    "status": "new",
    "mandatory": False,
    "excluded": False,
    "requires": "",
    "exclusive_group": "",
    "group_required": False,
    "dimension": "",
}


@dataclass(frozen=True)
class Problem:
    """A small planning problem: catalogue rows (dicts), budget and policy."""

    years: tuple[int, ...]
    rows: tuple[dict[str, Any], ...]
    ceilings: dict[int, float]
    reserve: float = 0.0
    limits: tuple[tp.GroupLimit, ...] = ()
    policy: tp.Policy = field(default_factory=tp.Policy)

    def full_rows(self) -> list[dict[str, Any]]:
        """The rows with every column the brute force reads filled in (as the catalogue defaults them)."""
        out = []
        for r in self.rows:
            row = {**ROW_DEFAULTS, **r}
            row.setdefault("earliest_start", self.years[0])
            row.setdefault("latest_start", row["earliest_start"])
            for y in self.years:
                row.setdefault(f"cost_{y}", 0.0)
            out.append(row)
        return out

    def catalog(self, rows: list[dict[str, Any]] | None = None) -> tp.Catalog:
        return make_catalog(rows if rows is not None else self.full_rows(), horizon=(self.years[0], self.years[-1]))

    def budget(self) -> tp.Budget:
        return tp.Budget(ceilings=dict(self.ceilings), limits=self.limits, reserve=self.reserve)

    def optimize(self, catalog: tp.Catalog | None = None, budget: tp.Budget | None = None, **kw: Any) -> tp.Plan:
        kw.setdefault("mip_gap", 0)
        return tp.optimize(catalog or self.catalog(), budget or self.budget(), policy=self.policy, **kw)
