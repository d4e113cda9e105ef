"""Scenario studies: the same catalogue under several ceilings, policies or catalogues.

:func:`compare` solves named scenarios and returns a :class:`Study`; :func:`frontier`
sweeps the budget by a scale factor and returns a :class:`Frontier` (value against
budget, with its knee).

Execution
---------
* **Serial** (default). Scenarios that differ only in numbers on the right-hand side
  (ceilings, caps and floors, reserve) share one HiGHS model: only the row bounds are
  changed, and each is solved from a clean solver state, so that every scenario gets the
  plan it gets when solved alone.
* **Parallel**: pass any :class:`concurrent.futures.Executor` (e.g. a
  ``ProcessPoolExecutor``), or a ``dask.distributed.Client`` to run on a cluster. Each
  worker receives the inputs (catalogue, budget, policy) and builds its own model —
  solver models cannot be shipped between processes.
* A scenario that fails (infeasible, solver error, bad input) is recorded in the study
  with its status and reason; the others still run.

Frontier points are made monotone: when the plan found for a smaller budget also fits a
larger one and is worth more than what the solver returned there (possible within the
MIP gap), that plan is used, so the value never falls as the budget grows.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import solvers
from ..exceptions import (
    ArgumentError,
    ArgumentTypeError,
    PlanFileError,
    SolverUnavailableError,
    TargetplanError,
    UnknownScenarioError,
)
from ..inputs.budget import Budget, scale_factors
from ..inputs.catalog import Catalog
from ..inputs.policy import Policy
from ..io.excel import write_study
from ..io.files import atomic_path
from ..io.workbook import MoneyUnit
from ..model.build import build
from ..plotting import plot_frontier, plot_study
from ..results.changes import plan_changes
from ..results.check import violations
from ..results.jsonvalues import dumps
from ..results.plan import Plan
from ..results.serialise import plan_to_dict
from ..solvers.base import DEFAULT_THREADS, SolveStatus
from ..text.language import Language, pick
from ..text.money import MILIAR, format_number
from ..text.show import HtmlView
from .optimize import finish_plan, optimize

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Frontier", "Scenario", "Study", "UnknownScenarioError", "compare", "frontier", "process_pool"]


@dataclass(frozen=True)
class Scenario:
    """One scenario: any of budget, policy and catalogue; missing parts come from the study's base."""

    budget: Budget | None = None
    policy: Policy | None = None
    catalog: Catalog | None = None


def _resolve(
    name: str, value: Any, catalog: Catalog, budget: Budget | None, policy: Policy | None
) -> tuple[Catalog, Budget, Policy]:
    if isinstance(value, Budget):
        scenario = Scenario(budget=value)
    elif isinstance(value, Policy):
        scenario = Scenario(policy=value)
    elif isinstance(value, Catalog):
        scenario = Scenario(catalog=value)
    elif isinstance(value, Scenario):
        scenario = value
    else:
        raise ArgumentTypeError(
            f"scenario {name!r} is a {type(value).__name__}; give a Budget, a Policy, a Catalog or a Scenario"
        )
    chosen_budget = scenario.budget or budget
    if chosen_budget is None:
        raise ArgumentError(f"scenario {name!r} has no budget: pass budget= to compare() or give one in the Scenario")
    return scenario.catalog or catalog, chosen_budget, scenario.policy or policy or Policy()


def _failed_plan(catalog: Catalog, budget: Budget, policy: Policy, exc: Exception, options: dict[str, Any]) -> Plan:
    message = f"{type(exc).__name__}: {exc}"
    solver = str(options.get("solver", ""))
    return Plan.failed(catalog, budget, policy, SolveStatus.ERROR, message, solver=solver, options=options)


def _timed(plan: Plan, t0: float) -> Plan:
    """Return the plan with its total time (building, solving and everything around) among its timings."""
    return dataclasses.replace(plan, timings={**plan.timings, "total": time.perf_counter() - t0})


def _solve_one(
    catalog: Catalog, budget: Budget, policy: Policy, options: dict[str, Any], reference: Plan | None = None
) -> Plan:
    """Solve one scenario; never raises for a scenario-level failure (runs in workers too)."""
    t0 = time.perf_counter()
    try:
        # the study shows one bar for its scenarios, not one per solve
        plan = optimize(catalog, budget, policy, raise_on_failure=False, reference=reference, progress=False, **options)
    except TargetplanError as exc:
        plan = _failed_plan(catalog, budget, policy, exc, options)
    return _timed(plan, t0)


def _same_structure(a: Any, b: Any) -> bool:
    """Whether two built models differ at most in row bounds (so one solver model serves both)."""
    return (
        a.catalog is b.catalog
        and a.num_cols == b.num_cols
        and a.num_rows == b.num_rows
        and np.array_equal(a.start, b.start)
        and np.array_equal(a.index, b.index)
        and np.array_equal(a.value, b.value)
        and np.array_equal(a.objective, b.objective)
        and np.array_equal(a.col_integer, b.col_integer)
    )


class _WarmSolver:
    """Serial solving that keeps one solver model while only row bounds change.

    Each point is solved from a clean solver state, as :func:`optimize` solves it alone, so
    a scenario's plan does not depend on the scenarios solved before it. Starting from the
    previous point's plan made the 21-point frontier of the sample no faster (288
    branch-and-bound nodes in all against 309 without it, the same seconds) and, within
    the MIP gap, gave another plan than solving the point alone at two of its scales.
    """

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.form: Any = None
        self.session: solvers.Session | None = None

    def solve(self, catalog: Catalog, budget: Budget, policy: Policy) -> Plan:
        t0 = time.perf_counter()
        try:
            form = build(catalog, budget, policy)
        except TargetplanError as exc:
            return _failed_plan(catalog, budget, policy, exc, self.options)
        opts = self.options
        if self.session is not None and _same_structure(self.form, form):
            self.session.set_model(form)
        else:
            threads = opts.get("threads")
            self.session = solvers.open_session(
                form,
                opts.get("solver", "auto"),
                mip_gap=opts.get("mip_gap", 1e-4),
                time_limit=opts.get("time_limit"),
                threads=DEFAULT_THREADS if threads is None else threads,
                verbose=opts.get("verbose", False),
            )
        self.form = form
        result = self.session.solve(tie_break=opts.get("tie_break", True))
        try:
            plan = finish_plan(form, result, {"solver": self.session.name, **opts}, raise_on_failure=False)
        except TargetplanError as exc:
            plan = _failed_plan(catalog, budget, policy, exc, opts)
        return _timed(plan, t0)


def process_pool(workers: int | None = None) -> Any:
    """Return a process pool that is safe to use with targetplan (workers are not forked from this process).

    HiGHS keeps a thread pool per process; a process forked from one that has already
    solved a model inherits that pool in a broken state and can hang. Workers here start
    from a clean process instead: forked from a small server process that has imported
    targetplan but never solved anything (``forkserver``, on Linux and macOS), so a pool
    starts in a few milliseconds once the server runs; where there is no forkserver
    (Windows), they are spawned (a fresh interpreter each, about half a second).

    Examples
    --------
    >>> import targetplan as tp
    >>> with tp.process_pool(2) as pool:  # doctest: +SKIP
    ...     front = tp.frontier(catalog, budget, executor=pool)
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    context = multiprocessing.get_context("forkserver")
    # the server imports targetplan once (numpy, pandas, PuLP, highspy): each worker forks with them loaded.
    # Importing highspy starts no solver threads, so the server stays safe to fork.
    context.set_forkserver_preload(["targetplan", "highspy"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _check_executor(executor: Any) -> None:
    from concurrent.futures import ProcessPoolExecutor

    if not callable(getattr(executor, "submit", None)):
        raise ArgumentTypeError(
            f"executor must be a concurrent.futures.Executor or a dask.distributed.Client (got "
            f"{type(executor).__name__}); e.g. executor=tp.process_pool(2)"
        )
    if isinstance(executor, ProcessPoolExecutor):
        context = getattr(executor, "_mp_context", None)
        method = context.get_start_method() if context is not None else None
        if method == "fork":
            raise ArgumentError(
                "this process pool forks its workers, which can hang the HiGHS solver; use "
                "tp.process_pool(n) or ProcessPoolExecutor(n, mp_context=multiprocessing.get_context('spawn'))"
            )


def _progress(total: int, enabled: bool, desc: str) -> Any:
    if not enabled or total <= 3:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc, leave=False)


def _run(
    jobs: list[tuple[str, Catalog, Budget, Policy]],
    options: dict[str, Any],
    executor: Any,
    progress: bool,
    reference: Plan | None,
    desc: str,
) -> dict[str, Plan]:
    words = {"scenarios": ("skenario", "scenarios"), "frontier": ("kurva nilai", "frontier")}
    bar = _progress(len(jobs), progress, pick(words[desc], None) if desc in words else desc)
    plans: dict[str, Plan] = {}
    try:
        if executor is None:
            warm = None
            if reference is None:
                try:
                    if solvers.backend(options.get("solver", "auto")).keeps_model:
                        warm = _WarmSolver(options)
                except SolverUnavailableError:
                    warm = None  # each scenario records why in its own plan
            for name, cat, bud, pol in jobs:
                plans[name] = warm.solve(cat, bud, pol) if warm else _solve_one(cat, bud, pol, options, reference)
                if bar is not None:
                    bar.update(1)
        else:
            _check_executor(executor)
            futures = [
                (name, executor.submit(_solve_one, cat, bud, pol, options, reference)) for name, cat, bud, pol in jobs
            ]
            for name, future in futures:
                plans[name] = future.result()
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return plans


def _carryover_index(plan: Plan) -> float:
    sel = plan.selection
    cont = sel[(sel["status"] == "continuing") & ~sel["excluded"].astype(bool)]
    total = float(cont["priority"].sum())
    return float((cont["priority"] * cont["level"]).sum() / total) if total > 0 else math.nan


def _summary_row(name: str, plan: Plan) -> dict[str, Any]:
    ceiling = float(sum(plan.budget.ceilings.values()))
    ok = plan.is_ok
    spend = float(plan.costs.to_numpy().sum()) if ok else math.nan
    stab = plan.stability or {}
    return {
        "scenario": name,
        "status": plan.status.value,
        "value": plan.total_value,
        "spend": spend,
        "ceiling": ceiling,
        "utilisation": spend / ceiling if ok and ceiling else math.nan,
        "continuity_index": _carryover_index(plan) if ok else math.nan,
        "programmes": int(plan.selection["runs"].sum()) if ok else 0,
        "gap": plan.mip_gap,
        "seconds": plan.timings.get("total", plan.timings.get("solve", math.nan)),
        "changes": stab.get("changes"),
        "value_given_up": stab.get("value_given_up"),
        "message": plan.message if not ok else "",
    }


@dataclass(frozen=True, eq=False)
class Study(HtmlView):
    """Plans of several scenarios, side by side.

    Attributes
    ----------
    plans : dict
        Scenario name → :class:`Plan` (failed scenarios hold a stand-in plan whose
        ``status`` and ``message`` say why).
    table : DataFrame
        One row per scenario; see :meth:`summary`.
    """

    plans: dict[str, Plan]
    table: pd.DataFrame
    wall_seconds: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_plans(
        cls, plans: Mapping[str, Plan], wall_seconds: float = 0.0, options: dict[str, Any] | None = None
    ) -> Study:
        """Assemble a study from already solved plans."""
        rows = [_summary_row(name, plan) for name, plan in plans.items()]
        return cls(dict(plans), pd.DataFrame(rows).set_index("scenario"), wall_seconds, dict(options or {}))

    def summary(self) -> pd.DataFrame:
        """Return the scenarios side by side: one row per scenario (a copy).

        Index ``scenario``: ``status``, ``value``, ``spend``, ``ceiling``, ``utilisation``,
        ``continuity_index`` (delivered share of the carry-over priority), ``programmes``
        (number in the plan), ``gap``, ``seconds``, ``changes`` and ``value_given_up``
        (with a reference plan), ``message`` (why a scenario failed).
        """
        return self.table.copy()

    def __getitem__(self, name: str) -> Plan:
        if name not in self.plans:
            raise UnknownScenarioError(f"no scenario {name!r}; scenarios: {', '.join(self.plans)}")
        return self.plans[name]

    def __iter__(self) -> Any:
        return iter(self.plans)

    def __len__(self) -> int:
        return len(self.plans)

    @property
    def names(self) -> list[str]:
        """Scenario names, in the order given."""
        return list(self.plans)

    @property
    def failed(self) -> list[str]:
        """Names of the scenarios without a plan."""
        return [n for n, p in self.plans.items() if not p.is_ok]

    def diff(self, a: str, b: str) -> pd.DataFrame:
        """Programmes that enter, leave, or change start year or level from scenario ``a`` to ``b``.

        See :func:`targetplan.plan_changes` for the columns.
        """
        for name in (a, b):
            if not self[name].is_ok:
                raise ArgumentError(f"scenario {name!r} has no plan ({self[name].status.value}): {self[name].message}")
        return plan_changes(self[a], self[b])

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the summary table (same as :meth:`summary`)."""
        return self.summary()

    def to_json(self, path: str | Path) -> Path:
        """Save every scenario's plan (inputs and result) as one JSON file, atomically.

        :meth:`Study.from_json` reads it back; timings are not saved, so the same study
        always gives the same bytes.
        """
        data = {
            "format": "targetplan.study",
            "version": 1,
            "order": list(self.plans),
            "scenarios": {name: plan_to_dict(plan) for name, plan in self.plans.items()},
        }
        target = Path(path)
        with atomic_path(target) as tmp:
            tmp.write_bytes(dumps(data).encode("utf-8"))
        return target

    @classmethod
    def from_json(cls, path: str | Path) -> Study:
        """Read a study written by :meth:`to_json` (each plan is validated as by ``Plan.from_json``)."""
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PlanFileError(
                [
                    {
                        "row": None,
                        "id": None,
                        "column": None,
                        "value": str(p),
                        "problem": f"not a readable study file: {exc}",
                        "fix": "give a file written by Study.to_json()",
                    }
                ],
                p.name,
            ) from None
        if not isinstance(data, dict) or data.get("format") != "targetplan.study":
            raise PlanFileError(
                [
                    {
                        "row": None,
                        "id": None,
                        "column": "format",
                        "value": str(p),
                        "problem": "not a targetplan study file",
                        "fix": "give a file written by Study.to_json()",
                    }
                ],
                p.name,
            )
        plans = {name: Plan.from_dict(data["scenarios"][name], f"{p.name} [{name}]") for name in data["order"]}
        return cls.from_plans(plans)

    def to_excel(self, path: str | Path, *, lang: Language | None = None, money_unit: MoneyUnit | None = None) -> Path:
        """Write the study as one workbook for people, atomically.

        The scenarios side by side, budget use per scenario and year, what differs from the
        first scenario (programmes in and out, money moved per year), each scenario's
        selection and an ``about`` sheet, in the report language. See
        :func:`targetplan.io.excel.write_study`.
        """
        return write_study(self, path, lang=lang, money_unit=money_unit)

    def plot(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Value and spending per scenario."""
        return plot_study(self, ax=ax, lang=lang)

    def report(
        self,
        path: str | Path,
        *,
        frontier: Frontier | None = None,
        plan: str | Plan | None = None,
        base: str | None = None,
        lang: Language | None = None,
        **sections: Any,
    ) -> Path:
        """Write one self-contained HTML report of the study for people (Indonesian by default); return its path.

        The scenarios side by side (value, spending, use of the ceilings, continuity),
        their spending per year and what differs from the ``base`` scenario (programmes
        in, out, rescheduled, money moved); with ``frontier`` the value curve and its
        knee; with ``plan`` (a scenario name or a plan) that plan's full report before
        them. ``sections`` are the options of :func:`targetplan.reports.write_report`.
        """
        from ..reports.html import write_report

        chosen = self[plan] if isinstance(plan, str) else plan
        return write_report(path, chosen, study=self, frontier=frontier, base=base, lang=lang, **sections)

    def __repr__(self) -> str:
        ok = len(self) - len(self.failed)
        return f"Study({len(self)} scenarios, {ok} with a plan, {self.wall_seconds:.1f} s)"

    def view_title(self, lang: Language) -> str:
        """Name the study in the language: how many scenarios, how many with a plan."""
        ok = len(self) - len(self.failed)
        if lang == "en":
            return f"Scenario study: {len(self)} scenarios, {ok} with a plan"
        return f"Studi skenario: {len(self)} skenario, {ok} dengan rencana"

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the scenarios side by side."""
        return {"scenarios": self.table}


def compare(
    catalog: Catalog,
    scenarios: Mapping[str, Budget | Policy | Catalog | Scenario],
    policy: Policy | None = None,
    *,
    budget: Budget | None = None,
    executor: Any = None,
    progress: bool = True,
    reference: Plan | str | None = None,
    max_changes: int | None = None,
    value_tolerance: float = 0.0,
    **solve_options: Any,
) -> Study:
    """Solve several scenarios of the same planning problem.

    Parameters
    ----------
    catalog : Catalog
        The base catalogue.
    scenarios : mapping
        Name → :class:`Budget`, :class:`Policy`, :class:`Catalog` or :class:`Scenario`.
        What a scenario does not give comes from ``catalog`` / ``budget`` / ``policy``.
    policy : Policy, optional
        The base policy.
    budget : Budget, optional
        The base budget (needed when a scenario is only a policy or a catalogue).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Runs scenarios in parallel; default serial (one kept solver model while only the
        ceilings, caps and floors change; every scenario gets the plan it gets alone). Parallel workers
        solve with one thread each unless ``threads`` is given.
    progress : bool, default True
        A progress bar (tqdm, if installed) for more than three scenarios.
    reference : Plan or str, optional
        Stable plans: stay close to this plan, or to the plan of the named scenario
        (solved first). See :func:`targetplan.optimize`.
    max_changes, value_tolerance
        With ``reference``, as in :func:`targetplan.optimize`.
    **solve_options
        ``solver``, ``mip_gap``, ``time_limit``, ``threads``, ``tie_break``.

    Examples
    --------
    >>> import targetplan as tp
    >>> ex = tp.load_example("bogor")
    >>> study = tp.compare(ex.catalog, {"APBD -10%": ex.budget.scale(0.9), "base": ex.budget}, mip_gap=1e-3)
    >>> list(study.summary().index), study.summary()["status"].tolist()
    (['APBD -10%', 'base'], ['optimal', 'optimal'])
    """
    t0 = time.perf_counter()
    if not scenarios:
        raise ArgumentError("no scenarios given: pass a mapping of names to budgets, policies or catalogues")
    _check_stability(reference, max_changes, value_tolerance)
    if executor is not None:
        _check_executor(executor)
    jobs = [(str(name), *_resolve(str(name), value, catalog, budget, policy)) for name, value in scenarios.items()]
    options = _options(solve_options)
    if reference is not None or max_changes is not None:
        options = {**options, "max_changes": max_changes, "value_tolerance": value_tolerance}
    plans: dict[str, Plan] = {}
    ref_plan: Plan | None = None
    if isinstance(reference, str):
        match = [j for j in jobs if j[0] == reference]
        if not match:
            raise ArgumentError(f"reference scenario {reference!r} is not among {', '.join(j[0] for j in jobs)}")
        base_options = {k: v for k, v in options.items() if k not in ("max_changes", "value_tolerance")}
        ref_plan = _solve_one(*match[0][1:], base_options)
        plans[reference] = ref_plan
        jobs = [j for j in jobs if j[0] != reference]
    elif reference is not None:
        ref_plan = reference
    if ref_plan is not None and not ref_plan.is_ok:
        raise ArgumentError(f"the reference plan has no plan ({ref_plan.status.value}): {ref_plan.message}")
    plans.update(_run(jobs, options, executor, progress, ref_plan, "scenarios"))
    ordered = {name: plans[name] for name in scenarios if str(name) in plans}
    return Study.from_plans(ordered, time.perf_counter() - t0, options)


def _check_stability(reference: Any, max_changes: int | None, value_tolerance: float) -> None:
    if reference is None and (max_changes is not None or value_tolerance):
        raise ArgumentError(
            "max_changes and value_tolerance need a reference plan: pass reference=plan (or the name of a scenario)"
        )


def _options(solve_options: dict[str, Any]) -> dict[str, Any]:
    allowed = {"solver", "mip_gap", "time_limit", "threads", "tie_break", "verbose"}
    unknown = set(solve_options) - allowed
    if unknown:
        raise ArgumentError(f"unknown option(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}")
    return dict(solve_options)


@dataclass(frozen=True, eq=False)
class Frontier(HtmlView):
    """Total value against the budget scale.

    Attributes
    ----------
    points : DataFrame
        Index ``scale``: ``ceiling`` (sum of the scaled ceilings), ``value``, ``spend``,
        ``status``, ``gap``, ``seconds``, ``programmes``, ``slope`` (value per Rp 1 M
        between this point and the previous one), ``reused`` (True where the plan of a
        smaller budget was kept because it was worth more).
        ``elasticity`` (at the fixed-grid points: the share of value a share more budget
        buys, on the concave envelope of the curve; see below), ``requested`` (False for
        grid points solved only to place the knee).
    knee : float or None
        The scale from which an extra rupiah buys little: the smallest point of the fixed
        grid (multiples of :data:`KNEE_STEP`) from which the elasticity stays below
        :data:`KNEE_ELASTICITY` — 1 % more budget buys less than ½ % more value. The
        elasticity is read on the upper concave envelope of the solved values (the
        staircase of a mixed-integer plan smoothed out), so the knee is a property of the
        curve, not of the scales requested. ``None`` when it is not inside the points
        solved (:attr:`knee_side` says on which side).
    knee_side : str
        ``""`` when the knee is inside, ``"below"`` when the elasticity is under the
        threshold from the first point on, ``"above"`` when it never falls under it,
        ``"none"`` when too few points were solved.
    plans : dict
        Scale → :class:`Plan`.
    """

    points: pd.DataFrame
    knee: float | None
    plans: dict[float, Plan]
    wall_seconds: float = 0.0
    knee_side: str = ""

    @property
    def current(self) -> pd.Series | None:
        """The point at scale 1.0 (the current ceilings), when it was solved."""
        return self.points.loc[1.0] if 1.0 in self.points.index else None

    def plot(self, ax: Axes | None = None, lang: Language | None = None) -> Axes:
        """Value against total ceiling, with the knee and the current ceiling marked."""
        return plot_frontier(self, ax=ax, lang=lang)

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the points table."""
        return self.points.copy()

    def __repr__(self) -> str:
        if self.knee is not None:
            knee = f"knee at scale {self.knee:g}"
        elif self.knee_side in ("below", "above"):
            knee = f"knee {self.knee_side} the scales solved"
        else:
            knee = "no knee"
        return f"Frontier({len(self.points)} points, {knee}, {self.wall_seconds:.1f} s)"

    def view_title(self, lang: Language) -> str:
        """Name the value curve in the language: its points and its knee."""
        points = len(self.points)
        if self.knee is not None:
            scale = format_number(self.knee, 2, lang)
            knee = f"knee at scale {scale}" if lang == "en" else f"titik lutut pada skala {scale}"
        elif self.knee_side in ("below", "above"):
            side = {"below": ("di bawah", "below"), "above": ("di atas", "above")}[str(self.knee_side)]
            knee = f"knee {side[1]} the scales solved" if lang == "en" else f"titik lutut {side[0]} skala yang dihitung"
        else:
            knee = "no knee" if lang == "en" else "tanpa titik lutut"
        if lang == "en":
            return f"Value against the budget: {points} points, {knee}"
        return f"Nilai terhadap pagu: {points} titik, {knee}"

    def summary(self) -> pd.Series:
        """Key figures of the curve: points solved, the knee, value and spending at today's ceilings."""
        current = self.current
        return pd.Series(
            {
                "points": len(self.points),
                "knee": self.knee,
                "value": float(current["value"]) if current is not None else math.nan,
                "spend": float(current["spend"]) if current is not None else math.nan,
                "failed": int((~self.points["status"].isin(["optimal", "feasible"])).sum()),
            },
            name="frontier",
            dtype=object,
        )

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the points of the curve."""
        return {"points": self.points}


#: Step of the fixed grid of scales on which the knee is placed (0.05: 0.50, 0.55, 0.60 …).
KNEE_STEP = 0.05
#: Elasticity below which an extra rupiah "buys little": 1 % more budget, less than ½ % more value.
KNEE_ELASTICITY = 0.5


def _on_grid(scale: float, step: float) -> bool:
    return abs(scale / step - round(scale / step)) < 1e-9


def _grid(lo: float, hi: float, step: float) -> list[float]:
    """Multiples of ``step`` from ``lo`` to ``hi`` (both included when on the grid)."""
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def envelope_elasticity(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Elasticity of value with respect to budget at each point but the last, on the upper concave envelope.

    ``x`` ceilings (ascending), ``y`` values. The envelope's slope to the right of a point,
    times the point's ceiling, over the envelope's value there: how many percent more
    value one percent more budget buys. NaN at the last point.

    Examples
    --------
    >>> envelope_elasticity(np.array([1.0, 2.0, 3.0]), np.array([10.0, 15.0, 17.0])).round(3).tolist()
    [0.5, 0.267, nan]
    """
    hull: list[int] = []
    for i in range(len(x)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (y[b] - y[a]) * (x[i] - x[a]) <= (y[i] - y[a]) * (x[b] - x[a]):
                hull.pop()
            else:
                break
        hull.append(i)
    hx, hy = x[hull], y[hull]
    out = np.full(len(x), np.nan)
    for i in range(len(x) - 1):
        j = int(np.searchsorted(hx, x[i], side="right"))
        j = min(max(j, 1), len(hx) - 1)
        slope = (hy[j] - hy[j - 1]) / (hx[j] - hx[j - 1])
        level = float(np.interp(x[i], hx, hy))
        out[i] = slope * x[i] / level if level > 0 else np.nan
    return out


def _knee(scales: np.ndarray, elasticity: np.ndarray) -> tuple[float | None, str]:
    """Return the first scale from which the elasticity stays below the threshold, and where the knee lies."""
    known = ~np.isnan(elasticity)
    if known.sum() < 2:
        return None, "none"
    s, e = scales[known], elasticity[known]
    below = e < KNEE_ELASTICITY
    if not below[-1]:
        return None, "above"
    k = len(e) - 1
    while k > 0 and below[k - 1]:
        k -= 1
    if k == 0:
        return None, "below"
    return float(s[k]), ""


def _monotone(scales: list[float], plans: dict[float, Plan]) -> dict[float, bool]:
    """Keep a smaller budget's plan where it fits a larger budget and is worth more."""
    reused = dict.fromkeys(scales, False)
    best: Plan | None = None
    for s in scales:
        plan = plans[s]
        if best is not None and (not plan.is_ok or plan.total_value < best.total_value - 1e-9 * abs(best.total_value)):
            sel = best.selection
            candidate = Plan.from_choices(
                plan.catalog,
                plan.budget,
                plan.policy,
                sel["start_year"].fillna(-1).to_numpy(dtype=np.int64),
                best.levels,
                status=SolveStatus.FEASIBLE,
                solver=best.solver,
                mip_gap=None,
                objective_value=best.objective_value,
                timings=dict(plan.timings),
                options=dict(plan.options),
                message="the plan of a smaller budget, kept: it is worth more than what the solver returned here",
            )
            if not violations(candidate):
                plans[s] = candidate
                reused[s] = True
                plan = candidate
        if plan.is_ok and (best is None or plan.total_value >= best.total_value):
            best = plan
    return reused


def frontier(
    catalog: Catalog,
    budget: Budget,
    scales: Sequence[float] | Iterable[float] | None = None,
    policy: Policy | None = None,
    *,
    executor: Any = None,
    progress: bool = True,
    reference: Plan | None = None,
    max_changes: int | None = None,
    knee_step: float | None = KNEE_STEP,
    **solve_options: Any,
) -> Frontier:
    """Value of the optimal plan as every ceiling is scaled.

    Parameters
    ----------
    catalog, budget, policy
        The planning problem; ``budget.scale(s)`` gives each point.
    scales : sequence of float, optional
        Default: 21 points from 0.5 to 1.5.
    knee_step : float or None, default 0.05
        The knee is placed on a fixed grid of scales (multiples of this step) between
        the smallest and the largest scale asked for; grid points not asked for are
        solved too (``requested`` is False in :attr:`Frontier.points`). ``None``
        solves only the scales asked for and places the knee among them (it then
        depends on them).
    executor, progress, reference, max_changes, **solve_options
        As in :func:`compare`.

    Examples
    --------
    >>> import targetplan as tp
    >>> ex = tp.load_example("bogor")
    >>> f = tp.frontier(ex.catalog, ex.budget, scales=[0.8, 1.0, 1.2], mip_gap=1e-3)
    >>> bool(f.points["value"].is_monotonic_increasing)
    True
    """
    t0 = time.perf_counter()
    requested = sorted(
        {round(s, 10) for s in scale_factors(scales if scales is not None else np.linspace(0.5, 1.5, 21))}
    )
    if not requested or requested[0] < 0:
        raise ArgumentError("scales must be non-negative numbers, e.g. [0.8, 0.9, 1.0, 1.1]")
    if knee_step is not None and not (isinstance(knee_step, int | float) and 0 < knee_step <= 1):
        raise ArgumentError(f"knee_step must be a number in (0, 1], like 0.05, or None; got {knee_step!r}")
    grid = _grid(requested[0], requested[-1], float(knee_step)) if knee_step is not None else list(requested)
    chosen = sorted(set(requested) | set(grid))
    options = _options(solve_options)
    _check_stability(reference, max_changes, 0.0)
    if executor is not None:
        _check_executor(executor)
    if reference is not None:
        options = {**options, "max_changes": max_changes}
    jobs = [(str(s), catalog, budget.scale(s), policy or Policy()) for s in chosen]
    by_name = _run(jobs, options, executor, progress, reference, "frontier")
    plans = {s: by_name[str(s)] for s in chosen}
    reused = _monotone(chosen, plans)
    rows = []
    previous: tuple[float, float] | None = None
    for s in chosen:
        plan = plans[s]
        ceiling = float(sum(plan.budget.ceilings.values()))
        value = plan.total_value if plan.is_ok else math.nan
        slope = math.nan
        if previous is not None and plan.is_ok and ceiling > previous[0]:
            slope = (value - previous[1]) / ((ceiling - previous[0]) / MILIAR)
        if plan.is_ok:
            previous = (ceiling, value)
        rows.append(
            {
                "scale": s,
                "ceiling": ceiling,
                "value": value,
                "spend": float(plan.costs.to_numpy().sum()) if plan.is_ok else math.nan,
                "status": plan.status.value,
                "gap": plan.mip_gap,
                "seconds": plan.timings.get("total", math.nan),
                "programmes": int(plan.selection["runs"].sum()) if plan.is_ok else 0,
                "slope": slope,
                "reused": reused[s],
                "requested": s in requested,
            }
        )
    points = pd.DataFrame(rows).set_index("scale")
    on_grid = points.index.isin(grid) & points["status"].isin(["optimal", "feasible"]).to_numpy()
    knee_points = points[on_grid]
    elasticity = envelope_elasticity(
        knee_points["ceiling"].to_numpy(dtype=float), knee_points["value"].to_numpy(dtype=float)
    )
    points.insert(points.columns.get_loc("slope") + 1, "elasticity", np.nan)
    points.loc[knee_points.index, "elasticity"] = elasticity
    knee, side = _knee(knee_points.index.to_numpy(dtype=float), elasticity)
    return Frontier(points, knee, plans, time.perf_counter() - t0, knee_side=side)
