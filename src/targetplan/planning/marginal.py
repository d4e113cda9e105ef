"""What one more rupiah buys: the marginal value of each year's ceiling and of each funding source.

Measured by *re-solving*: the year's ceiling (or a source's) is raised by a step (default
2.5 % of it), the model is solved again, starting from the plan (so the value can only
rise), and the gain in total value is divided by the step and expressed per Rp 1 miliar.
For a mixed-integer plan this is the honest number — the value function is a staircase,
and LP duals only describe the current step. The LP dual of the ceiling row with every
integer choice fixed is shown beside it for reference (the marginal value of the
continuous part alone).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import solvers
from ..exceptions import ArgumentError
from ..model.build import build
from ..model.formulation import Formulation
from ..model.reference import encode
from ..results.plan import Plan, choices_from_solution, tables_from_choices
from ..text.money import MILIAR

__all__ = ["marginal_values", "open_side_session", "plain_value", "solve_options", "source_marginal_values"]


def solve_options(plan: Plan) -> dict[str, Any]:
    """Return the solve options of ``plan`` for its side solves (solver, gap, time limit, threads)."""
    opts = plan.options
    return {
        "solver": opts.get("solver", "auto"),
        "mip_gap": opts.get("mip_gap", 1e-4),
        "time_limit": opts.get("time_limit"),
        "threads": opts.get("threads"),
    }


def open_side_session(plan: Plan, form: Formulation) -> solvers.Session:
    """Open a solver session on ``form`` with the plan's gap and time limit, for side solves."""
    opts = solve_options(plan)
    return solvers.open_session(form, opts["solver"], mip_gap=opts["mip_gap"], time_limit=opts["time_limit"])


def plain_value(form: Formulation, x: np.ndarray) -> float:
    """Plain value (Σ priority × delivered share) of a solution vector of ``form``."""
    return float(tables_from_choices(form.catalog, *choices_from_solution(form, x)).total_value)


def _ceiling_duals(session: solvers.Session, form: Formulation, x0: np.ndarray) -> np.ndarray | None:
    """Duals (per rupiah) of the ceiling rows of the LP with every integer variable fixed at ``x0``."""
    dual = session.lp_duals(x0)
    if dual is None:
        return None
    return np.abs(dual[form.ceiling_rows]) / form.row_scale[form.ceiling_rows]


def marginal_values(plan: Plan, step: float | dict[int, float] | None = None) -> pd.DataFrame:
    """Value bought by one more rupiah of each year's ceiling, measured by re-solving.

    Parameters
    ----------
    plan : Plan
        An optimal or feasible plan from :func:`targetplan.optimize`.
    step : float or dict, optional
        Ceiling increase in rupiah (one amount, or per year). Defaults to 2.5 % of each
        year's ceiling.

    Returns
    -------
    DataFrame
        Index ``year``; columns ``ceiling``, ``step``, ``value_gain`` (total value with the
        raised ceiling minus the plan's), ``marginal_per_miliar`` (value_gain per Rp 1 M of
        step) and ``lp_dual_per_miliar`` (dual of the ceiling row with integer choices
        fixed, weighted objective, per Rp 1 M; NaN when the solver gives no duals).
    """
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} has no marginal values")
    years = plan.years
    budget = plan.budget
    form = build(plan.catalog, budget, plan.policy)
    x0 = encode(form, plan.start_years, plan.levels.to_numpy())
    session = open_side_session(plan, form)
    rows = []
    duals = _ceiling_duals(session, form, x0)
    for t, year in enumerate(years):
        amount = step.get(year) if isinstance(step, dict) else step
        if amount is None:
            amount = 0.025 * budget.ceilings[year]
        amount = float(amount)
        if amount <= 0:
            gain = 0.0
        else:
            # Everything tied to the ceiling moves with it: shares of the ceiling in group caps/floors and
            # the commitment cap, as well as the ceiling row itself. Building the raised budget's model gives
            # every row bound; the solver model is re-used and only its bounds change.
            raised = budget.model_copy(update={"ceilings": {**budget.ceilings, year: budget.ceilings[year] + amount}})
            form2 = build(plan.catalog, raised, plan.policy)
            session.set_model(form2)
            result = session.solve(start=x0, tie_break=False)
            session.set_model(form)
            gain = plain_value(form2, result.x) - plan.total_value if result.x is not None else 0.0
        gain = max(gain, 0.0)  # the plan itself stays feasible: a larger ceiling never loses value
        rows.append(
            {
                "year": year,
                "ceiling": budget.ceilings[year],
                "step": amount,
                "value_gain": gain,
                "marginal_per_miliar": gain / (amount / MILIAR) if amount > 0 else np.nan,
                "lp_dual_per_miliar": duals[t] * MILIAR * (1 - budget.reserve) if duals is not None else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("year")


def source_marginal_values(plan: Plan, step: float | None = None) -> pd.DataFrame:
    """Value bought by one more rupiah of each funding source's yearly ceiling, measured by re-solving.

    Like :func:`marginal_values`, but the source ceiling moves (default step: 2.5 % of
    it); index (``source``, ``year``), columns ``ceiling``, ``step``, ``value_gain``,
    ``marginal_per_miliar``.
    """
    opts = solve_options(plan)
    rows = []
    for source, by_year in plan.budget.source_ceilings.items():
        for year, cap in by_year.items():
            amount = float(step) if step is not None else 0.025 * cap
            if amount <= 0:
                continue
            raised = plan.budget.model_copy(
                update={"source_ceilings": {**plan.budget.source_ceilings, source: {**by_year, year: cap + amount}}}
            )
            form = build(plan.catalog, raised, plan.policy)
            result = solvers.solve(
                form, opts["solver"], mip_gap=opts["mip_gap"], tie_break=False, time_limit=opts["time_limit"]
            )
            gain = 0.0
            if result.x is not None:
                gain = max(plain_value(form, result.x) - plan.total_value, 0.0)
            rows.append(
                {
                    "source": source,
                    "year": year,
                    "ceiling": cap,
                    "step": amount,
                    "value_gain": gain,
                    "marginal_per_miliar": gain / (amount / MILIAR),
                }
            )
    return pd.DataFrame(
        rows, columns=["source", "year", "ceiling", "step", "value_gain", "marginal_per_miliar"]
    ).set_index(["source", "year"])
