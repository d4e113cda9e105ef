"""Helpers shared by the tests (import with ``from helpers import ...``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import targetplan as tp
from targetplan import solvers
from targetplan.model import encode
from targetplan.solvers.highs import HighsBackend


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


# ---------------------------------------------------------------------------------------------------
# The solver seam: a test registers a backend of its own under a solver's name, then puts the real
# one back (targetplan.solvers.register_backend returns the backend it replaced).
@contextlib.contextmanager
def registered(backend: solvers.Backend) -> Iterator[solvers.Backend]:
    """Use ``backend`` in place of the backend of the same name while the block runs."""
    previous = solvers.register_backend(backend)
    try:
        yield backend
    finally:
        if previous is None:
            solvers.unregister_backend(backend.name)
        else:
            solvers.register_backend(previous)


class ScriptedSession(solvers.Session):
    """A real session, except that ``answer(form)`` may give a result of its own (``None``: solve for real)."""

    def __init__(self, inner: solvers.Session, answer: Callable[[Any], solvers.SolverResult | None]) -> None:
        super().__init__(inner.form)
        self.inner = inner
        self.answer = answer
        self.name = inner.name

    def set_row_bounds(self, rows: Any, lower: Any, upper: Any) -> None:
        self.inner.set_row_bounds(rows, lower, upper)

    def set_col_bounds(self, cols: Any, lower: Any, upper: Any) -> None:
        self.inner.set_col_bounds(cols, lower, upper)

    def set_model(self, form: Any) -> None:
        self.inner.set_model(form)
        self.form = form

    def solve(self, start: Any = None, tie_break: bool = True) -> solvers.SolverResult:
        scripted = self.answer(self.form)
        return scripted if scripted is not None else self.inner.solve(start=start, tie_break=tie_break)

    def lp_duals(self, fixed: Any) -> Any:
        return self.inner.lp_duals(fixed)


class ScriptedBackend(HighsBackend):
    """HiGHS, whose sessions give ``answer(form)`` instead of solving wherever it is not ``None``."""

    def __init__(self, answer: Callable[[Any], solvers.SolverResult | None]) -> None:
        self.answer = answer

    def open(self, form: Any, **options: Any) -> solvers.Session:  # type: ignore[override]
        return ScriptedSession(super().open(form, **options), self.answer)


def available_money(form: Any) -> float:
    """The first year's ceiling less reserve that a built model holds."""
    row = int(form.ceiling_rows[0])
    return float(form.row_upper[row] * form.row_scale[row])


def result_of(form: Any, starts: dict[str, int], status: str = "optimal") -> solvers.SolverResult:
    """A solver result that runs the programmes of ``starts`` at full level (status as given)."""
    ids = list(form.catalog.ids)
    start_years = np.array([starts.get(p, -1) for p in ids])
    x = encode(form, start_years, np.ones((len(ids), len(form.years))))
    value = float(form.objective @ x)
    return solvers.SolverResult(solvers.SolveStatus(status), x, value, value, 0.0, "highs", 0.0, "scripted")
