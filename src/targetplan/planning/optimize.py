"""Planning: :func:`optimize`, the main entry point — build the model, solve it, make the plan.

A solve that finds no plan is explained in planning terms (:mod:`targetplan.planning.diagnosis`)
and raised, or returned as a failed plan with ``raise_on_failure=False``.
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from .. import solvers
from ..exceptions import (
    ArgumentError,
    ArgumentTypeError,
    InfeasiblePlanError,
    SolverFailedError,
    TimeLimitWarning,
)
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.policy import Policy
from ..model.build import build
from ..model.formulation import Formulation
from ..model.reference import with_reference
from ..results.changes import reference_starts
from ..results.plan import Plan, choices_from_solution, tables_from_choices
from ..solvers.base import DEFAULT_THREADS, SolverResult, SolveStatus
from .diagnosis import infeasibility
from .progress import SolveDisplay
from .repair import within_limits

__all__ = ["SolverName", "finish_plan", "optimize"]

SolverName = Literal["auto", "highs", "cbc"]


def _check_inputs(catalog: Any, budget: Any, policy: Any) -> None:
    """Check that the inputs are a Catalog, a Budget and a Policy (or None), not a DataFrame or a path."""
    for name, value, expected, fix in (
        ("catalog", catalog, Catalog, "tp.read_catalog(path) or tp.Catalog.from_frame(df)"),
        ("budget", budget, Budget, "tp.read_budget(path) or tp.Budget(ceilings={...})"),
    ):
        if not isinstance(value, expected):
            raise ArgumentTypeError(f"{name} must be a {expected.__name__}, not {type(value).__name__}; use {fix}")
    if policy is not None and not isinstance(policy, Policy):
        raise ArgumentTypeError(
            f"policy must be a Policy or None, not {type(policy).__name__}; use tp.Policy(...) or tp.read_policy(path)"
        )


def _check_options(mip_gap: float, time_limit: float | None, threads: int | None) -> None:
    problems = []
    if not (isinstance(mip_gap, int | float) and np.isfinite(mip_gap) and 0 <= mip_gap < 1):
        problems.append(f"mip_gap must be a share from 0 up to 1 (got {mip_gap!r}); e.g. 1e-3 for 0.1 %")
    if time_limit is not None and not (isinstance(time_limit, int | float) and time_limit > 0):
        problems.append(f"time_limit must be a positive number of seconds (got {time_limit!r})")
    if threads is not None and not (isinstance(threads, int) and threads >= 1):
        problems.append(f"threads must be a whole number of at least 1 (got {threads!r})")
    if problems:
        raise ArgumentError("; ".join(problems))


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
    progress: bool = True,
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
        Seconds for the whole call (building the model, solving, making the plan). It is
        kept: the plan returns within ``time_limit`` + max(1 s, 10 %) at any size. When
        reached with a plan, the best plan found so far is returned with status
        ``FEASIBLE``, its proven gap and a :class:`TimeLimitWarning`; without one, the
        status is ``NO_SOLUTION`` and the message says in which step the solver was.
        Large models (:data:`~targetplan.solvers.highs.WORKER_MIN_COLUMNS` variables or
        more) are solved in a worker process that is ended at the deadline, since HiGHS
        does not look at its clock inside presolve and the first LP.
    threads : int, optional
        Solver threads; default one (HiGHS's search is serial: one thread was as fast or
        faster at every benchmark size, and gives the same plan on any machine). Run
        scenarios in parallel processes instead (``executor=`` in :func:`compare`).
    verbose : bool, default False
        Show the solver's log.
    tie_break : bool, default True
        Among plans of equal value prefer earlier starts, then less spending (a second,
        short solve that never lowers the value). On models of more than
        :data:`~targetplan.solvers.highs.TIE_BREAK_MAX_COLUMNS` variables (about 2,300
        programmes) it keeps the first plan's choices and start years and only spends
        less on the same levels of value (a linear programme); ``plan.message`` says so.
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
    progress : bool, default True
        Show the progress of a solve that runs longer than two seconds (best value,
        proven gap, seconds against the time limit): a bar in notebooks and the terminal
        (tqdm, the ``progress`` extra), else a line on standard error now and then.

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
    t0 = time.perf_counter()
    _check_options(mip_gap, time_limit, threads)
    _check_inputs(catalog, budget, policy)
    if max_changes is not None and reference is None:
        raise ArgumentError("max_changes needs a reference plan: pass reference=plan")
    if not (isinstance(value_tolerance, int | float) and 0 <= value_tolerance < 1):
        raise ArgumentError(f"value_tolerance must be a share from 0 up to 1 (got {value_tolerance!r})")
    if max_changes is not None and (not isinstance(max_changes, int) or max_changes < 0):
        raise ArgumentError(f"max_changes must be a whole number of 0 or more (got {max_changes!r})")
    policy = policy if policy is not None else Policy()
    form = build(catalog, budget, policy)
    options: dict[str, Any] = {
        "solver": solver,
        "mip_gap": mip_gap,
        "time_limit": time_limit,
        "threads": threads,
        "tie_break": tie_break,
    }
    with SolveDisplay(time_limit, enabled=progress) as display:
        kwargs: dict[str, Any] = {
            "solver": solver,
            "mip_gap": mip_gap,
            "threads": DEFAULT_THREADS if threads is None else threads,
            "verbose": verbose,
            "progress": display,
        }

        def solve(f: Formulation, tie: bool) -> SolverResult:
            return solvers.solve(f, tie_break=tie, time_limit=_left(time_limit, t0, f), **kwargs)

        if reference is None:
            return finish_plan(form, solve(form, tie_break), options, raise_on_failure)
        return _stable(form, solve, reference, max_changes, value_tolerance, tie_break, options, raise_on_failure)


#: Seconds kept back from a time limit for making the plan from the solution, and per variable.
_EXTRACT_SECONDS = 0.05
_EXTRACT_SECONDS_PER_VARIABLE = 2e-6


def _left(time_limit: float | None, t0: float, form: Formulation) -> float | None:
    """Seconds the next solve may take so that the call returns within ``time_limit`` (None: no limit)."""
    if time_limit is None:
        return None
    reserve = _EXTRACT_SECONDS + _EXTRACT_SECONDS_PER_VARIABLE * form.num_cols
    # never more than asked: a limit shorter than the reserve is passed on as it is
    return max(min(time_limit, 1e-3), time_limit - (time.perf_counter() - t0) - reserve)


def _stable(
    form: Formulation,
    solve: Any,
    reference: Plan | Mapping[str, int | None],
    max_changes: int | None,
    value_tolerance: float,
    tie_break: bool,
    options: dict[str, Any],
    raise_on_failure: bool,
) -> Plan:
    """Return the plan closest to ``reference`` (see :func:`optimize`): a free solve, then one capped at its changes."""
    catalog = form.catalog
    starts = dict(reference) if isinstance(reference, Mapping) else reference_starts(reference)
    free_form = with_reference(form, starts, value_tolerance=value_tolerance)
    free = solve(free_form, True)
    free_value = math.nan
    if free.x_first is not None:
        # the best value without stability: the first solve, before the tie-break moved towards the reference
        free_value = tables_from_choices(catalog, *choices_from_solution(free_form, free.x_first)).total_value
    if max_changes is None and value_tolerance > 0 and free.status.has_plan and free.x is not None:
        # Fewest changes first (within the tolerance), then the most value at that number of changes:
        # the tie-break found the fewest; solving again capped there recovers any value it gave up
        # on the way (it prefers less spending among plans with as few changes).
        assert free_form.change_coef is not None
        fewest = round(free_form.change_constant + float(free_form.change_coef @ free.x))
        final_form = with_reference(form, starts, max_changes=fewest)
        result = solve(final_form, tie_break)
        if not result.status.has_plan:
            final_form, result = free_form, free
    elif max_changes is None:
        final_form, result = free_form, free
    else:
        final_form = with_reference(form, starts, max_changes=max_changes)
        result = solve(final_form, tie_break)
    plan = finish_plan(final_form, result, options, raise_on_failure)
    if not plan.is_ok:
        return plan
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
    return dataclasses.replace(plan, stability=stability)


def _given_up(free_value: float, value: float) -> float:
    """Value given up for stability; solver round-off (1e-9 relative) counts as none."""
    lost = free_value - value
    return lost if lost > 1e-9 * max(1.0, abs(free_value)) else 0.0


def finish_plan(form: Formulation, result: SolverResult, options: Mapping[str, Any], raise_on_failure: bool) -> Plan:
    """Turn a solver result into a :class:`~targetplan.Plan`, or raise / record why there is none."""
    form, result, checked = within_limits(form, result, options)  # every money limit kept to the rupiah
    catalog, budget, policy = form.catalog, form.budget, form.policy

    def failed(message: str) -> Plan:
        timings = {"build": form.build_seconds, "solve": result.seconds}
        return Plan.failed(
            catalog, budget, policy, result.status, message, solver=result.solver, options=options, timings=timings
        )

    if result.status == SolveStatus.INFEASIBLE:
        message, lead, reasons = infeasibility(form)
        if raise_on_failure:
            raise InfeasiblePlanError(f"{message}; {lead}", reasons)
        return failed(message + ": " + "; ".join(reasons))
    overrun = _overrun(result, options.get("time_limit"))
    if result.status == SolveStatus.NO_SOLUTION:
        # a worker ended at the deadline says in which step the solver was
        why = f" ({result.message})" if "when the time limit" in result.message else ""
        message = (
            f"the solver stopped at the time limit ({options.get('time_limit')} s) before finding any plan{overrun}"
            f"{why}; give a longer time_limit or a larger mip_gap"
        )
        if raise_on_failure:
            raise SolverFailedError(message)
        return failed(message)
    if result.status == SolveStatus.ERROR:
        message = f"the {result.solver} solver failed ({result.message}); try the other solver with solver=..."
        if raise_on_failure:
            raise SolverFailedError(message)
        return failed(message)
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
    return checked if checked is not None else Plan.from_solution(form, result, options)


#: A solve counts as overrunning its time limit past 1.5 times the limit and 2 s beyond it.
_OVERRUN_SHARE = 0.5
_OVERRUN_SECONDS = 2.0


def _overrun(result: SolverResult, time_limit: float | None) -> str:
    """Return a note for the warning when the solver ran well past ``time_limit`` (empty otherwise).

    A time limit is kept (large models are solved in a worker process ended at the
    deadline); this note is for a solver that does not keep it (CBC runs to the end of
    the step it is in).
    """
    if time_limit is None or result.seconds <= max(time_limit * (1 + _OVERRUN_SHARE), time_limit + _OVERRUN_SECONDS):
        return ""
    return (
        f" (it took {result.seconds:.1f} s against {time_limit:g} s: the solver checks its clock only between "
        "steps, and the first steps of a large model run to their end)"
    )
