"""Solving a built model, and :func:`optimize`, the main entry point.

Two solvers are supported:

* ``"highs"`` (default) — HiGHS through the ``highspy`` package, a core dependency.
  The model's arrays are handed to HiGHS in one call (no per-term Python loop), which
  is also what makes warm re-solves possible. It proved a 0.01 % gap on 1,000–5,000
  programme catalogues in 15–25 s where CBC was still 0.15–0.3 % away after 120 s.
* ``"cbc"`` — COIN-OR CBC bundled with PuLP, through a :class:`pulp.LpProblem`. It is
  used automatically when ``highspy`` cannot be loaded.

Both work offline right after ``pip install targetplan``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import math
import os
import re
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .exceptions import (
    InfeasiblePlanError,
    SolverFailedError,
    SolverUnavailableError,
    TargetplanError,
    TimeLimitWarning,
)
from .formulation import Formulation, build, pulp_add, pulp_expression, to_pulp

if TYPE_CHECKING:
    import pandas as pd

    from .budget import Budget
    from .catalog import Catalog
    from .plan import Plan
    from .policy import Policy

__all__ = ["HighsSession", "SolveStatus", "SolverName", "available_solvers", "optimize", "solve_formulation"]

SolverName = Literal["auto", "highs", "cbc"]


class SolveStatus(StrEnum):
    """Outcome of a solve."""

    OPTIMAL = "optimal"
    """Proven optimal within the requested relative gap."""
    FEASIBLE = "feasible"
    """Stopped (time limit) with a plan that satisfies every rule; see ``mip_gap``."""
    INFEASIBLE = "infeasible"
    """No plan satisfies every rule."""
    NO_SOLUTION = "no_solution"
    """Stopped (time limit) before any plan was found."""
    ERROR = "error"
    """The solver failed."""

    @property
    def has_plan(self) -> bool:
        """Whether a plan exists (optimal or feasible)."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class SolverResult:
    """Raw result of a solve (internal to the plan construction)."""

    status: SolveStatus
    x: np.ndarray | None
    objective: float
    bound: float
    gap: float | None
    solver: str
    seconds: float
    message: str = ""
    x_first: np.ndarray | None = None  # the first solve's solution, before the tie-break


# Silencing stdout swaps a process-wide file descriptor (or sys.stdout): one thread at a time.
_STDOUT_LOCK = threading.RLock()


def _load_highspy() -> Any:
    try:
        import highspy
    except Exception as exc:  # ImportError, or a broken binary wheel
        raise SolverUnavailableError(
            f"the HiGHS solver could not be loaded ({type(exc).__name__}: {exc}). "
            "Reinstall it with 'pip install --force-reinstall highspy', or pass solver='cbc' to use PuLP's CBC."
        ) from None
    return highspy


def _cbc_command(**options: Any) -> Any:
    """Return a PuLP command object for CBC, or ``None`` when CBC is not installed.

    PuLP 3.x bundles CBC (``PULP_CBC_CMD``); PuLP 4.x installs it with the ``pulp[cbc]``
    extra and runs it through ``COIN_CMD``.
    """
    import pulp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for name in ("PULP_CBC_CMD", "COIN_CMD"):
            cls = getattr(pulp, name, None)
            if cls is None:
                continue
            try:
                cmd = cls(**options)
            except Exception:  # a solver class that cannot even be created is not usable
                continue
            if cmd.available():
                return cmd
    return None


def available_solvers() -> list[str]:
    """Names of the solvers that load on this machine, default first.

    Examples
    --------
    >>> "cbc" in available_solvers()
    True
    """
    names = []
    try:
        _load_highspy()
        names.append("highs")
    except SolverUnavailableError:
        pass
    if _cbc_command() is not None:
        names.append("cbc")
    return names


@contextlib.contextmanager
def _quiet_stdout(enabled: bool) -> Iterator[None]:
    """Silence C-level stdout (HiGHS prints a banner when an instance is created).

    Only wraps the creation of solver objects (short); a lock keeps two threads from
    swapping the descriptor at the same time.
    """
    if not enabled:
        yield
        return
    with _STDOUT_LOCK:
        # HiGHS writes to the process's descriptor 1 whatever sys.stdout is (a notebook kernel or a test
        # runner may have swapped it, and forward descriptor 1 elsewhere): silence descriptor 1 itself,
        # and Python's sys.stdout too.
        fd = 1
        with contextlib.suppress(AttributeError, OSError, ValueError):
            sys.stdout.flush()
        saved = os.dup(fd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
            with contextlib.redirect_stdout(io.StringIO()):
                yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            os.close(devnull)


#: Solver threads when ``threads`` is not given: one. HiGHS's branch and bound is serial: two threads
#: were no faster on an idle 2-core machine and slower when other work shared it (5,000 programmes:
#: 1.4 s against 1.1 s; 50,000: 31 s against 24 s); one thread gives the same plan on any machine.
DEFAULT_THREADS = 1

#: Largest model (variables) whose tie-break HiGHS keeps within its time: the polish re-solves with a
#: value floor and tiny costs, and HiGHS cannot stop inside that problem's root LP. Measured: 43,000
#: variables (20,000 programmes) polished in 2.1 s after a 3.3 s solve; 109,000 (50,000 programmes)
#: ran 42 s against the 17.6 s it was given, and found nothing better.
TIE_BREAK_MAX_COLUMNS = 60_000

# HiGHS keeps one thread scheduler per process, made by the first solve with the ``threads`` it asked
# for; a later solve asking for another number fails ("Not Set") until the scheduler is reset.
_SCHEDULER_LOCK = threading.Lock()
_scheduler_threads: int | None = None  # the scheduler's size, as targetplan last set it
_running = 0  # HiGHS solves running in this process (threads of a ThreadPoolExecutor)


def _highs_run(h: Any, threads: int | None, start: np.ndarray | None = None, cost: np.ndarray | None = None) -> bool:
    """Run HiGHS from a clean state, optionally from a known plan, with ``threads`` threads.

    HiGHS 1.16 can value a MIP start wrongly once presolve has fixed some columns ("MIP
    start solution is feasible in the reduced space: objective value is 11" for a plan worth
    6), keep it as "optimal" and prune the true optimum (9). A re-solve after a bound change
    uses the previous solution as such a start by itself. So the solver's state is cleared
    before every run, and when a run from ``start`` returns a plan whose objective is not
    ``cost @ x``, it is run again without the start, in the time that is left.

    Returns whether the result can be trusted: ``False`` when HiGHS misvalued the start
    and no time was left to run again.

    ``threads=None`` (for side solves: explanations, duals) keeps the process's scheduler as
    it is, or makes one of :data:`DEFAULT_THREADS` threads; another number resets it.

    Raises
    ------
    TargetplanError
        When another thread of this process is solving with a different number of threads.
    """
    global _scheduler_threads, _running
    with _SCHEDULER_LOCK:
        wanted = int(threads) if threads is not None else (_scheduler_threads or DEFAULT_THREADS)
        h.setOptionValue("threads", wanted)
        if _scheduler_threads != wanted:
            if _running:
                raise TargetplanError(
                    f"a solve with threads={_scheduler_threads} is running in another thread of this process, and "
                    f"HiGHS uses one number of threads per process; pass threads={_scheduler_threads} here too"
                )
            h.resetGlobalScheduler(True)
            _scheduler_threads = wanted
        _running += 1
    try:
        h.clearSolver()
        if start is not None:
            import highspy

            sol = highspy.HighsSolution()
            sol.col_value = list(map(float, start))
            sol.value_valid = True
            with contextlib.suppress(Exception):  # a start HiGHS rejects only costs the warm start
                h.setSolution(sol)
        t0 = time.perf_counter()
        h.run()
        if start is not None and cost is not None and _misvalued(h, cost):
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
        with _SCHEDULER_LOCK:
            _running -= 1


def _misvalued(h: Any, cost: np.ndarray) -> bool:
    """Whether HiGHS reports an objective that its own plan does not have (see :func:`_highs_run`)."""
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


def _highs_model(hs: Any, form: Formulation) -> Any:
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


def _highs_status(hs: Any, h: Any) -> tuple[SolveStatus, str]:
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


class HighsSession:
    """One HiGHS model kept alive for re-solves after changing bounds (warm starts).

    Building and handing over the model happens once; :meth:`set_row_bounds` and
    :meth:`set_col_bounds` change ceilings or force programmes in/out, and
    :meth:`solve` re-solves, optionally starting from a known plan. Used by
    :func:`optimize` and by analyses that move one number at a time (marginal values,
    why-not explanations, ceiling sweeps).

    Parameters
    ----------
    form : Formulation
        The built model.
    mip_gap, time_limit, threads, verbose
        As in :func:`optimize`; ``time_limit`` applies to each :meth:`solve`.
    """

    def __init__(
        self,
        form: Formulation,
        *,
        mip_gap: float = 1e-4,
        time_limit: float | None = None,
        threads: int | None = None,
        verbose: bool = False,
    ) -> None:
        self.hs = _load_highspy()
        self.form = form
        self.mip_gap = float(mip_gap)
        self.time_limit = time_limit
        with _quiet_stdout(not verbose):
            self.h = self.hs.Highs()
        h = self.h
        h.setOptionValue("output_flag", bool(verbose))
        h.setOptionValue("random_seed", 0)
        self.threads = DEFAULT_THREADS if threads is None else int(threads)
        h.passModel(_highs_model(self.hs, form))

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
        if form.num_cols == 0:  # nothing to choose (every programme excluded): the empty plan
            empty = np.zeros(0)
            return SolverResult(SolveStatus.OPTIMAL, empty, 0.0, 0.0, 0.0, "highs", 0.0, "empty model", empty)
        self._options(self.mip_gap, self.time_limit)
        trusted = _highs_run(h, self.threads, start, form.objective)
        status, text = _highs_status(self.hs, h)
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
            if form.num_cols > TIE_BREAK_MAX_COLUMNS:
                text += f"; tie-break skipped ({form.num_cols:,} variables, more than {TIE_BREAK_MAX_COLUMNS:,})"
            else:
                x = self._tie_break(x, objective, t0)
        return SolverResult(status, x, objective, bound, gap, "highs", time.perf_counter() - t0, text, first)

    def _tie_break(self, x: np.ndarray, objective: float, t0: float) -> np.ndarray:
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
                _value_floor(form, objective) / scale,
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
            _highs_run(h, self.threads, x, form.tiebreak)
            status, _ = _highs_status(hs, h)
            if status.has_plan:
                x2 = np.array(h.getSolution().col_value, dtype=float)
                if _keeps_value(form, x, x2):
                    x = x2
        finally:  # leave the session as it was, for the next re-solve
            if len(fixed):
                h.changeColsBounds(len(fixed), fixed, form.col_lower[fixed], form.col_upper[fixed])
            if floor_row >= 0:
                h.deleteRows(1, np.array([floor_row], dtype=np.int32))
            h.changeObjectiveSense(hs.ObjSense.kMaximize)
            h.changeColsCost(form.num_cols, all_cols, form.objective)
        return x


def _solve_highs(
    form: Formulation, mip_gap: float, time_limit: float | None, threads: int | None, verbose: bool, tie_break: bool
) -> SolverResult:
    session = HighsSession(form, mip_gap=mip_gap, time_limit=time_limit, threads=threads, verbose=verbose)
    return session.solve(tie_break=tie_break)


#: Relative amount of value the tie-break may give up (floating-point noise only).
_TIE_TOL = 1e-12


def _value_floor(form: Formulation, objective: float) -> float:
    """Smallest objective the tie-break solve may accept (the model's value tolerance, else noise only)."""
    return objective - max(_TIE_TOL, form.value_tolerance) * max(1.0, abs(objective))


def _clean(form: Formulation, x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return np.where(form.col_integer, np.round(x), x)


def _keeps_value(form: Formulation, x1: np.ndarray, x2: np.ndarray) -> bool:
    """Whether the tie-break solution ``x2`` is worth as much as ``x1``.

    Compared after rounding integer choices, with a tolerance of 1e-12 relative: the
    second solve's own feasibility tolerance (1e-7 on a scaled row) is far too loose to
    trust on its own when priorities are large numbers.
    """
    v1 = float(form.objective @ _clean(form, x1))
    v2 = float(form.objective @ _clean(form, x2))
    return v2 >= _value_floor(form, v1)


def _cbc_gap(log: str) -> float | None:
    """Relative gap from CBC's log: from the objective and the best possible bound when printed.

    CBC's own ``Gap:`` line has two decimals (and a sign), too coarse for a planning gap.
    """
    number = r"([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)"
    objective = re.findall(r"Objective value:\s+" + number, log)
    # the summary names the bound "Upper bound" when maximising, "Lower bound" when minimising
    bound = re.findall(r"(?:Lower bound|Upper bound|Best possible):\s+" + number, log)
    try:
        if objective and bound:
            obj, best = float(objective[-1]), float(bound[-1])
            return abs(best - obj) / max(abs(obj), 1e-10)
        match = re.findall(r"Gap:\s+" + number, log)
        return abs(float(match[-1])) if match else None
    except ValueError:
        return None


def _solve_cbc(
    form: Formulation, mip_gap: float, time_limit: float | None, threads: int | None, verbose: bool, tie_break: bool
) -> SolverResult:
    import pulp

    t0 = time.perf_counter()
    if _cbc_command() is None:
        raise SolverUnavailableError(
            "the CBC solver is not available on this machine. With PuLP 3 it comes inside PuLP "
            "('pip install --force-reinstall \"pulp<4\"'); with PuLP 4 install 'pulp[cbc]'. "
            "Or use solver='highs' (the default)."
        )
    prob, x_vars = to_pulp(form)
    with tempfile.TemporaryDirectory(prefix="targetplan-cbc-") as tmp:
        log_path = os.path.join(tmp, "cbc.log")

        # CBC 2.10's preprocessing was seen to call a feasible model infeasible ("Cut generators found
        # to be infeasible") and to stop at a worse plan than the optimum on small models of ours; CBC
        # is the fallback solver, so correctness comes before its speed: preprocessing stays off.
        def command(options: list[str]) -> Any:
            cmd = _cbc_command(
                msg=bool(verbose),
                timeLimit=time_limit,
                gapRel=mip_gap,
                threads=threads,
                logPath=log_path,
                keepFiles=False,
                options=options,
            )
            cmd.tmpDir = tmp  # PuLP's own files go to a folder removed on exit, also on errors
            return cmd

        try:
            try:
                prob.solve(command(["preprocess off"]))
            except pulp.PulpSolverError:
                # without preprocessing CBC 2.10 exits with an error on some infeasible models: ask again
                # with its defaults
                prob.solve(command([]))
        except pulp.PulpSolverError as exc:
            raise SolverFailedError(f"CBC failed: {exc}. Try solver='highs'.") from None
        log = ""
        if os.path.exists(log_path):
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                log = handle.read()
        sol = prob.sol_status
        if sol == pulp.LpSolutionOptimal:
            status = SolveStatus.OPTIMAL
        elif sol == pulp.LpSolutionIntegerFeasible:
            status = SolveStatus.FEASIBLE if "Stopped" in log or "time" in log.lower() else SolveStatus.OPTIMAL
        elif sol == pulp.LpSolutionInfeasible or prob.status == pulp.LpStatusInfeasible:
            status = SolveStatus.INFEASIBLE
        elif sol == pulp.LpSolutionNoSolutionFound:
            status = SolveStatus.NO_SOLUTION
        else:
            status = SolveStatus.ERROR
        text = pulp.LpStatus.get(prob.status, str(prob.status))
        if not status.has_plan:
            return SolverResult(status, None, float("nan"), float("nan"), None, "cbc", time.perf_counter() - t0, text)
        x = np.array([v.varValue if v.varValue is not None else 0.0 for v in x_vars], dtype=float)
        objective = float(form.objective @ x)
        gap = (
            0.0
            if not form.is_mip
            else (_cbc_gap(log) if status == SolveStatus.FEASIBLE else min(_cbc_gap(log) or 0.0, mip_gap))
        )
        bound = objective * (1 + (gap or 0.0))
        first = x
        if tie_break and status == SolveStatus.OPTIMAL:
            x = _tie_break_cbc(prob, x_vars, form, x, objective, mip_gap, time_limit, t0, threads, tmp)
    return SolverResult(status, x, objective, bound, gap, "cbc", time.perf_counter() - t0, text, first)


def _tie_break_cbc(
    prob: Any,
    x_vars: list[Any],
    form: Formulation,
    x: np.ndarray,
    objective: float,
    mip_gap: float,
    time_limit: float | None,
    t0: float,
    threads: int | None,
    tmp: str,
) -> np.ndarray:
    import pulp

    remaining = None if time_limit is None else time_limit - (time.perf_counter() - t0)
    if remaining is not None and remaining <= 0.5:
        return x
    nz = np.flatnonzero(form.objective)
    if len(nz):
        kept = pulp_expression([(x_vars[j], float(form.objective[j])) for j in nz])
        pulp_add(prob, kept, _value_floor(form, objective), math.inf, "value_kept")
    prob.sense = pulp.LpMinimize
    tz = np.flatnonzero(form.tiebreak)
    prob.setObjective(pulp_expression([(x_vars[j], float(form.tiebreak[j])) for j in tz]))
    start = np.clip(x, form.col_lower, form.col_upper)  # solver round-off (-1e-16) must not break bounds
    for v, val in zip(x_vars, start, strict=True):
        v.setInitialValue(round(val) if v.cat != pulp.LpContinuous else float(val))
    solver = _cbc_command(
        msg=False,
        timeLimit=remaining,
        gapRel=max(mip_gap, 1e-6),
        threads=threads,
        warmStart=True,
        keepFiles=False,
        options=["preprocess off"],
    )
    solver.tmpDir = tmp
    try:
        prob.solve(solver)
    except pulp.PulpSolverError:
        return x
    if prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        x2 = np.array([v.varValue if v.varValue is not None else 0.0 for v in x_vars], dtype=float)
        if _keeps_value(form, x, x2):
            return x2
    return x


def solve_formulation(
    form: Formulation,
    solver: SolverName = "auto",
    mip_gap: float = 1e-4,
    time_limit: float | None = None,
    threads: int | None = None,
    verbose: bool = False,
    tie_break: bool = True,
) -> SolverResult:
    """Solve a built model with the chosen solver (see :func:`optimize` for the parameters)."""
    name = solver.lower() if isinstance(solver, str) else solver
    if name == "auto":
        try:
            _load_highspy()
            name = "highs"
        except SolverUnavailableError:
            name = "cbc"
    if name == "highs":
        return _solve_highs(form, mip_gap, time_limit, threads, verbose, tie_break)
    if name == "cbc":
        return _solve_cbc(form, mip_gap, time_limit, threads, verbose, tie_break)
    raise SolverUnavailableError(f"unknown solver {solver!r}; choose 'highs' (default), 'cbc' or 'auto'")


def _check_options(mip_gap: float, time_limit: float | None, threads: int | None) -> None:
    problems = []
    if not (isinstance(mip_gap, int | float) and np.isfinite(mip_gap) and 0 <= mip_gap < 1):
        problems.append(f"mip_gap must be a share from 0 up to 1 (got {mip_gap!r}); e.g. 1e-3 for 0.1 %")
    if time_limit is not None and not (isinstance(time_limit, int | float) and time_limit > 0):
        problems.append(f"time_limit must be a positive number of seconds (got {time_limit!r})")
    if threads is not None and not (isinstance(threads, int) and threads >= 1):
        problems.append(f"threads must be a whole number of at least 1 (got {threads!r})")
    if problems:
        raise TargetplanError("; ".join(problems))


def optimize(
    catalog: Catalog,
    budget: Budget,
    policy: Policy | None = None,
    *,
    solver: SolverName = "auto",
    mip_gap: float = 1e-4,
    time_limit: float | None = None,
    threads: int | None = None,
    verbose: bool = False,
    tie_break: bool = True,
    raise_on_failure: bool = True,
    reference: Plan | Mapping[str, int | None] | None = None,
    max_changes: int | None = None,
    value_tolerance: float = 0.0,
) -> Plan:
    """Choose which programmes run in which year, at what level, within the budget.

    Parameters
    ----------
    catalog : Catalog
        Candidate programmes (:func:`read_catalog`, :meth:`Catalog.from_frame`).
    budget : Budget
        Ceilings per year, group caps/floors, reserve.
    policy : Policy, optional
        Terms, continuity floor, carry-over bonus, commitment cap.
    solver : {"auto", "highs", "cbc"}, default "auto"
        ``"auto"`` is HiGHS, or CBC when HiGHS cannot be loaded.
    mip_gap : float, default 1e-4
        Relative optimality gap at which the solver may stop (0 = prove optimality).
    time_limit : float, optional
        Seconds. When reached with a plan, that plan is returned with status
        ``FEASIBLE``, its proven gap and a :class:`TimeLimitWarning`.
    threads : int, optional
        Solver threads; default one (HiGHS's search is serial: one thread was as fast or
        faster at every benchmark size, and gives the same plan on any machine). Run
        scenarios in parallel processes instead (``executor=`` in :func:`compare`).
    verbose : bool, default False
        Show the solver's log.
    tie_break : bool, default True
        Among plans of equal value prefer earlier starts, then less spending (a second,
        short solve that never lowers the value). Skipped on models of more than
        :data:`TIE_BREAK_MAX_COLUMNS` variables (about 27,000 programmes), where HiGHS
        cannot keep it short; ``plan.message`` says so.
    raise_on_failure : bool, default True
        Raise :class:`InfeasiblePlanError` / :class:`SolverFailedError` when there is no
        plan; with ``False`` return a :class:`Plan` whose ``status`` and ``message`` say why.
    reference : Plan or mapping, optional
        A plan to stay close to (e.g. the plan before a budget revision), or a mapping of
        programme id to its start year in such a plan (``None``: not running): among plans
        of equal value the one with the fewest changes (programmes entering, leaving or
        moving their start) wins. ``plan.stability`` reports the changes and the value
        given up.
    max_changes : int, optional
        With ``reference``: at most this many changes, even at a loss of value.
    value_tolerance : float, default 0
        With ``reference``: the share of the optimal value that may be given up to
        stay closer to the reference (e.g. 0.01 = 1 %).

    Returns
    -------
    Plan

    Examples
    --------
    >>> import targetplan as tp
    >>> catalog = tp.Catalog.from_programs([
    ...     tp.Program(id="A", name="fibre", priority=6, costs={2024: 5e9}),
    ...     tp.Program(id="B", name="wifi", priority=5, costs={2024: 4e9}),
    ...     tp.Program(id="C", name="apps", priority=4, costs={2024: 3e9}),
    ... ])
    >>> plan = tp.optimize(catalog, tp.Budget(ceilings={2024: 8e9}))
    >>> plan.status, plan.total_value, sorted(plan.selected_ids)
    (<SolveStatus.OPTIMAL: 'optimal'>, 10.0, ['A', 'C'])

    A budget cut that keeps as much of the plan as it can:

    >>> cut = tp.optimize(catalog, tp.Budget(ceilings={2024: 7e9}), reference=plan, max_changes=1)
    >>> sorted(cut.selected_ids), cut.stability["changes"]
    (['A'], 1)
    """
    from .formulation import with_reference

    _check_options(mip_gap, time_limit, threads)
    if max_changes is not None and reference is None:
        raise TargetplanError("max_changes needs a reference plan: pass reference=plan")
    if not (0 <= value_tolerance < 1):
        raise TargetplanError(f"value_tolerance must be a share from 0 up to 1 (got {value_tolerance!r})")
    if max_changes is not None and (not isinstance(max_changes, int) or max_changes < 0):
        raise TargetplanError(f"max_changes must be a whole number of 0 or more (got {max_changes!r})")
    policy = policy if policy is not None else _default_policy()
    form = build(catalog, budget, policy)
    options: dict[str, Any] = {
        "solver": solver,
        "mip_gap": mip_gap,
        "time_limit": time_limit,
        "threads": threads,
        "tie_break": tie_break,
    }
    kwargs: dict[str, Any] = {
        "solver": solver,
        "mip_gap": mip_gap,
        "time_limit": time_limit,
        "threads": threads,
        "verbose": verbose,
    }
    if reference is None:
        result = solve_formulation(form, tie_break=tie_break, **kwargs)
        return finish_plan(form, result, options, raise_on_failure)
    starts = dict(reference) if isinstance(reference, Mapping) else reference_starts(reference)
    free_form = with_reference(form, starts, value_tolerance=value_tolerance)
    free = solve_formulation(free_form, tie_break=True, **kwargs)
    free_value = math.nan
    if free.x_first is not None:
        from .plan import Plan as PlanClass

        # the best value without stability: the first solve, before the tie-break moved towards the reference
        free_value = PlanClass.from_solution(free_form, dataclasses.replace(free, x=free.x_first), options).total_value
    if max_changes is None and value_tolerance > 0 and free.status.has_plan and free.x is not None:
        # Fewest changes first (within the tolerance), then the most value at that number of changes:
        # the tie-break found the fewest; solving again capped there recovers any value it gave up
        # on the way (it prefers less spending among plans with as few changes).
        fewest = round(free_form.change_constant + float(free_form.change_coef @ free.x))
        capped = with_reference(form, starts, max_changes=fewest)
        result = solve_formulation(capped, tie_break=tie_break, **kwargs)
        plan = finish_plan(capped, result if result.status.has_plan else free, options, raise_on_failure)
    elif max_changes is None:
        plan = finish_plan(free_form, free, options, raise_on_failure)
    else:
        capped = with_reference(form, starts, max_changes=max_changes)
        result = solve_formulation(capped, tie_break=tie_break, **kwargs)
        plan = finish_plan(capped, result, options, raise_on_failure)
    if plan.is_ok:
        after = reference_starts(plan)
        changes = sum(1 for pid, start in after.items() if starts.get(pid) != start)
        changes += sum(1 for pid, start in starts.items() if pid not in after and start is not None)
        stability = {
            "changes": changes,
            "max_changes": max_changes,
            "unconstrained_value": free_value,
            "value_given_up": None if math.isnan(free_value) else _given_up(free_value, plan.total_value),
            "value_tolerance": value_tolerance,
        }
        object.__setattr__(plan, "stability", stability)
    return plan


def _given_up(free_value: float, value: float) -> float:
    """Value given up for stability; solver round-off (1e-9 relative) counts as none."""
    lost = free_value - value
    return lost if lost > 1e-9 * max(1.0, abs(free_value)) else 0.0


def reference_starts(plan: Plan) -> dict[str, int | None]:
    """Start year per programme id of a plan (``None`` where it does not run)."""
    sel = plan.selection
    return {str(p): (int(s) if r else None) for p, s, r in zip(sel.index, sel["start_year"], sel["runs"], strict=True)}


def plan_changes(before: Plan, after: Plan) -> pd.DataFrame:
    """Programmes that enter, leave, or change start year or level between two plans.

    Returns
    -------
    DataFrame
        Index ``id``; columns ``change`` (``enter``, ``leave``, ``start``, ``level``),
        ``start_before``, ``start_after``, ``level_before``, ``level_after``,
        ``cost_before``, ``cost_after``, ``cost_change`` (rupiah over the horizon).
        Only ``enter``, ``leave`` and ``start`` count as changes for stability; level
        changes are listed for information.
    """
    import pandas as pd

    a, b = before.selection, after.selection
    ids = list(dict.fromkeys([*a.index, *b.index]))
    rows = []
    for pid in ids:
        ra = bool(a.at[pid, "runs"]) if pid in a.index else False
        rb = bool(b.at[pid, "runs"]) if pid in b.index else False
        sa = a.at[pid, "start_year"] if ra else None
        sb = b.at[pid, "start_year"] if rb else None
        la = float(a.at[pid, "level"]) if ra else 0.0
        lb = float(b.at[pid, "level"]) if rb else 0.0
        ca = float(a.at[pid, "cost"]) if pid in a.index else 0.0
        cb = float(b.at[pid, "cost"]) if pid in b.index else 0.0
        if ra and not rb:
            change = "leave"
        elif rb and not ra:
            change = "enter"
        elif ra and rb and sa != sb:
            change = "start"
        elif ra and rb and abs(la - lb) > 1e-6:
            change = "level"
        else:
            continue
        rows.append(
            {
                "id": pid,
                "change": change,
                "start_before": sa,
                "start_after": sb,
                "level_before": la,
                "level_after": lb,
                "cost_before": ca,
                "cost_after": cb,
                "cost_change": cb - ca,
            }
        )
    cols = [
        "id",
        "change",
        "start_before",
        "start_after",
        "level_before",
        "level_after",
        "cost_before",
        "cost_after",
        "cost_change",
    ]
    table = pd.DataFrame(rows, columns=cols).set_index("id")
    for c in ("start_before", "start_after"):
        table[c] = pd.array(table[c].tolist(), dtype="Int64")
    counted = table["change"].isin(["enter", "leave", "start"])
    return table[counted] if not len(table) else pd.concat([table[counted], table[~counted]])


def finish_plan(form: Formulation, result: SolverResult, options: dict[str, Any], raise_on_failure: bool) -> Plan:
    """Turn a solver result into a :class:`Plan`, or raise / record why there is none."""
    from .plan import Plan

    catalog, budget, policy = form.catalog, form.budget, form.policy
    if result.status == SolveStatus.INFEASIBLE:
        from .diagnose import explain_infeasibility

        reasons = explain_infeasibility(catalog, budget, policy)
        if "changes" in set(form.row_kind):
            from .diagnose import NOTHING_FOUND

            cap = next(label for kind, label in zip(form.row_kind, form.row_label, strict=True) if kind == "changes")
            reasons = [r for r in reasons if r != NOTHING_FOUND and "max_changes" not in r]
            reasons.insert(
                0, f"no plan with {cap} satisfies the rules; allow more changes (max_changes) or give up some stability"
            )
        message = "no plan satisfies every rule"
        if raise_on_failure:
            raise InfeasiblePlanError(message + "; what conflicts:", reasons)
        return Plan.failed(
            catalog, budget, policy, result, options, form.build_seconds, message + ": " + "; ".join(reasons)
        )
    overrun = _overrun(result, options.get("time_limit"))
    if result.status == SolveStatus.NO_SOLUTION:
        message = (
            f"the solver stopped at the time limit ({options.get('time_limit')} s) before finding any plan{overrun}; "
            "give a longer time_limit or a larger mip_gap"
        )
        if raise_on_failure:
            raise SolverFailedError(message)
        return Plan.failed(catalog, budget, policy, result, options, form.build_seconds, message)
    if result.status == SolveStatus.ERROR:
        message = f"the {result.solver} solver failed ({result.message}); try the other solver with solver=..."
        if raise_on_failure:
            raise SolverFailedError(message)
        return Plan.failed(catalog, budget, policy, result, options, form.build_seconds, message)
    if result.status == SolveStatus.FEASIBLE:
        gap = "unknown" if result.gap is None else f"{result.gap:.3%}"
        warnings.warn(
            f"the time limit was reached{overrun}: the plan is feasible but only proven within a gap of {gap}; "
            "give a longer time_limit to prove optimality",
            TimeLimitWarning,
            stacklevel=3,
        )
    elif overrun:
        warnings.warn(f"the solve ran past its time limit{overrun}, then finished", TimeLimitWarning, stacklevel=3)
    return Plan.from_solution(form, result, options)


#: A solve counts as overrunning its time limit past 1.5 times the limit and 2 s beyond it.
_OVERRUN_SHARE = 0.5
_OVERRUN_SECONDS = 2.0


def _overrun(result: SolverResult, time_limit: float | None) -> str:
    """Return a note for the warning when the solver ran well past ``time_limit`` (empty otherwise).

    HiGHS reads its clock between the steps of its search; presolve and the first node of
    a large model run to their end once started (measured: a 5 s limit took 12-17 s at 50,000
    programmes), so a time limit is a target, not a guarantee.
    """
    if time_limit is None or result.seconds <= max(time_limit * (1 + _OVERRUN_SHARE), time_limit + _OVERRUN_SECONDS):
        return ""
    return (
        f" (it took {result.seconds:.1f} s against {time_limit:g} s: the solver checks its clock only between "
        "steps, and the first steps of a large model run to their end)"
    )


def _default_policy() -> Policy:
    from .policy import Policy

    return Policy()
