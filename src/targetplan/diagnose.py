"""Why is there no plan? Explanations of infeasibility in planning terms.

Two stages:

1. **Quick checks** on the inputs: mandatory programmes alone above a year's ceiling,
   group floors above what the group's programmes can spend or above the ceiling,
   a continuity floor that the carry-overs cannot reach.
2. **Elastic re-solve**: the money and policy rows (ceilings, group caps and floors,
   continuity floor, commitment caps) get slack variables and the model is solved
   again minimising the slack. The rows that need slack are the rules in conflict, and
   the slack is how far (in rupiah, or priority for the continuity floor) each would
   have to move.
"""

from __future__ import annotations

import numpy as np

from .budget import Budget
from .catalog import Catalog
from .formulation import Formulation, build
from .money import format_money
from .policy import Policy

__all__ = ["explain_infeasibility"]

_ELASTIC_KINDS = ("ceiling", "group", "continuity", "commitment")


def _quick_checks(form: Formulation) -> list[str]:
    reasons = []
    catalog, budget = form.catalog, form.budget
    frame = catalog._frame
    years = form.years
    # mandatory programmes with a single possible start: their smallest spending per year
    single = {p: n for p, n in zip(*np.unique(form.act_prog, return_counts=True), strict=True)}
    mand = frame["mandatory"].to_numpy(dtype=bool)[form.order]
    min_level = frame["min_level"].to_numpy(dtype=float)[form.order]
    need = np.zeros(len(years))
    names: list[list[str]] = [[] for _ in years]
    for c in range(len(form.cell_act)):
        p = form.cell_prog[c]
        if mand[p] and single.get(p, 0) == 1 and form.cell_cost[c] > 0:
            amount = form.cell_cost[c] * (1.0 if form.mode[p] == "whole" else min_level[p])
            if amount > 0:
                need[form.cell_year[c]] += amount
                names[form.cell_year[c]].append(str(form.ids[p]))
    for t, y in enumerate(years):
        if need[t] > budget.available(y) * (1 + 1e-9):
            reasons.append(
                f"{y}: mandatory programmes alone ({', '.join(sorted(set(names[t])))}) need {format_money(need[t])}, "
                f"{format_money(need[t] - budget.available(y))} above the ceiling less reserve "
                f"{format_money(budget.available(y))}"
            )
    for lim in budget.limits:
        if lim.floor is None:
            continue
        for y in [lim.year] if lim.year is not None else years:
            _, floor = lim.amounts(budget.ceilings[y])
            if floor is not None and floor > budget.available(y) * (1 + 1e-9):
                reasons.append(
                    f"{y}: the floor for {lim.group_by} {lim.group} ({format_money(floor)}) is above "
                    f"the ceiling less reserve ({format_money(budget.available(y))})"
                )
            member = (frame[lim.group_by].astype(str) == lim.group).to_numpy()[form.order]
            t = y - years[0]
            most = float(form.cell_cost[(form.cell_year == t) & member[form.cell_prog]].sum())
            if floor is not None and floor > most * (1 + 1e-9):
                reasons.append(
                    f"{y}: the floor for {lim.group_by} {lim.group} ({format_money(floor)}) is more than "
                    f"all its programmes could spend that year ({format_money(most)})"
                )
    return reasons


def _elastic(form: Formulation) -> list[str]:
    """Solve with slack on money and policy rows; report rows that need slack."""
    from .solve import _load_highspy, _quiet_stdout

    try:
        hs = _load_highspy()
    except Exception:
        return []
    elastic = np.flatnonzero(np.isin(form.row_kind, _ELASTIC_KINDS))
    with _quiet_stdout(True):
        h = hs.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", 60.0)
    from .solve import _highs_model

    lp = _highs_model(hs, form)
    lp.col_cost_ = np.zeros(form.num_cols)
    h.passModel(lp)
    inf = hs.kHighsInf
    slack_of: list[tuple[int, int]] = []  # (row, sign)
    for row in elastic.tolist():
        for sign, bound in ((-1.0, form.row_upper[row]), (1.0, form.row_lower[row])):
            if np.isfinite(bound):
                h.addCol(1.0, 0.0, inf, 1, np.array([row], dtype=np.int32), np.array([sign]))
                slack_of.append((row, int(sign)))
    h.changeObjectiveSense(hs.ObjSense.kMinimize)
    h.run()
    if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
        return []
    x = np.array(h.getSolution().col_value)[form.num_cols :]
    reasons: list[str] = []
    for (r, sign), s in zip(slack_of, x, strict=True):
        amount = float(s * form.row_scale[r])
        kind, label = form.row_kind[r], form.row_label[r]
        if amount <= 1e-6 * max(1.0, abs(form.row_upper[r] if sign < 0 else form.row_lower[r]) * form.row_scale[r]):
            continue
        if kind == "continuity":
            reasons.append(
                f"the continuity floor is out of reach: carry-overs fall short by {amount:,.2f} priority "
                "points; lower continuity_floor or make room for carry-overs"
            )
        elif sign < 0:
            reasons.append(f"{label}: would have to rise by {format_money(amount)}")
        else:
            reasons.append(f"{label}: would have to fall by {format_money(amount)}")
    return reasons


def explain_infeasibility(catalog: Catalog, budget: Budget, policy: Policy | None = None) -> list[str]:
    """Explain in planning terms why no plan satisfies every rule.

    Returns
    -------
    list of str
        One sentence per conflict (which years, which groups, by how much).
    """
    form = build(catalog, budget, policy)
    reasons = _quick_checks(form)
    if not reasons:
        reasons = _elastic(form)
    if not reasons:
        reasons = [
            "the start windows, 'requires' relations and exclusive groups cannot all be met together "
            "(no amount of money fixes it); check mandatory programmes and their requirements"
        ]
    return reasons
