"""The solved plan: levels, yearly targets and costs, and an independent check.

A :class:`Plan` is complete when it is made and never changes afterwards: it holds
DataFrames computed once from the solver's answer (or from chosen starts and levels) and
the inputs it was made for, with its status, message, timings and, for a stable re-plan,
its stability. A plan that could not be made (infeasible, no solution in time, a solver
error) keeps the whole API with missing values (NaN): money and targets are unknown, not
zero. :meth:`Plan.check` recomputes every rule from the inputs alone
(:mod:`targetplan.results.check`) and raises :class:`~targetplan.exceptions.CheckFailedError`
listing each violation.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..exceptions import CheckFailedError, PlanFileError
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.policy import Policy
from ..inputs.schema import CarryOver, Mode
from ..io.csv import write_csv
from ..io.excel import write_excel
from ..io.workbook import MoneyUnit
from ..model.formulation import Formulation
from ..plotting import plot_budget, plot_timeline
from ..solvers.base import SolverResult, SolveStatus
from ..text.language import Language, get_language
from ..text.money import format_money, format_number, format_percent
from ..text.show import HtmlView
from ..text.words import value_word
from .check import violations
from .groups import group_table
from .schedules import delivered_share, full_schedule, target_table
from .serialise import plan_fields, plan_to_dict, plan_to_json, read_plan_fields

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..reports.continuity import ContinuityReport
    from ..reports.efficiency import EfficiencyReport
    from ..reports.progress import ProgressReport

__all__ = ["SELECTION_COLUMNS", "Plan", "ReadOnlyDict", "read_plan"]

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


class ReadOnlyDict(dict[str, Any]):
    """A dict that cannot be changed once made (a plan's timings, options and stability)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a plan does not change after it is made; build a new one (dataclasses.replace)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyDict, (dict(self),))


def _frozen(mapping: Mapping[str, Any] | None) -> ReadOnlyDict:
    return ReadOnlyDict(mapping or {})


def programme_columns(catalog: Catalog) -> dict[str, Any]:
    """Return the catalogue's columns that a plan's selection repeats, in catalogue order."""
    return {
        "name": catalog.values("name"),
        "dimension": catalog.values("dimension"),
        "agency": catalog.values("agency"),
        "status": [str(s) for s in catalog.values("status")],
        "mode": [str(m) for m in catalog.values("mode")],
        "priority": catalog.values("priority").astype(float),
        "mandatory": catalog.values("mandatory").astype(bool),
        "excluded": catalog.values("excluded").astype(bool),
    }


@dataclass(frozen=True)
class PlanTables:
    """The tables of a plan made from chosen starts and levels."""

    levels: pd.DataFrame
    targets: pd.DataFrame
    costs: pd.DataFrame
    selection: pd.DataFrame
    total_value: float


def tables_from_choices(catalog: Catalog, start_years: Any, levels: Any) -> PlanTables:
    """Costs, targets, delivered shares and values of chosen starts and levels, from the catalogue."""
    ids = catalog.ids
    years = catalog.years
    n, n_years = len(ids), len(years)
    if isinstance(start_years, Mapping):
        start = np.array([start_years.get(p) if start_years.get(p) is not None else -1 for p in ids])
    else:
        start = np.array([-1 if s is None or pd.isna(s) else int(s) for s in start_years])
    start = start.astype(np.int64)
    full_cost, _, active = full_schedule(catalog, start)
    if isinstance(levels, Mapping):
        lv = np.array([float(levels.get(p, 0.0)) for p in ids])[:, None] * active
    elif isinstance(levels, pd.DataFrame):
        lv = levels.reindex(index=list(ids), columns=list(years)).fillna(0.0).to_numpy(dtype=float)
    else:
        lv = np.asarray(levels, dtype=float).reshape(n, n_years)
    runs = start >= 0
    lv = np.where(runs[:, None], lv, 0.0)
    share = delivered_share(catalog, start, full_cost, active, lv)
    idx = pd.Index(ids, name="id")
    cols = pd.Index(list(years), name="year")
    costs = full_cost * lv
    priority = catalog.values("priority").astype(float)
    last = np.where(lv > 0, np.arange(n_years)[None, :], -1).max(axis=1)
    selection = pd.DataFrame(
        {
            **programme_columns(catalog),
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
    return PlanTables(
        levels=pd.DataFrame(lv, index=idx, columns=cols),
        targets=pd.DataFrame(target_table(catalog, start, lv, active), index=idx, columns=cols),
        costs=pd.DataFrame(costs, index=idx, columns=cols),
        selection=selection,
        total_value=math.fsum(priority * share),
    )


def choices_from_solution(form: Formulation, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start year (-1: does not run) and programme × year levels, in catalogue order, of a solution vector."""
    x = np.clip(x, 0.0, 1.0)
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
    return np.where(start[inv] >= 0, start[inv] + form.years[0], -1), levels[inv]


@dataclass(frozen=True, eq=False)
class Plan(HtmlView):
    """A solved plan.

    Attributes
    ----------
    status : SolveStatus
        ``OPTIMAL``, ``FEASIBLE`` (time limit, see ``mip_gap``), or for a failed plan
        ``INFEASIBLE`` / ``NO_SOLUTION`` / ``ERROR`` (see ``message``).
    total_value : float
        Σ priority × delivered share, without carry-over bonus or tie-breaks (NaN for a
        failed plan).
    mip_gap : float or None
        Relative gap proven by the solver (0 for a pure LP).
    levels, targets, costs : DataFrame
        Programme id × year: level (0–1), target in the programme's unit, cost in rupiah
        (NaN for a failed plan).
    selection : DataFrame
        One row per programme; columns in :data:`SELECTION_COLUMNS` (values missing for a
        failed plan).
    solver : str
        ``"highs"`` or ``"cbc"`` (``"baseline:<ranking>"`` for a manual ranking).
    timings : dict
        Seconds spent building, solving and extracting (read-only).
    options : dict
        The solve options (read-only).
    message : str
        Why a plan failed, or notes on how it was made.
    stability : dict or None
        With a reference plan: ``changes``, ``max_changes``, ``unconstrained_value``,
        ``value_given_up``, ``value_tolerance`` (read-only).
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
    timings: Mapping[str, float] = field(default_factory=ReadOnlyDict)
    options: Mapping[str, Any] = field(default_factory=ReadOnlyDict)
    message: str = ""
    stability: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "timings", _frozen(self.timings))
        object.__setattr__(self, "options", _frozen(self.options))
        if self.stability is not None:
            object.__setattr__(self, "stability", _frozen(self.stability))

    # ------------------------------------------------------------------ building
    @classmethod
    def from_solution(
        cls,
        form: Formulation,
        result: SolverResult,
        options: Mapping[str, Any],
        *,
        message: str | None = None,
        stability: Mapping[str, Any] | None = None,
    ) -> Plan:
        """Extract a plan from a solver result (used by :func:`~targetplan.optimize`)."""
        t0 = time.perf_counter()
        if result.x is None:
            raise ValueError("a solver result without a solution has no plan")
        start_years, levels = choices_from_solution(form, result.x)
        tables = tables_from_choices(form.catalog, start_years, levels)
        timings = {"build": form.build_seconds, "solve": result.seconds, "extract": time.perf_counter() - t0}
        return cls.from_tables(
            form.catalog,
            form.budget,
            form.policy,
            tables,
            status=result.status,
            solver=result.solver,
            mip_gap=result.gap,
            objective_value=result.objective,
            timings=timings,
            options=options,
            message=result.message if message is None else message,
            stability=stability,
        )

    @classmethod
    def from_tables(
        cls,
        catalog: Catalog,
        budget: Budget,
        policy: Policy,
        tables: PlanTables,
        **fields: Any,
    ) -> Plan:
        """Make a plan from its tables and the remaining fields (status, solver, gap, timings, message …)."""
        return cls(
            catalog=catalog,
            budget=budget,
            policy=policy,
            total_value=tables.total_value,
            levels=tables.levels,
            targets=tables.targets,
            costs=tables.costs,
            selection=tables.selection,
            **{"objective_value": float("nan"), "mip_gap": None, "solver": "", **fields},
        )

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
        timings: Mapping[str, float] | None = None,
        options: Mapping[str, Any] | None = None,
        message: str = "",
        stability: Mapping[str, Any] | None = None,
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
        return cls.from_tables(
            catalog,
            budget,
            policy,
            tables_from_choices(catalog, start_years, levels),
            status=status,
            solver=solver,
            mip_gap=mip_gap,
            objective_value=objective_value,
            timings=timings,
            options=options,
            message=message,
            stability=stability,
        )

    @classmethod
    def failed(
        cls,
        catalog: Catalog,
        budget: Budget,
        policy: Policy,
        status: SolveStatus,
        message: str,
        *,
        solver: str = "",
        options: Mapping[str, Any] | None = None,
        timings: Mapping[str, float] | None = None,
    ) -> Plan:
        """Make the stand-in for a plan that could not be made: the whole API, with money and targets missing.

        ``status`` and ``message`` say why; ``selection`` has one row per programme with
        its catalogue fields and missing choices (``runs`` is ``<NA>``).
        """
        idx = pd.Index(catalog.ids, name="id")
        cols = pd.Index(list(catalog.years), name="year")
        unknown = pd.DataFrame(np.nan, index=idx, columns=cols)
        n = len(idx)
        selection = pd.DataFrame(
            {
                **programme_columns(catalog),
                "runs": pd.array([pd.NA] * n, dtype="boolean"),
                "start_year": pd.array([pd.NA] * n, dtype="Int64"),
                "end_year": pd.array([pd.NA] * n, dtype="Int64"),
                "level": np.full(n, np.nan),
                "value": np.full(n, np.nan),
                "cost": np.full(n, np.nan),
            },
            index=idx,
        )
        return cls(
            catalog=catalog,
            budget=budget,
            policy=policy,
            status=status,
            total_value=float("nan"),
            objective_value=float("nan"),
            mip_gap=None,
            solver=solver,
            levels=unknown,
            targets=unknown.copy(),
            costs=unknown.copy(),
            selection=selection,
            timings=timings or {},
            options=options or {},
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
        """Ids of the programmes in the plan, in catalogue order (none for a failed plan)."""
        if not self.is_ok:
            return []
        return list(self.selection.index[self.selection["runs"].astype(bool)])

    @property
    def start_years(self) -> np.ndarray:
        """Start year per programme in catalogue order, ``-1`` where it does not run."""
        runs = self.selection["runs"].fillna(False).to_numpy(dtype=bool)
        return np.where(runs, self.selection["start_year"].fillna(-1).to_numpy(dtype=np.int64), -1)

    @property
    def yearly(self) -> pd.DataFrame:
        """Budget use per year.

        Columns: ``ceiling``, ``reserve``, ``available`` (ceiling less reserve),
        ``allocated`` (plan spending), ``unallocated`` and ``utilisation`` (allocated ÷
        ceiling); the last three are missing for a failed plan.
        """
        frame = self.budget.to_frame().set_index("year")
        # fsum: exact, so the same plan from a catalogue in another row order gives the same bytes
        money = self.costs.reindex(columns=frame.index).to_numpy(dtype=float)
        allocated = np.array([math.fsum(col) if not np.isnan(col).all() else np.nan for col in money.T])
        frame["allocated"] = allocated
        frame["unallocated"] = frame["ceiling"] - frame["allocated"]
        frame["utilisation"] = np.where(
            frame["ceiling"] > 0, frame["allocated"] / frame["ceiling"].where(frame["ceiling"] > 0, 1.0), 0.0
        )
        frame.loc[frame["allocated"].isna(), "utilisation"] = np.nan
        return frame

    @property
    def max_value(self) -> float:
        """Value of every non-excluded programme at full scope (an upper bound)."""
        priority = self.catalog.values("priority").astype(float)
        return float(priority[~self.catalog.values("excluded").astype(bool)].sum())

    def summary(self) -> pd.Series:
        """Return the plan's key figures as a Series (the same figures as a row of :meth:`Study.summary`).

        ``status``, ``value``, ``max_value``, ``value_share``, ``programmes`` (in the plan),
        ``spend``, ``ceiling``, ``utilisation``, ``gap``, ``solver``, ``message``. Money and
        value are missing for a failed plan.

        Examples
        --------
        >>> import targetplan as tp
        >>> cat = tp.Catalog.from_programs([tp.Program(id="A", name="a", priority=2, costs={2024: 5e9})])
        >>> tp.optimize(cat, tp.Budget(ceilings={2024: 8e9})).summary()["value"]
        2.0
        """
        ok = self.is_ok
        ceiling = float(sum(self.budget.ceilings.values()))
        spend = float(np.nansum(self.costs.to_numpy())) if ok else math.nan
        max_value = self.max_value
        return pd.Series(
            {
                "status": self.status.value,
                "value": self.total_value,
                "max_value": max_value,
                "value_share": self.total_value / max_value if ok and max_value else math.nan,
                "programmes": int(self.selection["runs"].sum()) if ok else 0,
                "spend": spend,
                "ceiling": ceiling,
                "utilisation": spend / ceiling if ok and ceiling else math.nan,
                "gap": self.mip_gap,
                "solver": self.solver,
                "message": self.message,
            },
            name="plan",
            dtype=object,
        )

    def summary_text(self, lang: Language | None = None) -> str:
        """Write the plan as text for people: status, value, spending per year, programmes chosen."""
        lang = lang or get_language()
        en = lang == "en"

        def num(value: float) -> str:
            return format_number(value, 2, lang)

        lines = []
        status = str(value_word("status", self.status.value, lang))
        gap = ""
        if self.mip_gap is not None:
            shown = format_percent(self.mip_gap, 3, lang)
            gap = f", at most {shown} from the best" if en else f", jaminan: paling jauh {shown} dari yang terbaik"
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
        head = ("year", "ceiling", "allocated", "use") if en else ("tahun", "pagu", "teralokasi", "alokasi")
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
            word = "level" if en else "tingkat"
            level = "" if row["mode"] == Mode.WHOLE else f" {word} {format_percent(row['level'], 0, lang)}"
            lines.append(
                f" {mark} {pid:<8} {row['name'][:44]:<44} {row['start_year']}-{row['end_year']} "
                f"{format_money(row['cost'], lang):>12}{level}"
            )
        lines.append("  (* = carry-over from the previous masterplan)" if en else "  (* = program lanjutan)")
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

    def view_title(self, lang: Language) -> str:
        """Write the plan in one line for people: status, value, programmes, allocation, the guarantee."""
        en = lang == "en"
        status = str(value_word("status", self.status.value, lang))
        if not self.is_ok:
            return f"{'Plan' if en else 'Rencana'}: {status}"
        spend = format_money(float(np.nansum(self.costs.to_numpy())), lang)
        ceiling = format_money(sum(self.budget.ceilings.values()), lang)
        value = format_number(self.total_value, 2, lang)
        n_in, n = int(self.selection["runs"].sum()), len(self.selection)
        if en:
            text = f"Plan: {status}; value {value}; {n_in} of {n} programmes; allocated {spend} of ceiling {ceiling}"
        else:
            text = f"Rencana: {status}; nilai {value}; {n_in} dari {n} program; alokasi {spend} dari pagu {ceiling}"
        if self.mip_gap is not None:
            gap = format_percent(self.mip_gap, 3, lang)
            text += f"; at most {gap} from the best" if en else f"; jaminan: paling jauh {gap} dari yang terbaik"
        return text + f" ({self.solver})"

    def headline(self, lang: Language) -> str:
        """Return the message of a failed plan (the notebook view's headline)."""
        return "" if self.is_ok else self.message

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Budget use per year and the programmes in the plan (nothing for a failed plan)."""
        if not self.is_ok:
            return {}
        chosen = self.selection[self.selection["runs"]][
            ["name", "dimension", "status", "start_year", "end_year", "level", "cost"]
        ]
        return {"yearly": self.yearly, "chosen": chosen}

    # ------------------------------------------------------------------ reports (convenience, reach upward)
    def efficiency(
        self,
        *,
        baselines: bool = True,
        marginal: bool = True,
        step: float | None = None,
        lang: Language | None = None,
        rules: bool = True,
    ) -> EfficiencyReport:
        """Efficiency report: budget use, value per rupiah, manual baselines, marginal values, rule prices.

        Also why money stays unspent.

        See :func:`targetplan.reports.efficiency.efficiency_report`; ``report.why(id)`` and
        ``report.explain()`` add the why / why-not of each programme.
        """
        from ..reports.efficiency import efficiency_report

        return efficiency_report(self, baselines=baselines, marginal=marginal, step=step, lang=lang, rules=rules)

    def continuity(
        self,
        previous: str | Path | pd.DataFrame | None = None,
        lang: Language | None = None,
        crosswalk: str | Path | pd.DataFrame | None = None,
    ) -> ContinuityReport:
        """Continuity report: carry-overs continued or dropped, spending per term, commitments.

        Parameters
        ----------
        previous : path or DataFrame, optional
            The previous masterplan (see :func:`targetplan.read_previous`); without it
            the report covers terms, commitments and per-programme decisions only.
        crosswalk : path or DataFrame, optional
            Which catalogue programme each previous programme continues, as
            :func:`targetplan.crosswalk` proposes it (reviewed and saved); for a previous
            masterplan with other ids or codes. Unmatched programmes stay listed.
        """
        from ..reports.continuity import continuity_report

        return continuity_report(self, previous=previous, lang=lang, crosswalk=crosswalk)

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
        from ..reports.progress import progress_report

        return progress_report(self, realisation, as_of=as_of, tolerance=tolerance, lang=lang)

    def report(self, path: str | Path, *, lang: Language | None = None, **sections: Any) -> Path:
        """Write one self-contained HTML report of the plan for people (Indonesian by default) and return its path.

        Summary in sentences, the budget per year against the ceiling, the programmes in
        and out of the plan, the price of the rules, continuity, progress and changes when
        given; it opens without a network and prints to A4. ``sections`` are the options
        of :func:`targetplan.reports.write_report` (``rules``, ``why_not``, ``previous``,
        ``progress``, ``changes``, ``study``, ``title`` …).
        """
        from ..reports.html import write_report

        return write_report(path, self, lang=lang, **sections)

    def by(self, column: str) -> pd.DataFrame:
        """Spending, value and programmes per group of a catalogue column, e.g. ``plan.by("program")``.

        Any catalogue column works (``dimension``, ``agency``); a catalogue with
        nomenclature codes has the level columns ``urusan``, ``bidang``, ``program`` and
        ``kegiatan``. Columns of the table: see :func:`targetplan.results.groups.group_table`.
        """
        return group_table(self, column)

    # ------------------------------------------------------------------ plots and files (call down)
    def plot_budget(self, ax: Axes | None = None, by: str = "dimension", lang: Language | None = None) -> Axes:
        """Spending per year stacked by ``by`` against the ceiling (see :func:`targetplan.plotting.plot_budget`)."""
        return plot_budget(self, ax=ax, by=by, lang=lang)

    def plot_timeline(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Chosen programmes over their funded years (see :func:`targetplan.plotting.plot_timeline`)."""
        return plot_timeline(self, ax=ax, lang=lang)

    def to_excel(
        self,
        path: str | Path,
        efficiency: EfficiencyReport | bool | None = None,
        continuity: ContinuityReport | bool | None = None,
        *,
        lang: Language | None = None,
        money_unit: MoneyUnit | None = None,
        explain: bool = False,
    ) -> Path:
        """Write the plan (and its reports when given, or ``True`` to compute them) as an Excel workbook for people.

        The ``mengapa_tidak`` / ``why_not`` sheet lists every programme left out and why:
        with ``explain=True`` (or an efficiency report whose :meth:`explain` has run) the
        measured reasons of :meth:`EfficiencyReport.why` — the rules that keep it out and
        what would bring it in, one re-solve per programme — else the reasons the
        catalogue and the plan show. See :func:`targetplan.io.excel.write_excel`; needs
        ``pip install 'targetplan[excel]'``.
        """
        explanations = None
        if explain and self.is_ok and not self.selection["runs"].astype(bool).all():
            report = efficiency if efficiency not in (None, False, True) else self.efficiency()
            if efficiency is True:
                efficiency = report
            if getattr(report, "plan", None) is self:
                explanations = report.explain()  # type: ignore[union-attr]
        return write_excel(
            self,
            path,
            efficiency=efficiency,
            continuity=continuity,
            lang=lang,
            money_unit=money_unit,
            explanations=explanations,
        )

    def to_csv(self, folder: str | Path, *, escape_formulas: bool = True) -> dict[str, Path]:
        """Write selection, levels, targets, costs and yearly as CSV files in ``folder``.

        See :func:`targetplan.io.csv.write_csv`.
        """
        return write_csv(self, folder, escape_formulas=escape_formulas)

    def to_json(self, path: str | Path) -> Path:
        """Write the plan with its inputs as JSON; :meth:`from_json` reads it back.

        See :func:`targetplan.results.serialise.plan_to_json` for the format.
        """
        return plan_to_json(self, path)

    def to_dict(self) -> dict[str, Any]:
        """Return the plan with its inputs as plain JSON data (what :meth:`to_json` writes)."""
        return plan_to_dict(self)

    @classmethod
    def from_json(cls, path: str | Path) -> Plan:
        """Read a plan written by :meth:`to_json`, checking the whole file first.

        Raises
        ------
        PlanFileError
            When the file is missing, not JSON, not a targetplan plan, written by a newer
            format version, or malformed; every problem is listed.
        """
        return cls(**read_plan_fields(path)).agreed(Path(path).name)

    @classmethod
    def from_dict(cls, data: Any, source: str = "plan") -> Plan:
        """Make a plan of :meth:`to_dict` data, checking it first (``source`` names it in errors)."""
        return cls(**plan_fields(data, source)).agreed(source)

    def agreed(self, source: str) -> Plan:
        """Return the plan read from a file when it agrees with its stored inputs; else raise :class:`PlanFileError`.

        Every rule of :meth:`check` is recomputed: a value missing or changed by hand (a
        ``null`` cost, a level edited) is a damaged plan file, not a plan.
        """
        if not self.is_ok:
            return self
        found = violations(self)
        if found:
            rows = [
                {
                    "row": None,
                    "id": None,
                    "column": "result",
                    "value": None,
                    "problem": (
                        f"rencana tidak sesuai dengan masukan yang tersimpan: {text}",
                        f"the plan does not agree with its stored inputs: {text}",
                    ),
                    "fix": (
                        "berikan berkas seperti yang ditulis Plan.to_json() (tanpa disunting), atau rencanakan lagi",
                        "give the file as Plan.to_json() wrote it (unedited), or plan again",
                    ),
                }
                for text in found
            ]
            raise PlanFileError(rows, source, lang=get_language())
        return self

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
        found = violations(self)
        if found:
            raise CheckFailedError(found)
        return self


def read_plan(path: str | Path) -> Plan:
    """Read a plan saved with :meth:`Plan.to_json` (same as :meth:`Plan.from_json`).

    Examples
    --------
    >>> import tempfile, pathlib, targetplan as tp
    >>> cat = tp.Catalog.from_programs([tp.Program(id="A", name="fibre", priority=2, costs={2024: 5e9})])
    >>> plan = tp.optimize(cat, tp.Budget(ceilings={2024: 8e9}))
    >>> path = plan.to_json(pathlib.Path(tempfile.mkdtemp()) / "plan.json")
    >>> again = tp.read_plan(path)
    >>> again.selected_ids, again.total_value == plan.total_value
    (['A'], True)
    """
    return Plan.from_json(path)
