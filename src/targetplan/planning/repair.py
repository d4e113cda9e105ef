"""Plans within every money limit to the rupiah, whatever the solver's tolerances let through.

A solver accepts a solution when every row holds within a small tolerance of the row's
scale: on a row of Rp 10 M programmes that is thousands of rupiah, so three programmes of
Rp 10 M fit a ceiling of Rp 30 M less Rp 10 000. A pagu is a legal limit, so
:func:`within_limits` checks the plan a solve gives with the independent check's money
rules (:func:`targetplan.results.check.money_overruns`: spending recomputed from the
catalogue and summed exactly, half a rupiah of rounding allowed) and, while a limit is
passed, solves again:

* where the whole (all-or-nothing) programmes chosen in a row already pass its limit by
  themselves, that set of programmes cannot run together in any plan: a *cover* row
  ``Σ y ≤ |set| − 1`` (for a floor: one more programme of the row must run) cuts it off.
  It removes no plan that keeps the limit, so the optimum stays the optimum;
* otherwise the overrun comes from scalable or flexible levels: with every yes/no choice
  kept, the row's limit is moved inside by the overrun (and a margin that doubles each
  round) and the levels are solved again, which lowers a level by a rupiah's worth.

A set of choices that cannot be repaired this way in a few rounds is reported as a
solver failure rather than returned as a plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import solvers
from ..model.formulation import INF, Formulation, RowKind
from ..model.reference import append_rows
from ..results.check import RUPIAH, Overrun, format_rupiah, money_overruns
from ..results.plan import Plan
from ..solvers.base import DEFAULT_THREADS, SolverResult, SolveStatus

__all__ = ["MAX_ROUNDS", "within_limits"]

#: Re-solves tried before a plan that passes a limit is given up as a solver failure.
MAX_ROUNDS = 6

_KIND = {"ceiling": RowKind.CEILING, "group": RowKind.GROUP, "source": RowKind.SOURCE, "commitment": RowKind.COMMITMENT}


def within_limits(
    form: Formulation, result: SolverResult, options: Mapping[str, Any]
) -> tuple[Formulation, SolverResult, Plan | None]:
    """Return the model, a solver result whose plan keeps every money limit to the rupiah, and that plan.

    The plan is the one checked (``None`` when the result has none), made once: the
    caller need not extract it again. A result without a plan, or whose plan already
    keeps every limit, is returned as it is. Otherwise the model gains the rows that cut
    the overrun off (see the module docstring) and is solved again with the same options,
    until the plan keeps every limit. A re-solve that finds no plan after a cover row has proven that no plan keeps
    the limits (status ``INFEASIBLE``, explained as usual); a repair that does not converge
    gives status ``ERROR`` with the overrun in ``message``.
    """
    if not result.status.has_plan or result.x is None or not len(result.x):
        return form, result, None
    kwargs = {
        "solver": options.get("solver", "auto"),
        "mip_gap": options.get("mip_gap", 1e-4),
        "time_limit": options.get("time_limit"),
        "threads": options.get("threads") or DEFAULT_THREADS,
        "tie_break": bool(options.get("tie_break", True)),
    }
    seconds = result.seconds
    margin = 1.0
    for _ in range(MAX_ROUNDS):
        plan = Plan.from_solution(form, result, options)
        over = money_overruns(plan)
        if not over:
            return form, *_solved_in(result, plan, seconds)
        x = _extracted(form, result.x)
        cuts = [cut for o in over for row in _rows(form, o) if (cut := _cover(form, row, o, x)) is not None]
        if cuts:
            trial = append_rows(form, cuts)
            again = solvers.solve(trial, **kwargs)
        else:
            trial = _tightened(form, over, margin)
            fixed = dataclasses.replace(
                trial,
                col_lower=np.where(form.col_integer, x, trial.col_lower),
                col_upper=np.where(form.col_integer, x, trial.col_upper),
            )
            again = solvers.solve(fixed, **kwargs)
            if not again.status.has_plan:  # the kept choices cannot carry less: let them change
                again = solvers.solve(trial, **kwargs)
            if not again.status.has_plan:
                return form, _failed(result, over, seconds + again.seconds), None
            margin *= 2.0
        seconds += again.seconds
        if not again.status.has_plan:
            # no plan after a cover row: no plan keeps the limits (or the solver stopped)
            return trial, dataclasses.replace(again, seconds=seconds), None
        form, result = trial, again
    plan = Plan.from_solution(form, result, options)
    over = money_overruns(plan)
    if not over:
        return form, *_solved_in(result, plan, seconds)
    return form, _failed(result, over, seconds), None


def _solved_in(result: SolverResult, plan: Plan, seconds: float) -> tuple[SolverResult, Plan]:
    """Return the result and its plan with the seconds of every solve (the repair's re-solves too)."""
    return dataclasses.replace(result, seconds=seconds), dataclasses.replace(
        plan, timings={**plan.timings, "solve": seconds}
    )


def _extracted(form: Formulation, x: np.ndarray) -> np.ndarray:
    """Return the solution as the plan reads it: levels in 0-1, yes/no rounded, noise near 0 and 1 snapped."""
    x = np.clip(x, 0.0, 1.0)
    x = np.where(form.col_integer, np.round(x), x)
    return np.where(x < 1e-9, 0.0, np.where(x > 1 - 1e-9, 1.0, x))


def _rows(form: Formulation, o: Overrun) -> np.ndarray:
    """Return the model's rows of a broken money rule."""
    keys: dict[str, Any] = {"year": o.year}
    if o.kind == "group":
        keys["item"] = o.item
    elif o.kind == "source":
        keys["source"] = o.source
    elif o.kind == "commitment":
        keys["boundary"] = o.boundary
    return form.rows_of(_KIND[o.kind], **keys)


def _cover(
    form: Formulation, row: int, o: Overrun, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float, float, RowKind, dict[str, Any]] | None:
    """Return a row that cuts off the yes/no choices of ``row`` when they alone break its limit; else ``None``."""
    lo, hi = int(form.start[row]), int(form.start[row + 1])
    cols = form.index[lo:hi].astype(np.int64)
    coef = form.value[lo:hi] * form.row_scale[row]
    whole = form.col_integer[cols]
    chosen = whole & (x[cols] > 0.5)
    if o.sign < 0:
        alone = float(np.sum(coef[chosen]))
        if alone - o.limit < RUPIAH or not chosen.any():
            return None
        picked = cols[chosen]
        # these programmes together cost more than the limit: at most all but one of them run
        return (picked[None, :], np.ones(len(picked)), -INF, float(len(picked) - 1), RowKind.COVER, {})
    others = cols[whole & ~chosen]
    most = float(np.sum(coef[chosen]) + np.sum(coef[~whole]))  # every level in the row at its full scope
    if o.limit - most < RUPIAH or not len(others):
        return None
    # the chosen programmes and every level at full scope stay below the floor: one more must run
    return (others[None, :], np.ones(len(others)), 1.0, INF, RowKind.COVER, {})


def _tightened(form: Formulation, over: list[Overrun], margin: float) -> Formulation:
    """Return the model with each broken row's limit moved inside by its overrun plus ``margin`` rupiah."""
    lower, upper = form.row_lower.copy(), form.row_upper.copy()
    for o in over:
        for row in _rows(form, o):
            step = (o.amount + margin) / form.row_scale[row]
            if o.sign < 0:
                upper[row] = upper[row] - step
            else:
                lower[row] = lower[row] + step
    return dataclasses.replace(form, row_lower=lower, row_upper=upper)


def _failed(result: SolverResult, over: list[Overrun], seconds: float) -> SolverResult:
    """Return a solver failure that names the limit its plan kept passing."""
    o = max(over, key=lambda item: item.amount)
    where = f"{o.kind} {o.year}" + (f" ({o.group_by} {o.group})" if o.group else "")
    message = (
        f"its plan passed the {where} by {format_rupiah(o.amount)} and could not be brought within it to the rupiah"
    )
    return dataclasses.replace(result, status=SolveStatus.ERROR, x=None, message=message, seconds=seconds)
