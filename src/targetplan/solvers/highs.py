"""HiGHS through ``highspy``: the default solver.

The model's arrays are handed to HiGHS in one call (no per-term Python loop), which is
also what makes warm re-solves possible: a :class:`HighsSession` keeps one HiGHS model
alive while bounds change. HiGHS proved a 0.01 % gap on 1,000–5,000 programme catalogues
in 15–25 s where CBC was still 0.15–0.3 % away after 120 s. Settings and the HiGHS
defects worked around here are described in ``docs/model.md``.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..exceptions import ArgumentError, SolverUnavailableError
from ..model.formulation import Formulation
from .base import (
    DEFAULT_THREADS,
    Backend,
    Session,
    SolveProgress,
    SolverResult,
    SolveStatus,
    empty_result,
    keeps_value,
    quiet_stdout,
    value_floor,
)

#: Seconds between two progress reports from the same phase of a solve (a better plan is reported at once).
PROGRESS_EVERY = 0.5

__all__ = [
    "SCHEDULER",
    "SMALL_MODEL_INTEGERS",
    "SMALL_MODEL_OPTIONS",
    "TIE_BREAK_MAX_COLUMNS",
    "WORKER_MIN_COLUMNS",
    "HighsBackend",
    "HighsSession",
    "Scheduler",
    "reduced_cost_fixing",
]


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


#: Largest model (variables) whose tie-break is a second mixed-integer solve on the optimal face (earlier
#: starts, then less spending). Above it the tie-break keeps the first plan's yes/no choices and start
#: years and re-chooses the levels of scalable and flexible programmes by a linear programme (less
#: spending at the same value): at 3,000 programmes (6,500 variables) the mixed-integer polish found
#: nothing better within a fifth of the first solve's time and took 0.38 s to prove what the linear one
#: found in 0.03 s; at 20,000 programmes the mixed-integer polish found nothing in 4 s (and could not
#: be stopped inside its first LP), the linear one took 0.6 s after a 6.4 s solve.
TIE_BREAK_MAX_COLUMNS = 5_000

#: Models with at most this many integer variables are solved with :data:`SMALL_MODEL_OPTIONS`.
SMALL_MODEL_INTEGERS = 500

#: HiGHS options for small models (a city catalogue) and for the tie-break's second solve, which starts
#: from a known plan. HiGHS's sub-MIP heuristics (RINS, RENS, root reduced cost) and its presolve
#: restarts took most of a small solve: the 50-programme sample took 0.52-0.57 s with HiGHS's defaults
#: (40 sub-MIP calls, five restarts) and 0.05-0.08 s without them, to the same plan; 200 programmes
#: 2.8 s and 1.6 s. At 1,000 programmes the defaults were faster (3.4 s against 11 s), hence the limit.
SMALL_MODEL_OPTIONS: dict[str, Any] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_allow_restart": False,
}

#: With a time limit, models of at least this many variables are solved in a worker process that is
#: ended at the deadline (see :mod:`targetplan.solvers.worker`): HiGHS does not look at its clock inside
#: presolve and the first LP of a large model (a 5 s limit took 12-17 s at 50,000 programmes).
WORKER_MIN_COLUMNS = 20_000


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


def reduced_cost_fixing(hs: Any, h: Any, form: Formulation, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Yes/no columns that every plan worth at least ``floor`` has at the same value (exact; from the LP relaxation).

    With ``z`` the optimum of the LP relaxation of the model in ``h`` (its current bounds)
    and ``d_j`` the reduced cost of a column at a bound, every plan ``x`` satisfies
    ``value(x) <= z - sum_j |d_j| * |x_j - bound_j|``. A yes/no column with
    ``|d_j| > z - floor`` therefore sits at its bound in every plan worth ``floor`` or more:
    fixing it removes no plan from the tie-break's choice, only work from its search.

    Returns the columns and the values to fix them at (empty when the relaxation is not
    solved to optimality).
    """
    empty = (np.empty(0, dtype=np.int32), np.empty(0))
    lp = h.getLp()
    relax = hs.Highs()
    relax.setOptionValue("output_flag", False)
    relax.setOptionValue("threads", 1)
    lp.integrality_ = []
    relax.passModel(lp)
    relax.run()
    if relax.getModelStatus() != hs.HighsModelStatus.kOptimal:
        return empty
    solution = relax.getSolution()
    z = float(relax.getInfo().objective_function_value)
    x = np.asarray(solution.col_value, dtype=float)
    d = np.asarray(solution.col_dual, dtype=float)
    lower, upper = np.asarray(lp.col_lower_, dtype=float), np.asarray(lp.col_upper_, dtype=float)
    # a little slack for the LP's own tolerances: a column is fixed only when clearly past the margin
    margin = (z - floor) + 1e-7 * max(1.0, abs(z))
    integer = form.col_integer
    at_lower = integer & (np.abs(x - lower) < 1e-9) & (-d > margin)  # maximising: raising it costs -d
    at_upper = integer & (np.abs(x - upper) < 1e-9) & (d > margin)
    cols = np.flatnonzero(at_lower | at_upper).astype(np.int32)
    return cols, np.where(at_upper[cols], upper[cols], lower[cols])


class HighsSession(Session):
    """One HiGHS model kept alive for re-solves after changing bounds (warm starts).

    Handing over the model happens once; :meth:`set_row_bounds` and
    :meth:`set_col_bounds` change ceilings or force programmes in/out, and :meth:`solve`
    re-solves, optionally starting from a known plan. See :class:`Session` for the
    parameters.

    With a ``time_limit``, a model of at least :attr:`worker_min_columns` variables is
    solved in a worker process ended at the deadline (:mod:`targetplan.solvers.worker`);
    smaller ones here, where HiGHS keeps its own time limit.
    """

    name = "highs"
    #: Largest model whose tie-break is a second mixed-integer solve (see :data:`TIE_BREAK_MAX_COLUMNS`).
    tie_break_max_columns = TIE_BREAK_MAX_COLUMNS
    #: Largest model (integer variables) solved with :data:`SMALL_MODEL_OPTIONS`.
    small_model_integers = SMALL_MODEL_INTEGERS
    #: Smallest model solved in a worker process when a time limit is given (see :data:`WORKER_MIN_COLUMNS`).
    worker_min_columns = WORKER_MIN_COLUMNS
    #: Whether the tie-break fixes the yes/no choices that no plan of the best value can change
    #: (:func:`reduced_cost_fixing`; exact, it only saves search).
    fix_by_reduced_costs = True

    def __init__(self, form: Formulation, **options: Any) -> None:
        super().__init__(form, **options)
        self.hs = load()
        with quiet_stdout(not self.verbose):
            self.h = self.hs.Highs()
        self.h.setOptionValue("output_flag", bool(self.verbose))
        self.h.setOptionValue("random_seed", 0)
        self.h.passModel(lp_of(self.hs, form))
        self.small = int(form.col_integer.sum()) <= self.small_model_integers
        self._set_search_options(small=self.small)
        #: Called with (solution, objective) for every better plan the first solve finds (the worker sends them).
        self.on_incumbent: Callable[[np.ndarray, float], None] | None = None
        #: Called with the first solve's result before the tie-break starts (the worker sends it).
        self.on_first: Callable[[SolverResult], None] | None = None

    def _set_search_options(self, small: bool) -> None:
        for key, value in SMALL_MODEL_OPTIONS.items():
            self.h.setOptionValue(key, value if small else True)  # True: HiGHS's default for each of them

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

    def current_bounds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Column and row bounds of the model as HiGHS holds it now (scaled rows), for a worker to start from."""
        lp = self.h.getLp()
        return (
            np.asarray(lp.col_lower_, dtype=float),
            np.asarray(lp.col_upper_, dtype=float),
            np.asarray(lp.row_lower_, dtype=float),
            np.asarray(lp.row_upper_, dtype=float),
        )

    def _options(self, mip_gap: float, time_limit: float | None) -> None:
        self.h.setOptionValue("mip_rel_gap", float(mip_gap))
        self.h.setOptionValue("mip_abs_gap", 0.0 if mip_gap == 0 else 1e-6)
        self.h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else self.hs.kHighsInf)

    @contextlib.contextmanager
    def _watch(self, t0: float, phase: str) -> Iterator[None]:
        """Report progress and better plans from HiGHS's callbacks while a solve runs (when anyone listens)."""
        progress, incumbent = self.progress, self.on_incumbent
        if progress is None and incumbent is None:
            yield
            return
        h = self.h
        state = {"best": math.nan, "bound": math.nan, "gap": math.nan, "shown": -1.0}

        def report(force: bool) -> None:
            now = time.perf_counter() - t0
            if progress is not None and (force or now - state["shown"] >= PROGRESS_EVERY):
                state["shown"] = now
                progress(SolveProgress(phase, now, state["best"], state["bound"], state["gap"]))

        def improving(event: Any) -> None:
            try:
                out = event.data_out
                state["best"] = float(out.objective_function_value)
                state["bound"], state["gap"] = float(out.mip_dual_bound), float(out.mip_gap)
                if incumbent is not None:
                    incumbent(np.array(out.mip_solution, dtype=float), state["best"])
                report(True)
            except Exception:  # a display must never break a solve
                pass

        def interrupt(event: Any) -> None:
            try:
                out = event.data_out
                state["bound"], state["gap"] = float(out.mip_dual_bound), float(out.mip_gap)
                report(False)
            except Exception:
                pass

        h.cbMipImprovingSolution.subscribe(improving)
        h.cbMipInterrupt.subscribe(interrupt)
        try:
            yield
        finally:
            h.cbMipImprovingSolution.unsubscribe(improving)
            h.cbMipInterrupt.unsubscribe(interrupt)

    def solve(self, start: np.ndarray | None = None, tie_break: bool = True) -> SolverResult:
        """Solve the current model; ``start`` is a known feasible solution to warm-start from."""
        if self.form.num_cols == 0:
            return empty_result(self.name)
        if self.time_limit is not None and self.form.num_cols >= self.worker_min_columns:
            from .worker import solve_in_worker

            return solve_in_worker(self, start, tie_break)
        return self.solve_here(start, tie_break)

    def solve_here(self, start: np.ndarray | None = None, tie_break: bool = True) -> SolverResult:
        """Solve in this process (HiGHS keeps the time limit itself between the steps of its search)."""
        t0 = time.perf_counter()
        h, form = self.h, self.form
        if form.num_cols == 0:
            return empty_result(self.name)
        self._options(self.mip_gap, self.time_limit)
        with self._watch(t0, "plan"):
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
        if self.on_first is not None:
            self.on_first(SolverResult(status, x, objective, bound, gap, "highs", time.perf_counter() - t0, text, x))
        if tie_break and status == SolveStatus.OPTIMAL:
            x, note = self.tie_break(x, objective, t0)
            text += note
        return SolverResult(status, x, objective, bound, gap, "highs", time.perf_counter() - t0, text, first)

    def tie_break(self, x: np.ndarray, objective: float, t0: float) -> tuple[np.ndarray, str]:
        """Among plans of the same value, prefer earlier starts, then less spending; return the plan and a note.

        A second solve keeps the value (a row: objective at least the first solve's) and
        minimises the model's tie-break costs, starting from the first solve's plan (so any
        answer is at least as good). On models up to :attr:`tie_break_max_columns`
        variables it is a mixed-integer solve: first the yes/no choices that no plan of
        this value can change are fixed (:func:`reduced_cost_fixing`, exact), then HiGHS
        searches for about as long as the first solve took (at least a second; twice that
        when it also minimises changes from a reference plan), within the time limit. On
        larger models the first plan's choices and start years are kept and only the levels
        of scalable and flexible programmes are re-chosen, by a linear programme; the note
        says so.
        """
        hs, h, form = self.hs, self.h, self.form
        first_solve = time.perf_counter() - t0
        remaining = None if self.time_limit is None else self.time_limit - first_solve
        if remaining is not None and remaining <= 0.05:
            return x, "; tie-break skipped (no time left)"
        stability = form.change_coef is not None
        as_lp = form.num_cols > self.tie_break_max_columns and not stability
        budget = max(1.0, first_solve) * (2.0 if stability else 1.0) + (4.0 if stability else 0.0)
        remaining = budget if remaining is None else min(remaining, budget)
        nz = np.flatnonzero(form.objective)
        all_cols = np.arange(form.num_cols, dtype=np.int32)
        floor = value_floor(form, objective)
        fixed = np.empty(0, dtype=np.int32)
        fixed_at = np.empty(0)
        if as_lp:
            fixed = np.flatnonzero(form.col_integer).astype(np.int32)
            fixed_at = np.round(x[fixed])
        elif form.is_mip and self.fix_by_reduced_costs and len(nz):
            fixed, fixed_at = reduced_cost_fixing(hs, h, form, floor)
        if len(fixed):
            h.changeColsBounds(len(fixed), fixed, fixed_at, fixed_at)
        if as_lp:
            # every yes/no choice is fixed: solved as the linear programme it is, not as a mixed-integer one
            # (which would presolve and search a model with nothing left to branch on: 0.15-0.19 s against
            # 0.06-0.07 s at 3,000 programmes, the same levels)
            h.changeColsIntegrality(len(fixed), fixed, np.full(len(fixed), hs.HighsVarType.kContinuous))
        # keep the value: objective >= the first solve's (a row only when some programme has a value)
        if len(nz):
            scale = float(np.abs(form.objective[nz]).max())
            h.addRow(floor / scale, hs.kHighsInf, len(nz), nz.astype(np.int32), form.objective[nz] / scale)
        floor_row = h.getNumRow() - 1 if len(nz) else -1
        status = SolveStatus.ERROR
        try:
            h.changeObjectiveSense(hs.ObjSense.kMinimize)
            h.changeColsCost(form.num_cols, all_cols, form.tiebreak)
            self._options(max(self.mip_gap, 1e-6), remaining)
            self._set_search_options(small=True)  # it starts from a plan: heuristics that look for one add nothing
            with self._watch(t0, "tie-break"):
                run(h, self.threads, x, form.tiebreak, self.misvalued)
            status, _ = status_of(hs, h)
            if status.has_plan:
                x2 = np.array(h.getSolution().col_value, dtype=float)
                if keeps_value(form, x, x2):
                    x = x2
        finally:  # leave the session as it was, for the next re-solve
            if as_lp:
                h.changeColsIntegrality(len(fixed), fixed, np.full(len(fixed), hs.HighsVarType.kInteger))
            if len(fixed):
                h.changeColsBounds(len(fixed), fixed, form.col_lower[fixed], form.col_upper[fixed])
            if floor_row >= 0:
                h.deleteRows(1, np.array([floor_row], dtype=np.int32))
            h.changeObjectiveSense(hs.ObjSense.kMaximize)
            h.changeColsCost(form.num_cols, all_cols, form.objective)
            self._set_search_options(small=self.small)
        if as_lp:
            limit = self.tie_break_max_columns
            return x, f"; tie-break on levels only ({form.num_cols:,} variables, more than {limit:,})"
        if status == SolveStatus.FEASIBLE:
            return x, "; tie-break stopped at its time budget"
        return x, ""

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
