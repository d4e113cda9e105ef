"""Efficiency report: what the budget buys, against the manual way, at the margin, and why.

How the numbers are computed
----------------------------
* **Budget use** per year comes straight from the plan.
* **Baselines** are manual rankings (:mod:`targetplan.baselines`) run on the same inputs.
* **Marginal value of a ceiling** is measured by *re-solving*: the year's ceiling is
  raised by a step (default 2.5 % of that ceiling), the model is solved again, warm
  started from the plan (so the value can only rise), and the gain in total value is
  divided by the step and expressed per Rp 1 miliar. For a mixed-integer plan this is
  the honest number — the value function is a staircase, and LP duals only describe the
  current step. The LP dual of the ceiling row with every integer choice fixed is shown
  beside it for reference (it is the marginal value of the continuous part alone).
* **Why / why not** re-solves with one programme forced in (at full scope) or out.
  A programme left out gets: the value the plan would lose if it were forced in; how
  much its priority would have to rise before it enters (exact: the loss above); how far
  its cost would have to fall (bisection over a cost factor, to 1/64); and how much each
  year's ceiling would have to rise for it to enter with no loss of value (one elastic
  solve). A chosen programme gets the value lost if it were forced out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..exceptions import InputValidationError, TargetplanError
from ..money import Language, format_money, format_number, format_percent, get_language
from ._labels import baseline_name, report_html, signed_number, signed_percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..plan import Plan

__all__ = ["EfficiencyReport", "efficiency_report", "explain_programmes", "marginal_values"]

_MILIAR = 1e9


def _group_table(plan: Plan, by: str) -> pd.DataFrame:
    sel = plan.selection
    ran = sel[sel["runs"]]
    table = ran.groupby(by).agg(programmes=("runs", "size"), cost=("cost", "sum"), value=("value", "sum"))
    every = sorted(set(sel[by]))
    table = table.reindex(every, fill_value=0)
    table["programmes"] = table["programmes"].astype(int)
    table["value_per_miliar"] = np.where(table["cost"] > 0, table["value"] / (table["cost"] / _MILIAR), np.nan)
    table.index.name = by
    return table


def _solve_options(plan: Plan) -> dict[str, Any]:
    opts = plan.options
    return {
        "solver": opts.get("solver", "auto"),
        "mip_gap": opts.get("mip_gap", 1e-4),
        "time_limit": opts.get("time_limit"),
        "threads": opts.get("threads"),
    }


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
        fixed, weighted objective, per Rp 1 M; NaN when HiGHS is not available).
    """
    from ..formulation import build, encode
    from ..plan import Plan as PlanClass
    from ..solve import HighsSession, SolverUnavailableError, solve_formulation

    if not plan.is_ok:
        raise TargetplanError(f"a plan with status {plan.status.value} has no marginal values")
    years = plan.years
    budget = plan.budget
    form = build(plan.catalog, budget, plan.policy)
    starts = plan.selection["start_year"].fillna(-1).to_numpy(dtype=np.int64)
    x0 = encode(form, starts, plan.levels.to_numpy())
    opts = _solve_options(plan)
    rows = []
    session = None
    try:
        if opts["solver"] in ("auto", "highs"):
            session = HighsSession(
                form, mip_gap=opts["mip_gap"], time_limit=opts["time_limit"], threads=opts["threads"]
            )
    except SolverUnavailableError:
        session = None
    duals = _lp_duals(form, x0)
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
            if session is not None:
                everything = np.arange(form2.num_rows)
                session.set_row_bounds(everything, form2.row_lower * form2.row_scale, form2.row_upper * form2.row_scale)
                result = session.solve(start=x0, tie_break=False)
                session.set_row_bounds(everything, form.row_lower * form.row_scale, form.row_upper * form.row_scale)
            else:
                result = solve_formulation(form2, solver=opts["solver"], mip_gap=opts["mip_gap"], tie_break=False)
            gain = _plain_value(PlanClass, form2, result) - plan.total_value if result.x is not None else 0.0
        gain = max(gain, 0.0)  # the plan itself stays feasible: a larger ceiling never loses value
        rows.append(
            {
                "year": year,
                "ceiling": budget.ceilings[year],
                "step": amount,
                "value_gain": gain,
                "marginal_per_miliar": gain / (amount / _MILIAR) if amount > 0 else np.nan,
                "lp_dual_per_miliar": duals[t] * _MILIAR * (1 - budget.reserve) if duals is not None else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("year")


def _plain_value(plan_cls: Any, form: Any, result: Any) -> float:
    return float(plan_cls.from_solution(form, result, {}).total_value)


def _lp_duals(form: Any, x0: np.ndarray) -> np.ndarray | None:
    """Duals (per rupiah) of the ceiling rows of the LP with every integer variable fixed at ``x0``."""
    from ..solve import SolverUnavailableError, _highs_model, _highs_run, _load_highspy, _quiet_stdout

    try:
        hs = _load_highspy()
    except SolverUnavailableError:
        return None
    with _quiet_stdout(True):
        h = hs.Highs()
    h.setOptionValue("output_flag", False)
    lp = _highs_model(hs, form)
    lower = np.array(form.col_lower, dtype=float)
    upper = np.array(form.col_upper, dtype=float)
    fixed = form.col_integer
    lower[fixed] = upper[fixed] = np.round(x0[fixed])
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.integrality_ = []
    h.passModel(lp)
    _highs_run(h, None)
    if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
        return None
    dual = np.array(h.getSolution().row_dual, dtype=float)
    return np.abs(dual[form.ceiling_rows]) / form.row_scale[form.ceiling_rows]


def _force(plan: Plan, pid: str) -> tuple[float, float, str]:
    """Best plan with ``pid`` forced in at full scope: (plain value, weighted objective, reason if impossible)."""
    from ..exceptions import InfeasiblePlanError
    from ..solve import optimize

    catalog = plan.catalog
    try:
        forced_cat = catalog.replace(mandatory={pid: True}, min_level={pid: 1.0})
    except InputValidationError as exc:
        return math.nan, math.nan, str(exc.failure_cases["problem"].iloc[0])
    opts = _solve_options(plan)
    try:
        forced = optimize(forced_cat, plan.budget, plan.policy, tie_break=False, **opts)
    except InfeasiblePlanError as exc:
        return math.nan, math.nan, "; ".join(exc.reasons) or "no plan with it fits the rules"
    return forced.total_value, forced.objective_value, ""


def _forced_out_value(plan: Plan, pid: str, session: Any, form: Any, x0: np.ndarray) -> float:
    from ..plan import Plan as PlanClass

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
    return _plain_value(PlanClass, form, result)


def _enters(plan: Plan, pid: str, factor: float) -> bool:
    from ..exceptions import InfeasiblePlanError
    from ..solve import optimize

    cat = plan.catalog
    row = cat._frame.loc[cat._frame["id"] == pid].iloc[0]
    # every cost column of the programme, the parts paid from funding sources included, scales together
    columns = [f"cost_{y}" for y in cat.years] + [f"cost_{y}_{s}" for y in cat.years for s in cat.sources]
    changes = {c: {pid: float(row[c]) * factor} for c in columns if c in row.index}
    trial_cat = cat.replace(**changes)
    try:
        trial = optimize(trial_cat, plan.budget, plan.policy, tie_break=False, **_solve_options(plan))
    except InfeasiblePlanError:
        return False
    return bool(trial.selection.at[pid, "runs"])


def _extra_ceiling(plan: Plan, pid: str) -> dict[int, float] | None:
    """Smallest ceiling rises (rupiah per year) that let ``pid`` enter at full scope without losing value."""
    from ..formulation import build
    from ..solve import SolverUnavailableError, _highs_model, _highs_run, _load_highspy, _quiet_stdout

    try:
        hs = _load_highspy()
        cat = plan.catalog.replace(mandatory={pid: True}, min_level={pid: 1.0})
        form = build(cat, plan.budget, plan.policy)
    except (SolverUnavailableError, InputValidationError):
        return None
    with _quiet_stdout(True):
        h = hs.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", float(_solve_options(plan)["mip_gap"]))
    h.passModel(_highs_model(hs, form))
    nz = np.flatnonzero(form.objective)
    scale = float(np.abs(form.objective[nz]).max())
    h.addRow(
        plan.objective_value * (1 - 1e-9) / scale,
        hs.kHighsInf,
        len(nz),
        nz.astype(np.int32),
        form.objective[nz] / scale,
    )
    h.changeColsCost(form.num_cols, np.arange(form.num_cols, dtype=np.int32), np.zeros(form.num_cols))
    for row in form.ceiling_rows.tolist():
        h.addCol(form.row_scale[row] / _MILIAR, 0.0, hs.kHighsInf, 1, np.array([row], dtype=np.int32), np.array([-1.0]))
    h.changeObjectiveSense(hs.ObjSense.kMinimize)
    _highs_run(h, None)
    if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
        return None
    slack = np.array(h.getSolution().col_value)[form.num_cols :] * form.row_scale[form.ceiling_rows]
    # the rise is on the ceiling less reserve; the ceiling itself must rise by slack / (1 - reserve)
    rise = slack / (1.0 - plan.budget.reserve)
    return {y: float(r) for y, r in zip(plan.years, rise, strict=True) if r > 1.0}


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
    from ..formulation import build, encode
    from ..solve import HighsSession, SolverUnavailableError

    if not plan.is_ok:
        raise TargetplanError(f"a plan with status {plan.status.value} cannot be explained")
    lang = lang or get_language()
    sel = plan.selection
    if ids is None:
        ids = [p for p in sel.index if not sel.at[p, "runs"] and not sel.at[p, "excluded"]]
        if include_chosen:
            ids += [p for p in sel.index if sel.at[p, "runs"]]
    unknown = [p for p in ids if p not in sel.index]
    if unknown:
        raise TargetplanError(f"unknown programme ids: {', '.join(unknown)}")
    form = build(plan.catalog, plan.budget, plan.policy)
    x0 = encode(form, sel["start_year"].fillna(-1).to_numpy(dtype=np.int64), plan.levels.to_numpy())
    opts = _solve_options(plan)
    try:
        session = HighsSession(form, mip_gap=opts["mip_gap"], time_limit=opts["time_limit"], threads=opts["threads"])
    except SolverUnavailableError:
        session = None
    continuing = (plan.catalog._frame.set_index("id")["status"] == "continuing").to_dict()
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


def _priority_rise(plan: Plan, pid: str, full_rise: float, weight: float, steps: int = 8) -> float:
    """Smallest priority rise at which ``pid`` enters the optimum, at any level it may run at.

    For a whole programme this is ``full_rise``. For a scalable or flexible one it can be
    smaller (it may enter at a partial level). Let g(d) be the best weighted objective with
    the programme forced in at priority + d, minus the optimum without it: g is convex,
    piecewise linear and increasing, with slope (level × weight) of the forced plan, so
    Newton steps from d = full_rise down to the root are exact on each linear piece.
    """
    from ..exceptions import InfeasiblePlanError
    from ..solve import optimize

    frame = plan.catalog._frame.set_index("id")
    if str(frame.at[pid, "mode"]) == "whole" or full_rise <= 0:
        return full_rise
    priority = float(frame.at[pid, "priority"])
    min_level = max(float(frame.at[pid, "min_level"]), 1e-3)
    rise = full_rise
    for _ in range(steps):
        trial = plan.catalog.replace(mandatory={pid: True}, min_level={pid: min_level}, priority={pid: priority + rise})
        try:
            forced = optimize(
                trial, plan.budget, plan.policy, tie_break=False, **{**_solve_options(plan), "mip_gap": 0}
            )
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


@dataclass(frozen=True, eq=False)
class EfficiencyReport:
    """What the plan buys per rupiah, against manual rankings, at the margin, and why.

    Attributes
    ----------
    yearly : DataFrame
        Index ``year``: ``ceiling``, ``reserve``, ``available``, ``allocated``,
        ``unallocated`` (rupiah), ``utilisation`` (allocated ÷ ceiling).
    by_dimension, by_agency : DataFrame
        Index ``dimension`` / ``agency`` (every group of the catalogue, also those with
        nothing in the plan): ``programmes`` (number in the plan), ``cost`` (rupiah),
        ``value`` (priority × level), ``value_per_miliar`` (value per Rp 1 M of cost;
        NaN without cost).
    baselines : DataFrame
        Index ``baseline`` (``priority``, ``value_per_cost``, ``carryover_first``; see
        :mod:`targetplan.baselines`): ``description``, ``value``, ``spend`` (rupiah),
        ``gain`` (optimum minus baseline; negative when a baseline breaks a rule to get
        more), ``gain_pct`` (gain ÷ baseline value), ``entering`` (ids only in the
        optimum), ``leaving`` (ids only in the baseline), ``rules_broken`` (empty when
        the baseline keeps every rule). Empty when made with ``baselines=False``.
    marginal : DataFrame or None
        Index ``year``: ``ceiling``, ``step``, ``value_gain``, ``marginal_per_miliar``,
        ``lp_dual_per_miliar``; see :func:`marginal_values`. None when made with
        ``marginal=False``.
    baseline_plans : dict
        The baseline :class:`Plan` objects.
    by_source : DataFrame or None
        Index (``source``, ``year``): ``ceiling``, ``spend``, ``utilisation``,
        ``binding``; see :func:`source_table`. None when no funding source is named.
    source_marginal : DataFrame or None
        Index (``source``, ``year``): ``ceiling``, ``step``, ``value_gain``,
        ``marginal_per_miliar``; see :func:`source_marginal_values`. None without
        source ceilings.

    Notes
    -----
    :attr:`tables` also holds ``explanations`` (index ``id``: ``runs``, ``priority``,
    ``value_change``, ``priority_rise_to_enter``, ``cost_cut_to_enter``,
    ``extra_ceiling``, ``sentence``; see :func:`explain_programmes`) once
    :meth:`explain` has been called without arguments.
    """

    plan: Plan
    yearly: pd.DataFrame
    by_dimension: pd.DataFrame
    by_agency: pd.DataFrame
    baselines: pd.DataFrame
    marginal: pd.DataFrame | None
    baseline_plans: dict[str, Plan] = field(default_factory=dict)
    lang: Language | None = None
    by_source: pd.DataFrame | None = None
    source_marginal: pd.DataFrame | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name (what :meth:`to_excel`-style exports write).

        ``yearly``, ``by_dimension``, ``by_agency``, ``baselines``, then ``marginal``
        (unless made with ``marginal=False``) and ``explanations`` (once :meth:`explain`
        has run for the left-out programmes); columns as in the class docstring.
        """
        out = {
            "yearly": self.yearly,
            "by_dimension": self.by_dimension,
            "by_agency": self.by_agency,
            "baselines": self.baselines,
        }
        if self.marginal is not None:
            out["marginal"] = self.marginal
        if self.by_source is not None:
            out["by_source"] = self.by_source
        if self.source_marginal is not None:
            out["source_marginal"] = self.source_marginal
        if "explanations" in self._cache:
            out["explanations"] = self._cache["explanations"]
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return the yearly budget-use table (the report's main table)."""
        return self.yearly.copy()

    def explain(self, ids: list[str] | None = None, include_chosen: bool = False) -> pd.DataFrame:
        """Why / why not per programme (see :func:`explain_programmes`); cached for the default call."""
        if ids is None and not include_chosen and "explanations" in self._cache:
            return self._cache["explanations"]
        table = explain_programmes(self.plan, ids, include_chosen=include_chosen, lang=self.lang)
        if ids is None and not include_chosen:
            self._cache["explanations"] = table
        return table

    def why(self, pid: str) -> str:
        """One sentence on why ``pid`` is in or out of the plan."""
        return str(self.explain([pid]).at[pid, "sentence"])

    @property
    def gain_over_manual(self) -> float:
        """Share of value the optimum gains over the manual priority ranking (NaN without baselines)."""
        return float(self.baselines["gain_pct"].get("priority", np.nan))

    def summary(self, lang: Language | None = None) -> str:
        """Return the report as text for people.

        Total value and budget use; each manual ranking's value and what the optimum
        gains over it (a baseline that breaks a rule may be worth more: its gain is
        negative); the marginal value of each year's ceiling.
        """
        lang = lang or self.lang or get_language()
        id_ = lang == "id"
        y = self.yearly
        lines = ["Laporan efisiensi" if id_ else "Efficiency report"]
        value = format_number(self.plan.total_value, 2, lang)
        lines.append(f"Nilai total: {value}" if id_ else f"Total value: {value}")
        total_c, total_a = float(y["ceiling"].sum()), float(y["allocated"].sum())
        lines.append(
            (
                f"Serapan total: {format_money(total_a, lang)} dari {format_money(total_c, lang)} "
                f"({format_percent(total_a / total_c, 1, lang)})"
            )
            if id_
            else (
                f"Total use: {format_money(total_a, lang)} of {format_money(total_c, lang)} "
                f"({format_percent(total_a / total_c, 1, lang)})"
            )
        )
        if len(self.baselines):
            names = [baseline_name(str(k), lang) for k in self.baselines.index]
            values = [format_number(v, 2, lang) for v in self.baselines["value"]]
            width = max(len(n) for n in names)
            vwidth = max(len(v) for v in [*values, "nilai"])
            lines.append("")
            lines.append("Dibanding cara manual:" if id_ else "Against manual rankings:")
            head = ("nilai", "keunggulan optimum") if id_ else ("value", "optimum gains")
            lines.append(f"  {'':<{width}}  {head[0]:>{vwidth}}  {head[1]}")
            for name, shown, (_, row) in zip(names, values, self.baselines.iterrows(), strict=True):
                gain = f"{signed_number(row['gain'], 2, lang)} ({signed_percent(row['gain_pct'], 1, lang)})"
                broken = str(row["rules_broken"] or "").strip()
                note = ("  (melanggar aturan)" if id_ else "  (breaks rules)") if broken else ""
                lines.append(f"  {name:<{width}}  {shown:>{vwidth}}  {gain}{note}")
        if self.marginal is not None:
            lines.append("")
            lines.append("Nilai tambahan per Rp 1 M pagu:" if id_ else "Value of one more IDR 1 bn of ceiling:")
            for year, row in self.marginal.iterrows():
                lines.append(f"  {year}: {format_number(row['marginal_per_miliar'], 3, lang)}")
        if self.by_source is not None:
            limited = self.by_source[self.by_source["ceiling"].notna()]
            binding = [f"{s} {y}" for (s, y), row in limited.iterrows() if row["binding"]]
            if len(limited):
                lines.append("")
                lines.append(
                    ("Sumber dana terpakai penuh: " if id_ else "Funding sources at their ceiling: ")
                    + (", ".join(binding) if binding else ("tidak ada" if id_ else "none"))
                )
            if self.source_marginal is not None and len(self.source_marginal):
                best = self.source_marginal["marginal_per_miliar"].idxmax()
                value = self.source_marginal.loc[best, "marginal_per_miliar"]
                lines.append(
                    (f"Rp 1 M tambahan paling bernilai dari {best[0]} {best[1]}: {format_number(value, 3, lang)}")
                    if id_
                    else (f"One more IDR 1 bn is worth most from {best[0]} {best[1]}: {format_number(value, 3, lang)}")
                )
        return "\n".join(lines)

    def __repr__(self) -> str:
        util = float(self.yearly["allocated"].sum() / self.yearly["ceiling"].sum())
        text = f"EfficiencyReport(value {self.plan.total_value:,.2f}, utilisation {util:.1%}"
        gain = self.gain_over_manual
        if not math.isnan(gain):
            text += f", gain over manual ranking {gain:+.1%}"
        return text + ")"

    def _headline(self, lang: Language) -> str:
        """One sentence on the whole report, in the language (under the repr in the HTML view)."""
        id_ = lang == "id"
        y = self.yearly
        value = format_number(self.plan.total_value, 2, lang)
        use = format_percent(float(y["allocated"].sum() / y["ceiling"].sum()), 1, lang)
        text = f"Nilai total {value}; serapan pagu {use}" if id_ else f"Total value {value}; {use} of the ceilings used"
        gain = self.gain_over_manual
        if not math.isnan(gain):
            shown = signed_percent(gain, 1, lang)
            text += (
                f"; tambahan nilai {shown} atas peringkat prioritas manual"
                if id_
                else f"; gain {shown} over the manual priority ranking"
            )
        return text + "."

    def _repr_html_(self) -> str:
        lang = self.lang or get_language()
        return report_html(self, self._headline(lang), self.tables, lang)

    # plots ------------------------------------------------------------------
    def plot_budget(self, ax: Axes | None = None, by: str = "dimension", lang: Language | None = None) -> Axes:
        """Spending per year stacked by ``by`` against the ceiling line."""
        from ..plotting import plot_budget

        return plot_budget(self.plan, ax=ax, by=by, lang=lang or self.lang)

    def plot_baselines(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Value of the optimum against each manual ranking."""
        from ..plotting import plot_baselines

        return plot_baselines(self, ax=ax, lang=lang or self.lang)

    def plot_sources(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Spending per funding source and year against each source's ceiling."""
        from ..plotting import plot_sources

        return plot_sources(self, ax=ax, lang=lang or self.lang)

    def plot_marginal(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Marginal value of each year's ceiling."""
        from ..plotting import plot_marginal

        return plot_marginal(self, ax=ax, lang=lang or self.lang)


def efficiency_report(
    plan: Plan,
    *,
    baselines: bool = True,
    marginal: bool = True,
    step: float | None = None,
    lang: Language | None = None,
) -> EfficiencyReport:
    """Build the efficiency report of a plan (what :meth:`Plan.efficiency` returns).

    Parameters
    ----------
    plan : Plan
    baselines : bool, default True
        Compute the manual rankings.
    marginal : bool, default True
        Compute marginal values of the ceilings (one re-solve per year).
    step : float, optional
        Ceiling step for the marginal values (default 2.5 % of each ceiling).
    lang : {"id", "en"}, optional
        Language of sentences and headings.
    """
    from ..baselines import BASELINES, run_baselines

    if not plan.is_ok:
        raise TargetplanError(f"a plan with status {plan.status.value} has no efficiency report: {plan.message}")
    base_plans = run_baselines(plan.catalog, plan.budget, plan.policy) if baselines else {}
    chosen = set(plan.selected_ids)
    rows = []
    for name, bp in base_plans.items():
        theirs = set(bp.selected_ids)
        gain = plan.total_value - bp.total_value
        rows.append(
            {
                "baseline": name,
                "description": BASELINES[name],
                "value": bp.total_value,
                "spend": float(bp.costs.to_numpy().sum()),
                "gain": gain,
                "gain_pct": gain / bp.total_value if bp.total_value else np.nan,
                "entering": ", ".join(sorted(chosen - theirs)),
                "leaving": ", ".join(sorted(theirs - chosen)),
                "rules_broken": bp.message,
            }
        )
    cols = ["baseline", "description", "value", "spend", "gain", "gain_pct", "entering", "leaving", "rules_broken"]
    table = pd.DataFrame(rows, columns=cols).set_index("baseline")
    return EfficiencyReport(
        plan=plan,
        yearly=plan.yearly,
        by_dimension=_group_table(plan, "dimension"),
        by_agency=_group_table(plan, "agency"),
        baselines=table,
        marginal=marginal_values(plan, step) if marginal else None,
        baseline_plans=base_plans,
        lang=lang,
        by_source=source_table(plan),
        source_marginal=source_marginal_values(plan, step) if marginal and plan.budget.source_ceilings else None,
    )


def source_table(plan: Plan) -> pd.DataFrame | None:
    """Spending per funding source and year against the source's ceiling.

    Returns
    -------
    DataFrame or None
        ``None`` when the catalogue names no source. Index (``source``, ``year``):
        ``ceiling`` (NaN without a source ceiling), ``spend``, ``utilisation`` and
        ``binding`` (spending at the ceiling: one more rupiah of this source would be
        used). A source ``(unspecified)`` holds the costs given without a source.
    """
    from ..plan import _source_spending

    catalog = plan.catalog
    sources = list(dict.fromkeys([*catalog.sources, *plan.budget.source_ceilings]))
    if not sources:
        return None
    start = plan.selection["start_year"].fillna(-1).to_numpy(dtype=np.int64)
    levels = plan.levels.to_numpy(dtype=float)
    rows = []
    total = plan.costs.sum(axis=0).to_numpy(dtype=float)
    named = np.zeros(len(plan.years))
    for source in sources:
        paid = _source_spending(catalog, start, levels, source).sum(axis=0)
        named += paid
        by_year = plan.budget.source_ceilings.get(source, {})
        for t, year in enumerate(plan.years):
            cap = by_year.get(year, np.nan)
            rows.append(
                {
                    "source": source,
                    "year": year,
                    "ceiling": cap,
                    "spend": float(paid[t]),
                    "utilisation": paid[t] / cap if cap and not np.isnan(cap) else np.nan,
                    "binding": bool(not np.isnan(cap) and paid[t] >= cap * (1 - 1e-6) - 1.0),
                }
            )
    rest = total - named
    if (rest > 1.0).any():
        for t, year in enumerate(plan.years):
            rows.append(
                {
                    "source": "(unspecified)",
                    "year": year,
                    "ceiling": np.nan,
                    "spend": float(rest[t]),
                    "utilisation": np.nan,
                    "binding": False,
                }
            )
    return pd.DataFrame(rows).set_index(["source", "year"])


def source_marginal_values(plan: Plan, step: float | None = None) -> pd.DataFrame:
    """Value bought by one more rupiah of each funding source's yearly ceiling, measured by re-solving.

    Like :func:`marginal_values`, but the source ceiling moves (default step: 2.5 % of
    it); index (``source``, ``year``), columns ``ceiling``, ``step``, ``value_gain``,
    ``marginal_per_miliar``.
    """
    from ..formulation import build
    from ..plan import Plan as PlanClass
    from ..solve import solve_formulation

    opts = _solve_options(plan)
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
            result = solve_formulation(
                form, solver=opts["solver"], mip_gap=opts["mip_gap"], tie_break=False, time_limit=opts["time_limit"]
            )
            gain = 0.0
            if result.x is not None:
                gain = max(PlanClass.from_solution(form, result, {}).total_value - plan.total_value, 0.0)
            rows.append(
                {
                    "source": source,
                    "year": year,
                    "ceiling": cap,
                    "step": amount,
                    "value_gain": gain,
                    "marginal_per_miliar": gain / (amount / _MILIAR),
                }
            )
    return pd.DataFrame(
        rows, columns=["source", "year", "ceiling", "step", "value_gain", "marginal_per_miliar"]
    ).set_index(["source", "year"])
