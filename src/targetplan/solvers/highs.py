"""HiGHS through ``highspy``: the default solver.

The model's arrays are handed to HiGHS in one call (no per-term Python loop), which is
also what makes warm re-solves possible: a :class:`HighsSession` keeps one HiGHS model
alive while bounds change. HiGHS proved a 0.01 % gap on 1,000–5,000 programme catalogues
in 15–25 s where CBC was still 0.15–0.3 % away after 120 s. Settings and the HiGHS
defects worked around here are described in ``docs/model.md``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..exceptions import ArgumentError, SolverUnavailableError
from ..model.formulation import Formulation
from .base import (
    DEFAULT_THREADS,
    Backend,
    Session,
    SolverResult,
    SolveStatus,
    empty_result,
    keeps_value,
    quiet_stdout,
    value_floor,
)

__all__ = ["SCHEDULER", "TIE_BREAK_MAX_COLUMNS", "HighsBackend", "HighsSession", "Scheduler"]


def load() -> Any:
    """Import ``highspy``, or raise :class:`~targetplan.exceptions.SolverUnavailableError` with the fix."""
    try:
        import highspy
    except Exception as exc:  # ImportError, or a broken binary wheel
        raise SolverUnavailableError(
            f"the HiGHS solver could not be loaded ({type(exc).__name__}: {exc}). "
            "Reinstall it with 'pip install --force-reinstall highspy', or pass solver='cbc' to use PuLP's CBC."
        ) from None
    return highspy


#: Largest model (variables) whose tie-break HiGHS keeps within its time: the polish re-solves with a
#: value floor and tiny costs, and HiGHS cannot stop inside that problem's root LP. Measured: 43,000
#: variables (20,000 programmes) polished in 2.1 s after a 3.3 s solve; 109,000 (50,000 programmes)
#: ran 42 s against the 17.6 s it was given, and found nothing better.
TIE_BREAK_MAX_COLUMNS = 60_000


class Scheduler:
    """HiGHS's one thread scheduler per process, as targetplan knows it.

    HiGHS makes the scheduler at the first solve with the ``threads`` it asked for; a later
    solve asking for another number fails ("Not Set") until the scheduler is reset, which
    is only safe while no other solve of this process runs.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.threads: int | None = None  # the scheduler's size, as targetplan last set it
        self.running = 0  # HiGHS solves running in this process (threads of a ThreadPoolExecutor)


#: The scheduler of this process.
SCHEDULER = Scheduler()


def run(
    h: Any,
    threads: int | None,
    start: np.ndarray | None = None,
    cost: np.ndarray | None = None,
    check: Callable[[Any, np.ndarray], bool] | None = None,
) -> bool:
    """Run HiGHS from a clean state, optionally from a known plan, with ``threads`` threads.

    HiGHS 1.16 can value a MIP start wrongly once presolve has fixed some columns ("MIP
    start solution is feasible in the reduced space: objective value is 11" for a plan worth
    6), keep it as "optimal" and prune the true optimum (9). A re-solve after a bound change
    uses the previous solution as such a start by itself. So the solver's state is cleared
    before every run, and when a run from ``start`` returns a plan whose objective is not
    ``cost @ x`` (``check``, default :func:`misvalued`), it is run again without the start,
    in the time that is left.

    Returns whether the result can be trusted: ``False`` when HiGHS misvalued the start
    and no time was left to run again.

    ``threads=None`` (for side solves: explanations, duals) keeps the process's scheduler as
    it is, or makes one of :data:`DEFAULT_THREADS` threads; another number resets it.

    Raises
    ------
    ArgumentError
        When another thread of this process is solving with a different number of threads.
    """
    with SCHEDULER.lock:
        wanted = int(threads) if threads is not None else (SCHEDULER.threads or DEFAULT_THREADS)
        h.setOptionValue("threads", wanted)
        if SCHEDULER.threads != wanted:
            if SCHEDULER.running:
                raise ArgumentError(
                    f"a solve with threads={SCHEDULER.threads} is running in another thread of this process, and "
                    f"HiGHS uses one number of threads per process; pass threads={SCHEDULER.threads} here too"
                )
            h.resetGlobalScheduler(True)
            SCHEDULER.threads = wanted
        SCHEDULER.running += 1
    try:
        h.clearSolver()
        if start is not None:
            sol = load().HighsSolution()
            sol.col_value = list(map(float, start))
            sol.value_valid = True
            with contextlib.suppress(Exception):  # a start HiGHS rejects only costs the warm start
                h.setSolution(sol)
        t0 = time.perf_counter()
        h.run()
        if start is not None and cost is not None and (check or misvalued)(h, cost):
            raw = h.getOptionValue("time_limit")  # (status, value) in highspy 1.16, the value in others
            limit = float(raw[1] if isinstance(raw, tuple) else raw)
            left = limit - (time.perf_counter() - t0)
            if left <= 0.5:
                return False
            h.setOptionValue("time_limit", left)
            h.clearSolver()
            h.run()
            h.setOptionValue("time_limit", limit)
        return True
    finally:
        with SCHEDULER.lock:
            SCHEDULER.running -= 1


def misvalued(h: Any, cost: np.ndarray) -> bool:
    """Whether HiGHS reports an objective that its own plan does not have (see :func:`run`)."""
    info = h.getInfo()
    if info.primal_solution_status != 2:
        return False
    actual = float(cost @ np.asarray(h.getSolution().col_value[: len(cost)], dtype=float))
    reported = float(info.objective_function_value)
    # HiGHS's own rounding of a start's value in the reduced space is ~1e-5 relative (measured); the
    # misvaluation this guards against is of the order of the plan's value
    return abs(reported - actual) > _MISVALUED * max(1.0, abs(actual))


#: Relative difference between HiGHS's reported objective and its plan's own value taken as misvalued.
_MISVALUED = 1e-4


def lp_of(hs: Any, form: Formulation) -> Any:
    """Return the model as a ``highspy.HighsLp`` (rows as CSR arrays, handed over in one call)."""
    lp = hs.HighsLp()
    inf = hs.kHighsInf
    lp.num_col_ = form.num_cols
    lp.num_row_ = form.num_rows
    lp.col_cost_ = form.objective
    lp.col_lower_ = form.col_lower
    lp.col_upper_ = form.col_upper
    lp.row_lower_ = np.where(np.isfinite(form.row_lower), form.row_lower, -inf)
    lp.row_upper_ = np.where(np.isfinite(form.row_upper), form.row_upper, inf)
    lp.sense_ = hs.ObjSense.kMaximize
    lp.a_matrix_.format_ = hs.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = form.num_cols
    lp.a_matrix_.num_row_ = form.num_rows
    lp.a_matrix_.start_ = form.start
    lp.a_matrix_.index_ = form.index
    lp.a_matrix_.value_ = form.value
    if form.is_mip:
        lp.integrality_ = [hs.HighsVarType.kInteger if b else hs.HighsVarType.kContinuous for b in form.col_integer]
    return lp


def status_of(hs: Any, h: Any) -> tuple[SolveStatus, str]:
    """Return the solve's :class:`SolveStatus` and HiGHS's own words for it."""
    status = h.getModelStatus()
    text = h.modelStatusToString(status)
    ms = hs.HighsModelStatus
    has_solution = h.getInfo().primal_solution_status == 2
    if status == ms.kOptimal:
        return SolveStatus.OPTIMAL, text
    if status in (ms.kInfeasible, ms.kUnboundedOrInfeasible):
        return SolveStatus.INFEASIBLE, text
    if status in (
        ms.kTimeLimit,
        ms.kIterationLimit,
        ms.kSolutionLimit,
        ms.kInterrupt,
        ms.kObjectiveBound,
        ms.kObjectiveTarget,
    ):
        return (SolveStatus.FEASIBLE if has_solution else SolveStatus.NO_SOLUTION), text
    return SolveStatus.ERROR, text


class HighsSession(Session):
    """One HiGHS model kept alive for re-solves after changing bounds (warm starts).

    Handing over the model happens once; :meth:`set_row_bounds` and
    :meth:`set_col_bounds` change ceilings or force programmes in/out, and :meth:`solve`
    re-solves, optionally starting from a known plan. See :class:`Session` for the
    parameters.
    """

    name = "highs"
    #: Largest model whose tie-break runs (see :data:`TIE_BREAK_MAX_COLUMNS`).
    tie_break_max_columns = TIE_BREAK_MAX_COLUMNS

    def __init__(self, form: Formulation, **options: Any) -> None:
        super().__init__(form, **options)
        self.hs = load()
        with quiet_stdout(not self.verbose):
            self.h = self.hs.Highs()
        self.h.setOptionValue("output_flag", bool(self.verbose))
        self.h.setOptionValue("random_seed", 0)
        self.h.passModel(lp_of(self.hs, form))

    def set_row_bounds(self, rows: Any, lower: Any, upper: Any) -> None:
        """Change row bounds, given in the rows' own units (rupiah for money rows)."""
        rows = np.atleast_1d(np.asarray(rows, dtype=np.int32))
        scale = self.form.row_scale[rows]
        inf = self.hs.kHighsInf
        lo = np.broadcast_to(np.asarray(lower, dtype=float), rows.shape) / scale
        up = np.broadcast_to(np.asarray(upper, dtype=float), rows.shape) / scale
        lo = np.where(np.isfinite(lo), lo, -inf)
        up = np.where(np.isfinite(up), up, inf)
        self.h.changeRowsBounds(len(rows), rows, lo, up)

    def set_col_bounds(self, cols: Any, lower: Any, upper: Any) -> None:
        """Change variable bounds (e.g. fix a start variable to 0 or 1)."""
        cols = np.atleast_1d(np.asarray(cols, dtype=np.int32))
        lo = np.broadcast_to(np.asarray(lower, dtype=float), cols.shape).copy()
        up = np.broadcast_to(np.asarray(upper, dtype=float), cols.shape).copy()
        self.h.changeColsBounds(len(cols), cols, lo, up)

    def _options(self, mip_gap: float, time_limit: float | None) -> None:
        self.h.setOptionValue("mip_rel_gap", float(mip_gap))
        self.h.setOptionValue("mip_abs_gap", 0.0 if mip_gap == 0 else 1e-6)
        self.h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else self.hs.kHighsInf)

    def solve(self, start: np.ndarray | None = None, tie_break: bool = True) -> SolverResult:
        """Solve the current model; ``start`` is a known feasible solution to warm-start from."""
        t0 = time.perf_counter()
        h, form = self.h, self.form
        if form.num_cols == 0:
            return empty_result(self.name)
        self._options(self.mip_gap, self.time_limit)
        trusted = run(h, self.threads, start, form.objective, self.misvalued)
        status, text = status_of(self.hs, h)
        if not status.has_plan:
            return SolverResult(status, None, float("nan"), float("nan"), None, "highs", time.perf_counter() - t0, text)
        x = np.array(h.getSolution().col_value, dtype=float)
        info = h.getInfo()
        objective = float(info.objective_function_value)
        if not trusted:  # a plan that keeps every rule, but its optimality is not proven
            status, text = SolveStatus.FEASIBLE, "the solver misvalued the warm start and had no time left"
            objective, bound, gap = float(form.objective @ x), float("nan"), None
        elif form.is_mip:
            bound = float(info.mip_dual_bound)
            gap = float(info.mip_gap) if np.isfinite(info.mip_gap) else None
        else:
            bound, gap = objective, 0.0
        first = x
        if tie_break and status == SolveStatus.OPTIMAL:
            if form.num_cols > self.tie_break_max_columns:
                text += f"; tie-break skipped ({form.num_cols:,} variables, more than {self.tie_break_max_columns:,})"
            else:
                x = self.tie_break(x, objective, t0)
        return SolverResult(status, x, objective, bound, gap, "highs", time.perf_counter() - t0, text, first)

    def tie_break(self, x: np.ndarray, objective: float, t0: float) -> np.ndarray:
        """Among plans of the same value, prefer earlier starts, then less spending.

        The tie-break is a polish, not a second optimisation: it starts from the first
        solve's plan (so any answer is at least as good) and gets about as long as the
        first solve took (at least a second; twice that when it also minimises changes from
        a reference plan), within the time limit. On large plain models the programmes the
        first solve left out stay out, which shrinks the search.
        """
        hs, h, form = self.hs, self.h, self.form
        first_solve = time.perf_counter() - t0
        remaining = None if self.time_limit is None else self.time_limit - first_solve
        if remaining is not None and remaining <= 0.5:
            return x
        stability = form.change_coef is not None
        budget = max(1.0, first_solve) * (2.0 if stability else 1.0) + (4.0 if stability else 0.0)
        remaining = budget if remaining is None else min(remaining, budget)
        nz = np.flatnonzero(form.objective)
        all_cols = np.arange(form.num_cols, dtype=np.int32)
        fixed = np.empty(0, dtype=np.int32)
        if not stability and form.is_mip and len(form.act_y) > 2000:
            fixed = form.act_y[np.round(x[form.act_y]) < 0.5].astype(np.int32)
            h.changeColsBounds(len(fixed), fixed, np.zeros(len(fixed)), np.zeros(len(fixed)))
        # keep the value: objective >= the first solve's (a row only when some programme has a value)
        if len(nz):
            scale = float(np.abs(form.objective[nz]).max())
            h.addRow(
                value_floor(form, objective) / scale,
                hs.kHighsInf,
                len(nz),
                nz.astype(np.int32),
                form.objective[nz] / scale,
            )
        floor_row = h.getNumRow() - 1 if len(nz) else -1
        try:
            h.changeObjectiveSense(hs.ObjSense.kMinimize)
            h.changeColsCost(form.num_cols, all_cols, form.tiebreak)
            self._options(max(self.mip_gap, 1e-6), remaining)
            run(h, self.threads, x, form.tiebreak, self.misvalued)
            status, _ = status_of(hs, h)
            if status.has_plan:
                x2 = np.array(h.getSolution().col_value, dtype=float)
                if keeps_value(form, x, x2):
                    x = x2
        finally:  # leave the session as it was, for the next re-solve
            if len(fixed):
                h.changeColsBounds(len(fixed), fixed, form.col_lower[fixed], form.col_upper[fixed])
            if floor_row >= 0:
                h.deleteRows(1, np.array([floor_row], dtype=np.int32))
            h.changeObjectiveSense(hs.ObjSense.kMaximize)
            h.changeColsCost(form.num_cols, all_cols, form.objective)
        return x

    def misvalued(self, h: Any, cost: np.ndarray) -> bool:
        """Whether HiGHS reports an objective its own plan does not have (see :func:`run`)."""
        return misvalued(h, cost)

    def lp_duals(self, fixed: np.ndarray) -> np.ndarray | None:
        """Row duals of the LP with every integer column fixed at ``fixed`` (a separate HiGHS instance)."""
        form, hs = self.form, self.hs
        with quiet_stdout(True):
            h = hs.Highs()
        h.setOptionValue("output_flag", False)
        lp = lp_of(hs, form)
        lower = np.array(form.col_lower, dtype=float)
        upper = np.array(form.col_upper, dtype=float)
        integer = form.col_integer
        lower[integer] = upper[integer] = np.round(fixed[integer])
        lp.col_lower_ = lower
        lp.col_upper_ = upper
        lp.integrality_ = []
        h.passModel(lp)
        run(h, self.threads)
        if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        return np.array(h.getSolution().row_dual, dtype=float)


class HighsBackend(Backend):
    """HiGHS, through the ``highspy`` package (a core dependency)."""

    name = "highs"
    keeps_model = True

    session = HighsSession

    def check(self) -> None:
        """Raise when ``highspy`` cannot be imported here."""
        load()
