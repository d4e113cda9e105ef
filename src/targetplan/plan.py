"""The solved plan: levels, yearly targets and costs, and an independent check.

A :class:`Plan` is frozen: it holds DataFrames computed once from the solver's answer
and the inputs it was solved for. :meth:`Plan.check` recomputes every rule from the
inputs alone (not from the solver's model) and raises :class:`CheckFailedError` listing
each violation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .budget import Budget
from .catalog import CarryOver, Catalog, Mode
from .exceptions import CheckFailedError
from .money import Language, format_money, format_number, format_percent
from .policy import Policy
from .solve import SolverResult, SolveStatus

if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.axes import Axes

    from .formulation import Formulation
    from .reports import ContinuityReport, EfficiencyReport, ProgressReport

__all__ = ["Plan"]

#: Absolute tolerance on levels (shares of scope).
LEVEL_TOL = 1e-6
#: Relative tolerance on money rows, as a share of the year's ceiling.
MONEY_TOL = 1e-6

SELECTION_COLUMNS = {
    "name": "programme name",
    "dimension": "Smart City dimension",
    "agency": "agency (OPD) running it",
    "status": "carry-over status: new or continuing",
    "mode": "whole, scalable or flexible",
    "priority": "value of the full scope",
    "mandatory": "forced in",
    "excluded": "forced out",
    "runs": "whether the programme is in the plan",
    "start_year": "year the (possibly shifted) schedule starts; missing when it does not run",
    "end_year": "last year with a level in the plan",
    "level": "delivered share of the full scope (0-1)",
    "value": "priority x level",
    "cost": "total cost over the horizon, rupiah",
}


@dataclass(frozen=True, eq=False)
class Plan:
    """A solved plan.

    Attributes
    ----------
    status : SolveStatus
        ``OPTIMAL``, ``FEASIBLE`` (time limit, see ``mip_gap``), or for a failed plan
        ``INFEASIBLE`` / ``NO_SOLUTION`` / ``ERROR`` (see ``message``).
    total_value : float
        Σ priority × delivered share, without carry-over bonus or tie-breaks.
    mip_gap : float or None
        Relative gap proven by the solver (0 for a pure LP).
    levels, targets, costs : DataFrame
        Programme id × year: level (0–1), target in the programme's unit, cost in rupiah.
    selection : DataFrame
        One row per programme; columns in :data:`SELECTION_COLUMNS`.
    solver : str
        ``"highs"`` or ``"cbc"``.
    timings : dict
        Seconds spent building, solving and extracting.
    """

    catalog: Catalog
    budget: Budget
    policy: Policy
    status: SolveStatus
    total_value: float
    objective_value: float
    mip_gap: float | None
    solver: str
    levels: pd.DataFrame
    targets: pd.DataFrame
    costs: pd.DataFrame
    selection: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    stability: dict[str, Any] | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def from_solution(cls, form: Formulation, result: SolverResult, options: dict[str, Any]) -> Plan:
        """Extract a plan from a solver result (used by :func:`optimize`)."""
        import time

        t0 = time.perf_counter()
        if result.x is None:
            raise ValueError("a solver result without a solution has no plan")
        x = np.clip(result.x, 0.0, 1.0)
        x = np.where(form.col_integer, np.round(x), x)
        x = np.where(x < 1e-9, 0.0, np.where(x > 1 - 1e-9, 1.0, x))
        n, n_years = len(form.ids), len(form.years)

        # chosen activity (start) per programme, and the level carried into each year
        y = x[form.act_y]
        cell_level = x[form.cell_col]
        act_level = np.bincount(form.cell_act, weights=cell_level, minlength=len(form.act_prog))
        chosen = np.where(form.y_continuous[form.act_prog], act_level > 1e-9, y > 0.5)
        start = np.full(n, -1)
        start[form.act_prog[chosen]] = form.act_start[chosen]
        keep = chosen[form.cell_act]
        levels = np.zeros((n, n_years))
        np.add.at(levels, (form.cell_prog[keep], form.cell_year[keep]), cell_level[keep])

        inv = np.empty(n, dtype=np.int64)  # model order -> catalogue order
        inv[form.order] = np.arange(n)
        start_years = np.where(start[inv] >= 0, start[inv] + form.years[0], -1)
        timings = {"build": form.build_seconds, "solve": result.seconds}
        plan = cls.from_choices(
            form.catalog,
            form.budget,
            form.policy,
            start_years,
            levels[inv],
            status=result.status,
            solver=result.solver,
            mip_gap=result.gap,
            objective_value=result.objective,
            timings=timings,
            options=options,
            message=result.message,
        )
        plan.timings["extract"] = time.perf_counter() - t0
        return plan

    @classmethod
    def from_choices(
        cls,
        catalog: Catalog,
        budget: Budget,
        policy: Policy,
        start_years: Any,
        levels: Any,
        *,
        status: SolveStatus = SolveStatus.FEASIBLE,
        solver: str = "",
        mip_gap: float | None = None,
        objective_value: float = float("nan"),
        timings: dict[str, float] | None = None,
        options: dict[str, Any] | None = None,
        message: str = "",
    ) -> Plan:
        """Build a plan from chosen start years and levels (no solver involved).

        Used for baselines, reloaded plans and re-plans; costs, targets, delivered
        shares and values are computed from the catalogue. ``check()`` tells whether
        the choices respect every rule.

        Parameters
        ----------
        start_years : sequence or mapping
            Start year per programme in catalogue order, or a mapping id → year;
            ``-1`` / ``None`` / missing for a programme that does not run.
        levels : array, DataFrame or mapping
            Programme × year levels (0–1); or a mapping id → level applied to every
            scheduled year (whole/scalable style).
        """
        ids = catalog.ids
        years = catalog.years
        n, n_years = len(ids), len(years)
        if isinstance(start_years, dict):
            start = np.array([start_years.get(p) if start_years.get(p) is not None else -1 for p in ids])
        else:
            start = np.array([-1 if s is None or pd.isna(s) else int(s) for s in start_years])
        start = start.astype(np.int64)
        full_cost, full_target, active = _full_schedule(catalog, start)
        if isinstance(levels, dict):
            lv = np.array([float(levels.get(p, 0.0)) for p in ids])[:, None] * active
        elif isinstance(levels, pd.DataFrame):
            lv = levels.reindex(index=list(ids), columns=list(years)).fillna(0.0).to_numpy(dtype=float)
        else:
            lv = np.asarray(levels, dtype=float).reshape(n, n_years)
        runs = start >= 0
        lv = np.where(runs[:, None], lv, 0.0)
        frame = catalog._frame
        share = _delivered_share(frame["mode"].to_numpy(dtype=object), full_cost, full_target, active, lv)
        idx = pd.Index(ids, name="id")
        cols = pd.Index(list(years), name="year")
        costs = full_cost * lv
        priority = frame["priority"].to_numpy(dtype=float)
        last = np.where(lv > 0, np.arange(n_years)[None, :], -1).max(axis=1)
        selection = pd.DataFrame(
            {
                "name": frame["name"].to_numpy(),
                "dimension": frame["dimension"].to_numpy(),
                "agency": frame["agency"].to_numpy(),
                "status": [str(s) for s in frame["status"]],
                "mode": [str(m) for m in frame["mode"]],
                "priority": priority,
                "mandatory": frame["mandatory"].to_numpy(dtype=bool),
                "excluded": frame["excluded"].to_numpy(dtype=bool),
                "runs": runs,
                "start_year": pd.array(np.where(runs, start, 0), dtype="Int64"),
                "end_year": pd.array(np.where(last >= 0, last + years[0], 0), dtype="Int64"),
                "level": share,
                "value": priority * share,
                "cost": costs.sum(axis=1),
            },
            index=idx,
        )
        selection.loc[~runs, "start_year"] = pd.NA
        selection.loc[last < 0, "end_year"] = pd.NA
        return cls(
            catalog=catalog,
            budget=budget,
            policy=policy,
            status=status,
            total_value=math.fsum(priority * share),
            objective_value=objective_value,
            mip_gap=mip_gap,
            solver=solver,
            levels=pd.DataFrame(lv, index=idx, columns=cols),
            targets=pd.DataFrame(full_target * lv, index=idx, columns=cols),
            costs=pd.DataFrame(costs, index=idx, columns=cols),
            selection=selection,
            timings=dict(timings or {}),
            options=dict(options or {}),
            message=message,
        )

    @classmethod
    def failed(
        cls,
        catalog: Catalog,
        budget: Budget,
        policy: Policy,
        result: SolverResult,
        options: dict[str, Any],
        build_seconds: float,
        message: str,
    ) -> Plan:
        """Build the stand-in for a plan that could not be made; ``status`` and ``message`` say why."""
        idx = pd.Index(catalog.ids, name="id")
        cols = pd.Index(list(catalog.years), name="year")
        zeros = pd.DataFrame(0.0, index=idx, columns=cols)
        selection = pd.DataFrame({c: pd.Series(dtype=object) for c in SELECTION_COLUMNS})
        return cls(
            catalog=catalog,
            budget=budget,
            policy=policy,
            status=result.status,
            total_value=float("nan"),
            objective_value=float("nan"),
            mip_gap=None,
            solver=result.solver,
            levels=zeros,
            targets=zeros.copy(),
            costs=zeros.copy(),
            selection=selection,
            timings={"build": build_seconds, "solve": result.seconds},
            options=dict(options),
            message=message,
        )

    # ------------------------------------------------------------------ views
    @property
    def is_ok(self) -> bool:
        """Whether the plan exists (status optimal or feasible)."""
        return self.status.has_plan

    @property
    def years(self) -> tuple[int, ...]:
        """The horizon years."""
        return self.catalog.years

    @property
    def selected_ids(self) -> list[str]:
        """Ids of the programmes in the plan, in catalogue order."""
        if not self.is_ok:
            return []
        return list(self.selection.index[self.selection["runs"]])

    @property
    def yearly(self) -> pd.DataFrame:
        """Budget use per year.

        Columns: ``ceiling``, ``reserve``, ``available`` (ceiling less reserve),
        ``allocated`` (plan spending), ``unallocated`` and ``utilisation`` (allocated ÷ ceiling).
        """
        frame = self.budget.to_frame().set_index("year")
        frame["allocated"] = self.costs.sum(axis=0).reindex(frame.index).to_numpy()
        frame["unallocated"] = frame["ceiling"] - frame["allocated"]
        frame["utilisation"] = np.where(
            frame["ceiling"] > 0, frame["allocated"] / frame["ceiling"].where(frame["ceiling"] > 0, 1.0), 0.0
        )
        return frame

    @property
    def max_value(self) -> float:
        """Value of every non-excluded programme at full scope (an upper bound)."""
        frame = self.catalog._frame
        return float(frame.loc[~frame["excluded"], "priority"].sum())

    def summary(self, lang: Language | None = None) -> str:
        """Return a readable text summary: status, value, spending per year, programmes chosen."""
        from .money import get_language

        lang = lang or get_language()
        en = lang == "en"

        def num(value: float) -> str:
            return format_number(value, 2, lang)

        lines = []
        status = self.status.value
        gap = "" if self.mip_gap is None else (", gap " if en else ", celah ") + format_percent(self.mip_gap, 3, lang)
        lines.append(("Plan status: " if en else "Status rencana: ") + status + gap + f" ({self.solver})")
        if not self.is_ok:
            lines.append(self.message)
            return "\n".join(lines)
        pct = self.total_value / self.max_value if self.max_value else 0.0
        lines.append(
            (f"Total value: {num(self.total_value)} of {num(self.max_value)} possible ({format_percent(pct, 1, lang)})")
            if en
            else (f"Nilai total: {num(self.total_value)} dari {num(self.max_value)} ({format_percent(pct, 1, lang)})")
        )
        sel = self.selection
        lines.append(
            (f"Programmes in the plan: {int(sel['runs'].sum())} of {len(sel)}")
            if en
            else (f"Program dalam rencana: {int(sel['runs'].sum())} dari {len(sel)}")
        )
        lines.append("")
        head = ("year", "ceiling", "allocated", "use") if en else ("tahun", "pagu", "teralokasi", "serapan")
        lines.append(f"{head[0]:<6} {head[1]:>14} {head[2]:>14} {head[3]:>8}")
        for year, row in self.yearly.iterrows():
            lines.append(
                f"{year:<6} {format_money(row['ceiling'], lang):>14} {format_money(row['allocated'], lang):>14} "
                f"{format_percent(row['utilisation'], 1, lang):>8}"
            )
        lines.append("")
        lines.append("Programmes chosen:" if en else "Program terpilih:")
        chosen = sel[sel["runs"]].sort_values(["start_year", "priority"], ascending=[True, False])
        for pid, row in chosen.iterrows():
            mark = "*" if row["status"] == CarryOver.CONTINUING else " "
            level = "" if row["mode"] == Mode.WHOLE else f" level {format_percent(row['level'], 0, lang)}"
            lines.append(
                f" {mark} {pid:<8} {row['name'][:44]:<44} {row['start_year']}-{row['end_year']} "
                f"{format_money(row['cost'], lang):>12}{level}"
            )
        lines.append("  (* = continuing / lanjutan)")
        left = sel[~sel["runs"]]
        if len(left):
            lines.append(("Left out: " if en else "Tidak masuk: ") + ", ".join(left.index))
        return "\n".join(lines)

    def __repr__(self) -> str:
        if not self.is_ok:
            return f"Plan({self.status.value}: {self.message[:80]})"
        spend = format_money(float(self.costs.to_numpy().sum()))
        ceiling = format_money(sum(self.budget.ceilings.values()))
        gap = "" if self.mip_gap is None else f", gap {self.mip_gap:.2%}"
        n_in = int(self.selection["runs"].sum())
        return (
            f"Plan({self.status.value}, value {self.total_value:,.2f}, {n_in}/{len(self.selection)} programmes, "
            f"spend {spend} of {ceiling}{gap}, {self.solver})"
        )

    def _repr_html_(self) -> str:
        if not self.is_ok:
            return f"<p><b>Plan: {self.status.value}</b></p><pre>{self.message}</pre>"
        yearly = self.yearly.copy()
        for c in ("ceiling", "reserve", "available", "allocated", "unallocated"):
            yearly[c] = yearly[c].map(format_money)
        yearly["utilisation"] = yearly["utilisation"].map(lambda v: f"{v:.1%}")
        chosen = self.selection[self.selection["runs"]][
            ["name", "dimension", "status", "start_year", "end_year", "level", "cost"]
        ].copy()
        chosen["cost"] = chosen["cost"].map(format_money)
        chosen["level"] = chosen["level"].map(lambda v: f"{v:.0%}")
        return (
            f"<p><b>{self!r}</b></p><h4>Budget use</h4>{yearly.to_html()}"
            f"<h4>Programmes in the plan</h4>{chosen.to_html(max_rows=60)}"
        )

    # ------------------------------------------------------------------ reports
    def efficiency(
        self,
        *,
        baselines: bool = True,
        marginal: bool = True,
        step: float | None = None,
        lang: Language | None = None,
    ) -> EfficiencyReport:
        """Efficiency report: budget use, value per rupiah, manual baselines, marginal values.

        See :func:`targetplan.reports.efficiency_report`; ``report.explain()`` adds the
        why / why-not of each programme.
        """
        from .reports import efficiency_report

        return efficiency_report(self, baselines=baselines, marginal=marginal, step=step, lang=lang)

    def continuity(
        self, previous: str | Path | pd.DataFrame | None = None, lang: Language | None = None
    ) -> ContinuityReport:
        """Continuity report: carry-overs continued or dropped, spending per term, commitments.

        Parameters
        ----------
        previous : path or DataFrame, optional
            The previous masterplan (see :func:`targetplan.read_previous`); without it
            the report covers terms, commitments and per-programme decisions only.
        """
        from .reports import continuity_report

        return continuity_report(self, previous=previous, lang=lang)

    def progress(
        self,
        realisation: str | Path | pd.DataFrame,
        as_of: int | None = None,
        tolerance: float = 0.1,
        lang: Language | None = None,
    ) -> ProgressReport:
        """Progress report: planned against realised money and targets (achievement, behind/on/ahead).

        Parameters
        ----------
        realisation : path or DataFrame
            ``id, year, spent, achieved`` (see :func:`targetplan.read_realisation`).
        as_of : int, optional
            Last year to count (default: the last year in the realisation).
        tolerance : float, default 0.1
            Achievement within 1 ± tolerance counts as on schedule.
        """
        from .reports import progress_report

        return progress_report(self, realisation, as_of=as_of, tolerance=tolerance, lang=lang)

    def plot_budget(self, ax: Axes | None = None, by: str = "dimension", lang: Language | None = None) -> Axes:
        """Spending per year stacked by ``by`` against the ceiling (see :func:`targetplan.plotting.plot_budget`)."""
        from .plotting import plot_budget

        return plot_budget(self, ax=ax, by=by, lang=lang)

    def plot_timeline(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Chosen programmes over their funded years (see :func:`targetplan.plotting.plot_timeline`)."""
        from .plotting import plot_timeline

        return plot_timeline(self, ax=ax, lang=lang)

    # ------------------------------------------------------------------ files
    def to_excel(
        self,
        path: str | Path,
        efficiency: EfficiencyReport | bool | None = None,
        continuity: ContinuityReport | bool | None = None,
        *,
        lang: Language | None = None,
    ) -> Path:
        """Write the plan (and its reports when given, or ``True`` to compute them) as an Excel workbook.

        See :func:`targetplan.io.write_excel`; needs ``pip install 'targetplan[excel]'``.
        """
        from .io import write_excel

        return write_excel(self, path, efficiency=efficiency, continuity=continuity, lang=lang)

    def to_csv(self, folder: str | Path, *, escape_formulas: bool = True) -> dict[str, Path]:
        """Write selection, levels, targets, costs and yearly as CSV files in ``folder``.

        See :func:`targetplan.io.write_csv`.
        """
        from .io import write_csv

        return write_csv(self, folder, escape_formulas=escape_formulas)

    def to_json(self, path: str | Path) -> Path:
        """Write the plan with its inputs as JSON; :meth:`from_json` reads it back.

        See :func:`targetplan.io.plan_to_json`.
        """
        from .io import plan_to_json

        return plan_to_json(self, path)

    @classmethod
    def from_json(cls, path: str | Path) -> Plan:
        """Read a plan written by :meth:`to_json` (see :func:`targetplan.io.plan_from_json`)."""
        from .io import plan_from_json

        return plan_from_json(path)

    # ------------------------------------------------------------------ check
    def check(self) -> Plan:
        """Recompute every rule from the inputs and raise if the plan breaks any.

        The check does not use the solver's model: it rebuilds each programme's yearly
        cost and target from the catalogue, the start year and the levels, and tests
        the ceilings, group limits, start windows, mandatory / excluded, ``requires``,
        exclusive groups, continuity floor, commitment cap, smoothness and the reported
        value.

        Returns
        -------
        Plan
            ``self``, so that ``plan = optimize(...).check()`` reads naturally.

        Raises
        ------
        CheckFailedError
            With one line per violation.
        """
        v = _check(self)
        if v:
            raise CheckFailedError(v)
        return self


def _shift(matrix: np.ndarray, src: np.ndarray, inside: np.ndarray) -> np.ndarray:
    return np.where(inside, np.take_along_axis(matrix, src, axis=1), 0.0)


def _source_spending(catalog: Catalog, start_years: np.ndarray, levels: np.ndarray, source: str) -> np.ndarray:
    """Spending paid from ``source`` per programme and year for the given starts and levels."""
    years = catalog.years
    n_years = len(years)
    earliest = catalog._frame["earliest_start"].to_numpy(dtype=np.int64)
    runs = start_years >= 0
    shift = np.where(runs, start_years - earliest, 0)
    src = np.arange(n_years)[None, :] - shift[:, None]
    inside = (src >= 0) & (src < n_years) & runs[:, None]
    return _shift(catalog.source_cost_matrix(source), np.clip(src, 0, n_years - 1), inside) * levels


def _full_schedule(catalog: Catalog, start_years: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Full-scope cost, target and active-year matrices (n × years) for the given starts.

    The schedule columns describe a start in ``earliest_start``; a start ``d`` years
    later moves every amount ``d`` columns to the right. Programmes that do not run
    (start -1) get zero rows.
    """
    frame = catalog._frame
    years = catalog.years
    n_years = len(years)
    cost = catalog.cost_matrix()
    target = np.nan_to_num(catalog.target_matrix())
    earliest = frame["earliest_start"].to_numpy(dtype=np.int64)
    runs = start_years >= 0
    shift = np.where(runs, start_years - earliest, 0)
    src = np.arange(n_years)[None, :] - shift[:, None]
    inside = (src >= 0) & (src < n_years) & runs[:, None]
    src = np.clip(src, 0, n_years - 1)
    full_cost = _shift(cost, src, inside)
    full_target = _shift(target, src, inside)
    active = (full_cost > 0) | (full_target > 0)
    empty = runs & ~active.any(axis=1)  # an empty schedule is active in its start year
    rows = np.flatnonzero(empty)
    active[rows, np.clip(start_years[rows] - years[0], 0, n_years - 1)] = True
    return full_cost, full_target, active


def _delivered_share(
    modes: np.ndarray, full_cost: np.ndarray, full_target: np.ndarray, active: np.ndarray, levels: np.ndarray
) -> np.ndarray:
    """Delivered share per programme: the level (whole, scalable) or the weighted mean of yearly levels.

    Flexible weights are the yearly targets, else the yearly costs, else equal, over the
    scheduled years.
    """
    tw = np.where(active, full_target, 0.0)
    cw = np.where(active, full_cost, 0.0)
    weights = np.where(
        tw.sum(axis=1, keepdims=True) > 0, tw, np.where(cw.sum(axis=1, keepdims=True) > 0, cw, active * 1.0)
    )
    total = weights.sum(axis=1)
    flexible_share = np.where(total > 0, (weights * levels).sum(axis=1) / np.where(total > 0, total, 1.0), 0.0)
    plain_share = np.where(active, levels, 0.0).max(axis=1)
    is_flex = np.array([str(m) == Mode.FLEXIBLE for m in modes], dtype=bool)
    return np.where(is_flex, flexible_share, plain_share)


def _check(plan: Plan) -> list[str]:
    """Every violated rule of ``plan``, recomputed from its inputs with arrays (no per-programme loop)."""
    if not plan.is_ok:
        return [f"the plan has status {plan.status.value}: {plan.message}"]
    v: list[str] = []
    cat, budget, policy = plan.catalog, plan.budget, plan.policy
    frame = cat._frame
    ids = np.asarray(cat.ids, dtype=object)
    years = np.asarray(cat.years)
    n, ny, first, last = len(ids), len(years), int(years[0]), int(years[-1])
    sel = plan.selection.reindex(list(ids))
    runs = sel["runs"].to_numpy(dtype=bool)
    start = np.where(runs, sel["start_year"].fillna(-1).to_numpy(dtype=np.int64), -1)
    lv = plan.levels.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    mode = frame["mode"].astype(str).to_numpy()
    is_flex, is_scal, is_whole = mode == Mode.FLEXIBLE, mode == Mode.SCALABLE, mode == Mode.WHOLE
    m = frame["min_level"].to_numpy(dtype=float)
    mandatory = frame["mandatory"].to_numpy(dtype=bool)
    excluded = frame["excluded"].to_numpy(dtype=bool)
    e = frame["earliest_start"].to_numpy(dtype=np.int64)
    ls = frame["latest_start"].to_numpy(dtype=np.int64)
    priority = frame["priority"].to_numpy(dtype=float)

    # schedules in offsets k from earliest start (independent of the model and of _full_schedule)
    cost_abs = frame[[f"cost_{y}" for y in years]].to_numpy(dtype=float)
    tgt_abs = frame[[f"target_{y}" for y in years]].to_numpy(dtype=float)
    k = np.arange(ny)
    col = (e - first)[:, None] + k[None, :]
    inside = col < ny
    colc = np.minimum(col, ny - 1)
    s_cost = np.where(inside, np.take_along_axis(cost_abs, colc, axis=1), 0.0)
    s_tgt_raw = np.where(inside, np.take_along_axis(tgt_abs, colc, axis=1), np.nan)
    s_tgt = np.nan_to_num(s_tgt_raw)
    act = inside & ((s_cost > 0) | (s_tgt > 0))
    act[~act.any(axis=1), 0] = True  # an empty schedule is active in its start offset
    k_last = np.where(act, k[None, :], -1).max(axis=1)

    # 1. programmes that do not run
    off_run = ~runs & (np.abs(lv) > LEVEL_TOL).any(axis=1)
    for i in np.flatnonzero(off_run):
        v.append(f"{ids[i]} does not run but has levels in {years[np.abs(lv[i]) > LEVEL_TOL].tolist()}")
    for i in np.flatnonzero(~runs & mandatory):
        v.append(f"{ids[i]} is mandatory but does not run")
    # 2. programmes that run
    for i in np.flatnonzero(runs & excluded):
        v.append(f"{ids[i]} is excluded but runs")
    bad_win = runs & ((start < e) | (start > ls))
    for i in np.flatnonzero(bad_win):
        v.append(f"{ids[i]} starts in {start[i]}, outside its window {e[i]}-{ls[i]}")
    past = runs & (start + k_last > last)
    for i in np.flatnonzero(past):
        v.append(
            f"{ids[i]} started in {start[i]} would run until {start[i] + k_last[i]}, after the horizon ends in {last}"
        )
    ok = runs & ~past & (start >= first)  # a start before the horizon is reported by the window rule
    # levels of active years, in offset order: year index j = (start - first) + k
    s_off = np.where(ok, start - first, 0)
    jj = s_off[:, None] + k[None, :]
    a = act & ok[:, None]  # active cells (programme, offset) inside the horizon for ok rows
    jjc = np.minimum(jj, ny - 1)
    lv_k = np.where(a, np.take_along_axis(lv, jjc, axis=1), np.nan)  # level per active offset
    on_sched = np.zeros((n, ny), dtype=bool)
    rows_a, ks_a = np.nonzero(a)
    on_sched[rows_a, jj[rows_a, ks_a]] = True
    off = ok[:, None] & ~on_sched & (np.abs(lv) > LEVEL_TOL)
    lvl_fmt: dict[int, list[float]] = {}

    def lv_list(i: Any) -> list[float]:
        if i not in lvl_fmt:
            lvl_fmt[i] = lv_k[i][a[i]].round(4).tolist()
        return lvl_fmt[i]

    for i in np.flatnonzero(off.any(axis=1)):
        act_years = (start[i] + k[a[i]]).tolist()
        v.append(f"{ids[i]} has levels in {years[off[i]].tolist()}, outside its schedule {act_years}")
    with np.errstate(invalid="ignore"):
        out_range = ((lv_k < -LEVEL_TOL) | (lv_k > 1 + LEVEL_TOL)).any(axis=1)
        whole_bad = ok & is_whole & (np.abs(lv_k - 1) > LEVEL_TOL).any(axis=1)
        ptp = np.nanmax(np.where(a, lv_k, -np.inf), axis=1) - np.nanmin(np.where(a, lv_k, np.inf), axis=1)
        below = (lv_k < m[:, None] - LEVEL_TOL).any(axis=1)
    for i in np.flatnonzero(out_range):
        v.append(f"{ids[i]} has levels outside 0-1: {lv_list(i)}")
    for i in np.flatnonzero(whole_bad):
        v.append(f"{ids[i]} is whole but its levels are {lv_list(i)}")
    for i in np.flatnonzero(ok & is_scal & (ptp > LEVEL_TOL)):
        v.append(f"{ids[i]} is scalable but its level changes between years: {lv_list(i)}")
    for i in np.flatnonzero(ok & is_scal & below):
        v.append(f"{ids[i]} runs below its min_level {m[i]:g}: {lv_list(i)}")
    for i in np.flatnonzero(ok & is_flex & below):
        v.append(f"{ids[i]} runs below its min_level {m[i]:g} in some year: {lv_list(i)}")
    d = policy.max_level_change
    if d is not None:
        # consecutive active offsets: compress each row's active levels to the left, then diff
        order = np.argsort(~a, axis=1, kind="stable")
        packed = np.take_along_axis(lv_k, order, axis=1)
        with np.errstate(invalid="ignore"):
            jump = np.abs(np.diff(packed, axis=1)) > d + LEVEL_TOL
        for i in np.flatnonzero(ok & is_flex & jump.any(axis=1)):
            v.append(f"{ids[i]} changes level by more than {d:g} between years: {lv_list(i)}")

    # costs and targets recomputed from the schedule
    cost = np.zeros((n, ny))
    tgt_exp = np.zeros((n, ny))
    cost[rows_a, jj[rows_a, ks_a]] = s_cost[rows_a, ks_a] * lv[rows_a, jj[rows_a, ks_a]]
    tgt_exp[rows_a, jj[rows_a, ks_a]] = s_tgt[rows_a, ks_a] * lv[rows_a, jj[rows_a, ks_a]]
    pt = plan.targets.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    bad_t = on_sched & (np.abs(pt - tgt_exp) > 1e-6 * np.maximum(1.0, np.abs(tgt_exp)))
    for i, j in zip(*np.nonzero(bad_t), strict=True):
        v.append(f"{ids[i]} target in {years[j]} is {pt[i, j]:g}, expected {tgt_exp[i, j]:g}")
    pc = plan.costs.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    cost[past] = pc[past]  # already reported; do not report its costs again
    # shares
    w_t, w_c = np.where(a, s_tgt, 0.0), np.where(a, s_cost, 0.0)
    w = np.where(w_t.sum(1, keepdims=True) > 0, w_t, np.where(w_c.sum(1, keepdims=True) > 0, w_c, a * 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        flex_share = np.nansum(w * np.nan_to_num(lv_k), axis=1) / w.sum(axis=1)
    first_k = np.argmax(a, axis=1)
    plain_share = lv_k[np.arange(n), first_k]
    share = np.where(ok, np.where(is_flex, flex_share, plain_share), 0.0)
    share = np.where(past, sel["level"].to_numpy(dtype=float), share)

    diff = np.abs(cost - pc)
    big = 1e-6 * max(1.0, float(np.abs(pc).max(initial=0.0)))
    for i, j in zip(*np.nonzero(diff > big), strict=True):
        v.append(f"{ids[i]} cost in {years[j]} is {pc[i, j]:,.0f}, the schedule gives {cost[i, j]:,.0f}")

    def tol(y: int) -> float:
        return MONEY_TOL * max(budget.ceilings[y], 1.0)

    spend = cost.sum(axis=0)
    for j, y in enumerate(years.tolist()):
        if spend[j] > budget.available(y) + tol(y):
            v.append(
                f"{y}: spending {format_money(spend[j])} is above the ceiling less reserve "
                f"{format_money(budget.available(y))}"
            )
    for lim in budget.limits:
        member = frame[lim.group_by].astype(str).to_numpy() == lim.group
        g_spend = cost[member].sum(axis=0)
        for y in [lim.year] if lim.year is not None else years.tolist():
            cap, floor = lim.amounts(budget.ceilings[y])
            g = float(g_spend[y - first])
            if cap is not None and g > cap + tol(y):
                v.append(f"{y}: {lim.group_by} {lim.group} spends {format_money(g)}, above its cap {format_money(cap)}")
            if floor is not None and g < floor - tol(y):
                v.append(
                    f"{y}: {lim.group_by} {lim.group} spends {format_money(g)}, below its floor {format_money(floor)}"
                )

    # requires: explode (programme, required) pairs once
    req = frame["requires"].to_numpy(dtype=object)
    counts = np.fromiter((len(r) for r in req), dtype=np.int64, count=n)
    if counts.sum():
        p_idx = np.repeat(np.arange(n), counts)
        q_ids = [q for r in req for q in r]
        q_idx = pd.Index(ids).get_indexer(q_ids)
        live = runs[p_idx]
        missing = live & ~runs[q_idx]
        late = live & runs[q_idx] & (start[q_idx] > start[p_idx])
        for t in np.flatnonzero(missing | late):
            p, q = p_idx[t], q_idx[t]
            if missing[t]:
                v.append(f"{ids[p]} runs but requires {ids[q]}, which does not run")
            else:
                v.append(f"{ids[p]} starts in {start[p]} before {ids[q]} (which it requires) starts in {start[q]}")
    grp = frame["exclusive_group"].astype(str).to_numpy()
    in_g = grp != ""
    if in_g.any():
        gdf = pd.DataFrame(
            {"g": grp[in_g], "run": runs[in_g], "req": frame["group_required"].to_numpy(bool)[in_g], "id": ids[in_g]}
        )
        agg = gdf.groupby("g", sort=True).agg(n_run=("run", "sum"), req=("req", "any"))
        for g in agg.index[(agg["n_run"] > 1) | (agg["req"] & (agg["n_run"] != 1))]:
            running = gdf.loc[(gdf["g"] == g) & gdf["run"], "id"].tolist()
            if len(running) > 1:
                v.append(f"exclusive group {g}: {len(running)} programmes run ({', '.join(running)}); at most one may")
            if agg.at[g, "req"] and len(running) != 1:
                v.append(f"exclusive group {g} needs exactly one programme running, has {len(running)}")
    if policy.continuity_floor > 0:
        cont = frame["status"].to_numpy(dtype=object) == CarryOver.CONTINUING
        need = policy.continuity_floor * float(priority[cont & ~excluded].sum())
        got = math.fsum(priority[cont] * share[cont])
        if got < need - 1e-6 * max(1.0, need):
            v.append(f"continuity floor: carry-overs deliver priority {got:,.4f}, below the floor {need:,.4f}")
    if policy.commitment_cap is not None:
        for b in policy.boundaries:
            before = runs & (start < b)
            committed = cost[before].sum(axis=0)
            for j, y in enumerate(years.tolist()):
                if y < b:
                    continue
                c = float(committed[j])
                cap = policy.commitment_cap * budget.ceilings[y]
                if c > cap + tol(y):
                    v.append(
                        f"{y}: programmes started before {b} commit {format_money(c)}, above the cap "
                        f"{format_money(cap)} ({policy.commitment_cap:.0%} of the ceiling)"
                    )
    for source, by_year in budget.source_ceilings.items():
        paid = _source_spending(cat, start, lv, source).sum(axis=0)
        for j, y in enumerate(years.tolist()):
            if y in by_year and paid[j] > by_year[y] + tol(y):
                v.append(
                    f"{y}: source {source} pays {format_money(paid[j])}, above its ceiling {format_money(by_year[y])}"
                )
    for source, rules in budget.earmarks.items():
        paying = cat.source_cost_matrix(source).sum(axis=1) > 0
        for column, allowed in rules.items():
            values = frame[column].astype(str).to_numpy()
            for i in np.flatnonzero(paying & runs & ~np.isin(values, list(allowed))):
                v.append(f"{ids[i]} is paid from {source}, which may only pay for {column} {', '.join(allowed)}")
    if policy.count_caps:
        _, _, active = _full_schedule(cat, start)
        continuing = frame["status"].to_numpy(dtype=object) == CarryOver.CONTINUING
        for count_cap in policy.count_caps:
            if count_cap.group_by is None:
                groups = [("all programmes", np.ones(n, dtype=bool))]
            else:
                values = frame[count_cap.group_by].astype(str).to_numpy()
                chosen = [count_cap.group] if count_cap.group is not None else sorted(set(values))
                groups = [(f"{count_cap.group_by} {g}", values == g) for g in chosen]
            for label, member in groups:
                for j, y in enumerate(years.tolist()):
                    if count_cap.year is not None and y != count_cap.year:
                        continue
                    n_running = int((member & runs & active[:, j]).sum())
                    started = int((member & ~continuing & (start == y)).sum())
                    if count_cap.max_running is not None and n_running > count_cap.max_running:
                        v.append(
                            f"{y}: {n_running} programmes running ({label}), above the cap of {count_cap.max_running}"
                        )
                    if count_cap.max_new is not None and started > count_cap.max_new:
                        v.append(f"{y}: {started} programmes start ({label}), above the cap of {count_cap.max_new}")
    value = math.fsum(priority * share)
    if abs(value - plan.total_value) > 1e-6 * max(1.0, abs(value)):
        v.append(f"total_value {plan.total_value:,.6f} differs from the recomputed {value:,.6f}")
    reported = sel["level"].to_numpy(dtype=float)
    for i in np.flatnonzero(np.abs(reported - share) > LEVEL_TOL):
        v.append(f"{ids[i]} delivered share {reported[i]:.6f} differs from the recomputed {share[i]:.6f}")
    return v
