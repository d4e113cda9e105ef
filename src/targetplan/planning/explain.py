"""Why a programme is in or out of the plan, and what would change that, measured by re-solving.

A programme left out gets: the value the plan would lose if it were forced in (at full
scope); how much its priority would have to rise before it enters (exact: Newton steps on
a convex piecewise-linear function); how far its cost would have to fall (bisection over a
cost factor, to 1/64); and how much each year's ceiling would have to rise for it to enter
with no loss of value (one elastic solve). A chosen programme gets the value lost if it
were forced out.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .. import solvers
from ..exceptions import ArgumentError, InfeasiblePlanError, InputValidationError, SolverUnavailableError
from ..model.build import build
from ..model.elastic import with_slack
from ..model.formulation import INF, Formulation, RowKind
from ..model.reference import append_rows, encode
from ..results.plan import Plan
from ..solvers.base import SolveStatus
from ..text.language import Language, get_language
from ..text.money import MILIAR, format_money, format_number, format_percent
from .marginal import open_side_session, plain_value, solve_options
from .optimize import optimize

__all__ = ["explain_programmes"]


def explain_programmes(
    plan: Plan, ids: list[str] | None = None, *, include_chosen: bool = False, lang: Language | None = None
) -> pd.DataFrame:
    """Why each programme is in or out of the plan, in numbers and in a sentence.

    Parameters
    ----------
    plan : Plan
    ids : list of str, optional
        Programmes to explain; default: every programme left out (and, with
        ``include_chosen``, every chosen one).
    include_chosen : bool, default False
        Also explain chosen programmes (value lost if forced out).
    lang : {"id", "en"}, optional

    Returns
    -------
    DataFrame
        Index ``id``; columns ``runs``, ``priority``, ``value_change`` (total value if
        flipped minus the plan's; negative = a loss), ``priority_rise_to_enter``,
        ``cost_cut_to_enter`` (share of its cost, NaN if it never enters),
        ``extra_ceiling`` (dict year → rupiah), ``sentence``.
    """
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} cannot be explained")
    lang = lang or get_language()
    sel = plan.selection
    if ids is None:
        ids = [p for p in sel.index if not sel.at[p, "runs"] and not sel.at[p, "excluded"]]
        if include_chosen:
            ids += [p for p in sel.index if sel.at[p, "runs"]]
    unknown = [p for p in ids if p not in sel.index]
    if unknown:
        raise ArgumentError(f"unknown programme ids: {', '.join(unknown)}")
    form = build(plan.catalog, plan.budget, plan.policy)
    x0 = encode(form, plan.start_years, plan.levels.to_numpy())
    try:
        session: solvers.Session | None = open_side_session(plan, form)
    except SolverUnavailableError:
        session = None
    continuing = dict(zip(plan.catalog.ids, plan.catalog.values("status") == "continuing", strict=True))
    bonus = 1.0 + plan.policy.carryover_bonus
    rows = []
    for pid in ids:
        runs = bool(sel.at[pid, "runs"])
        rec: dict[str, Any] = {
            "id": pid,
            "runs": runs,
            "priority": float(sel.at[pid, "priority"]),
            "value_change": np.nan,
            "priority_rise_to_enter": np.nan,
            "cost_cut_to_enter": np.nan,
            "extra_ceiling": None,
            "sentence": "",
        }
        if sel.at[pid, "excluded"]:
            rec["sentence"] = f"{pid} dikecualikan (excluded)." if lang == "id" else f"{pid} is excluded."
        elif runs:
            if sel.at[pid, "mandatory"]:
                rec["sentence"] = f"{pid} wajib masuk (mandatory)." if lang == "id" else f"{pid} is mandatory."
            elif session is not None:
                value = _forced_out_value(plan, pid, session, form, x0)
                rec["value_change"] = value - plan.total_value if not math.isnan(value) else np.nan
                rec["sentence"] = _sentence_chosen(pid, rec["value_change"], lang)
        else:
            value, objective, _reason = _force(plan, pid)
            weight = bonus if continuing.get(pid) else 1.0
            if not math.isnan(value):
                rec["value_change"] = value - plan.total_value
                # The forced plan loses (objective - forced objective) in the weighted objective; a priority
                # higher by that amount over the programme's weight (1 + bonus for carry-overs) makes the plan
                # with it at full scope as good as the optimum.
                full_rise = max((plan.objective_value - objective) / weight, 0.0)
                rec["priority_rise_to_enter"] = _priority_rise(plan, pid, full_rise, weight)
            rec["cost_cut_to_enter"] = _cost_cut(plan, pid)
            rec["extra_ceiling"] = _extra_ceiling(plan, pid)
            rec["sentence"] = _sentence_left_out(pid, rec, lang)
        rows.append(rec)
    columns = [
        "id",
        "runs",
        "priority",
        "value_change",
        "priority_rise_to_enter",
        "cost_cut_to_enter",
        "extra_ceiling",
        "sentence",
    ]
    return pd.DataFrame(rows, columns=columns).set_index("id")


def _force(plan: Plan, pid: str) -> tuple[float, float, str]:
    """Best plan with ``pid`` forced in at full scope: (plain value, weighted objective, reason if impossible)."""
    catalog = plan.catalog
    try:
        forced_cat = catalog.replace(mandatory={pid: True}, min_level={pid: 1.0})
    except InputValidationError as exc:
        return math.nan, math.nan, str(exc.failure_cases["problem"].iloc[0])
    opts = solve_options(plan)
    try:
        forced = optimize(forced_cat, plan.budget, plan.policy, tie_break=False, **opts)
    except InfeasiblePlanError as exc:
        return math.nan, math.nan, "; ".join(exc.reasons) or "no plan with it fits the rules"
    return forced.total_value, forced.objective_value, ""


def _forced_out_value(plan: Plan, pid: str, session: solvers.Session, form: Formulation, x0: np.ndarray) -> float:
    i = int(np.flatnonzero(form.ids == pid)[0])
    acts = np.flatnonzero(form.act_prog == i)
    cols = form.act_y[acts]
    session.set_col_bounds(cols, 0.0, 0.0)
    try:
        result = session.solve(tie_break=False)
    finally:
        session.set_col_bounds(cols, form.col_lower[cols], form.col_upper[cols])
    if result.x is None:
        return math.nan
    return plain_value(form, result.x)


def _enters(plan: Plan, pid: str, factor: float) -> bool:
    cat = plan.catalog
    i = cat.ids.index(pid)
    # every cost column of the programme, the parts paid from funding sources included, scales together
    columns = [f"cost_{y}" for y in cat.years] + [f"cost_{y}_{s}" for y in cat.years for s in cat.sources]
    changes = {c: {pid: float(cat.values(c)[i]) * factor} for c in columns if c in cat.columns}
    trial_cat = cat.replace(**changes)
    try:
        trial = optimize(trial_cat, plan.budget, plan.policy, tie_break=False, **solve_options(plan))
    except InfeasiblePlanError:
        return False
    return bool(trial.selection.at[pid, "runs"])


def _extra_ceiling(plan: Plan, pid: str) -> dict[int, float] | None:
    """Smallest ceiling rises (rupiah per year) that let ``pid`` enter at full scope without losing value."""
    try:
        cat = plan.catalog.replace(mandatory={pid: True}, min_level={pid: 1.0})
        form = build(cat, plan.budget, plan.policy)
    except InputValidationError:
        return None
    # keep the plan's value (a row), and let each ceiling rise at a price of one per Rp 1 M (slack columns)
    nz = np.flatnonzero(form.objective)
    floor = plan.objective_value * (1 - 1e-9)
    with_floor = append_rows(form, [(nz[None, :], form.objective[nz], floor, INF, RowKind.VALUE_FLOOR, {})])
    slack_of = [(int(r), -1) for r in form.ceiling_rows]
    elastic = with_slack(with_floor, slack_of, form.row_scale[form.ceiling_rows] / MILIAR)
    try:
        result = solvers.solve(
            elastic, solve_options(plan)["solver"], mip_gap=solve_options(plan)["mip_gap"], tie_break=False
        )
    except SolverUnavailableError:
        return None
    if result.status != SolveStatus.OPTIMAL or result.x is None:
        return None
    slack = result.x[form.num_cols :] * form.row_scale[form.ceiling_rows]
    # the rise is on the ceiling less reserve; the ceiling itself must rise by slack / (1 - reserve)
    rise = slack / (1.0 - plan.budget.reserve)
    return {y: float(r) for y, r in zip(plan.years, rise, strict=True) if r > 1.0}


def _priority_rise(plan: Plan, pid: str, full_rise: float, weight: float, steps: int = 8) -> float:
    """Smallest priority rise at which ``pid`` enters the optimum, at any level it may run at.

    For a whole programme this is ``full_rise``. For a scalable or flexible one it can be
    smaller (it may enter at a partial level). Let g(d) be the best weighted objective with
    the programme forced in at priority + d, minus the optimum without it: g is convex,
    piecewise linear and increasing, with slope (level × weight) of the forced plan, so
    Newton steps from d = full_rise down to the root are exact on each linear piece.
    """
    program = plan.catalog[pid]
    if str(program.mode) == "whole" or full_rise <= 0:
        return full_rise
    priority = float(program.priority)
    min_level = max(float(program.min_level or 0.0), 1e-3)
    rise = full_rise
    for _ in range(steps):
        trial = plan.catalog.replace(mandatory={pid: True}, min_level={pid: min_level}, priority={pid: priority + rise})
        try:
            forced = optimize(trial, plan.budget, plan.policy, tie_break=False, **{**solve_options(plan), "mip_gap": 0})
        except InfeasiblePlanError:
            break
        level = float(forced.selection.at[pid, "level"])
        excess = forced.objective_value - plan.objective_value
        if excess <= 1e-9 * max(1.0, abs(plan.objective_value)) or level <= 0:
            break
        rise = max(rise - excess / (level * weight), 0.0)
    return rise


def _cost_cut(plan: Plan, pid: str, steps: int = 6) -> float:
    """Smallest share by which the programme's cost must fall for it to enter (NaN if never)."""
    if not _enters(plan, pid, 0.0):
        return np.nan
    lo, hi = 0.0, 1.0  # factor lo: enters; factor hi: does not
    for _ in range(steps):
        mid = (lo + hi) / 2
        if _enters(plan, pid, mid):
            lo = mid
        else:
            hi = mid
    return 1.0 - lo


def _sentence_left_out(pid: str, rec: dict[str, Any], lang: Language) -> str:
    id_ = lang == "id"
    parts = []
    cut = rec["cost_cut_to_enter"]
    if not math.isnan(cut) and cut >= 0.985:
        parts.append("biayanya hampir nol" if id_ else "it cost next to nothing")
    elif not math.isnan(cut):
        parts.append(
            f"biayanya turun {format_percent(cut, 0, lang)}"
            if id_
            else f"its cost fell by {format_percent(cut, 0, lang)}"
        )
    rise = rec["priority_rise_to_enter"]
    if not math.isnan(rise):
        parts.append(
            f"prioritasnya naik {format_number(rise, 2, lang)}"
            if id_
            else f"its priority rose by {format_number(rise, 2, lang)}"
        )
    extra = rec["extra_ceiling"] or {}
    if extra:
        money = " dan ".join if id_ else " and ".join
        items = [
            f"pagu {y} naik {format_money(v, lang)}" if id_ else f"the {y} ceiling rose by {format_money(v, lang)}"
            for y, v in extra.items()
        ]
        parts.append(money(items))
    loss = -rec["value_change"]
    if math.isnan(loss):
        head = (
            f"{pid} tidak dapat masuk: tidak muat dalam pagu dan aturan saat ini. "
            if id_
            else f"{pid} cannot enter: it does not fit the current ceilings and rules. "
        )
        if not parts:
            return head + (
                "Tidak ada perubahan biaya yang membuatnya masuk." if id_ else "No cost cut would let it in."
            )
        return (
            head
            + ("Akan masuk jika " if id_ else "It would enter if ")
            + (" atau " if id_ else " or ").join(parts)
            + "."
        )
    head = (
        f"{pid} tidak masuk; memaksanya masuk mengurangi nilai {format_number(loss, 2, lang)}. "
        if id_
        else f"{pid} is left out; forcing it in would lose {format_number(loss, 2, lang)} of value. "
    )
    if not parts:
        return head + ("Tidak akan masuk walau gratis." if id_ else "It would not enter even at no cost.")
    joiner = " atau " if id_ else " or "
    return head + ("Akan masuk jika " if id_ else "It would enter if ") + joiner.join(parts) + "."


def _sentence_chosen(pid: str, change: float, lang: Language) -> str:
    if math.isnan(change):
        return (
            f"{pid}: tanpa program ini tidak ada rencana yang layak."
            if lang == "id"
            else (f"{pid}: without it no plan satisfies the rules.")
        )
    loss = -change
    if lang == "id":
        return f"{pid} masuk; mengeluarkannya mengurangi nilai {format_number(loss, 2, lang)}."
    return f"{pid} is in the plan; leaving it out would lose {format_number(loss, 2, lang)} of value."
