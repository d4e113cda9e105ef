"""COIN-OR CBC through PuLP: the fallback solver.

CBC comes with PuLP 3 (inside the wheel) and with the ``pulp[cbc]`` extra of PuLP 4. It
is used when HiGHS cannot be loaded, or with ``solver="cbc"``. The model is handed over as
a :class:`pulp.LpProblem` whose row expressions are made from the CSR arrays in one call
each; every solve is a new CBC run (CBC keeps no model between runs), so a
:class:`CbcSession` re-solves by running CBC again on the changed bounds.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable
from typing import Any, cast

import numpy as np

from ..exceptions import SolverFailedError, SolverUnavailableError
from ..model.formulation import Formulation
from .base import Backend, Session, SolverResult, SolveStatus, empty_result, keeps_value, value_floor

__all__ = ["CbcBackend", "CbcSession", "to_pulp"]


def command(**options: Any) -> Any:
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


def gap_from_log(log: str) -> float | None:
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


def pulp_expression(pairs: list[tuple[Any, float]]) -> Any:
    """Return a linear expression from (variable, coefficient) pairs, in one call on PuLP 3 and 4."""
    import pulp

    if hasattr(pulp, "lpSum_vars_coefs"):  # PuLP 4: the compiled core's bulk constructor
        return pulp.lpSum_vars_coefs(pairs)
    return pulp.LpAffineExpression(pairs)


def pulp_add(prob: Any, expr: Any, lower: float, upper: float, name: str) -> None:
    """Add ``lower <= expr <= upper`` (either side may be infinite) as PuLP constraints."""
    if lower == upper:
        prob.addConstraint(expr == lower, name)
        return
    if np.isfinite(lower):
        prob.addConstraint(expr >= lower, f"{name}_lo")
    if np.isfinite(upper):
        prob.addConstraint(expr <= upper, f"{name}_up")


def to_pulp(form: Formulation, name: str = "targetplan") -> Any:
    """Return the model as a :class:`pulp.LpProblem` (maximisation of the objective) and its variables.

    Useful to inspect the model or write it as an LP/MPS file; the CBC solver path
    solves this problem. Each row expression is created from the CSR arrays in one call
    (``LpAffineExpression`` from pairs on PuLP 3, ``lpSum_vars_coefs`` on PuLP 4), not
    grown term by term.
    """
    import pulp

    prob = pulp.LpProblem(name, pulp.LpMaximize)
    # PuLP >= 3.3 creates variables through the problem (the PuLP 4 API); older ones directly.
    make = getattr(prob, "add_variable", None) or pulp.LpVariable
    binary, integer, continuous = pulp.LpBinary, pulp.LpInteger, pulp.LpContinuous
    x = []
    for j, (lo, up, is_int) in enumerate(zip(form.col_lower, form.col_upper, form.col_integer, strict=True)):
        cat = (binary if lo == 0 and up == 1 else integer) if is_int else continuous
        x.append(make(f"x{j}", float(lo), float(up) if np.isfinite(up) else None, cat))
    nz = np.flatnonzero(form.objective)
    prob.setObjective(pulp_expression([(x[j], float(form.objective[j])) for j in nz]))
    index, value, start = form.index.tolist(), form.value.tolist(), form.start.tolist()
    lower, upper = form.row_lower.tolist(), form.row_upper.tolist()
    for i in range(form.num_rows):
        a, b = start[i], start[i + 1]
        expr = pulp_expression([(x[j], v) for j, v in zip(index[a:b], value[a:b], strict=True)])
        pulp_add(prob, expr, lower[i], upper[i], f"r{i}")
    return prob, x


def set_start(x_vars: list[Any], form: Formulation, x: np.ndarray) -> None:
    """Give CBC a known solution to start from (a MIP start)."""
    import pulp

    start = np.clip(x, form.col_lower, form.col_upper)  # solver round-off (-1e-16) must not break bounds
    for v, val in zip(x_vars, start, strict=True):
        v.setInitialValue(round(val) if v.cat != pulp.LpContinuous else float(val))


class CbcSession(Session):
    """A model for CBC; bound changes are kept in the model's arrays and each :meth:`solve` runs CBC on them."""

    name = "cbc"
    #: Makes the PuLP command that runs CBC (see :func:`command`).
    command: Callable[..., Any] = staticmethod(command)

    def set_row_bounds(self, rows: Any, lower: Any, upper: Any) -> None:
        """Change row bounds, given in the rows' own units (rupiah for money rows)."""
        rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        scale = self.form.row_scale[rows]
        row_lower, row_upper = self.form.row_lower.copy(), self.form.row_upper.copy()
        row_lower[rows] = np.broadcast_to(np.asarray(lower, dtype=float), rows.shape) / scale
        row_upper[rows] = np.broadcast_to(np.asarray(upper, dtype=float), rows.shape) / scale
        self.form = dataclasses.replace(self.form, row_lower=row_lower, row_upper=row_upper)

    def set_col_bounds(self, cols: Any, lower: Any, upper: Any) -> None:
        """Change variable bounds (e.g. fix a start variable to 0 or 1)."""
        cols = np.atleast_1d(np.asarray(cols, dtype=np.int64))
        col_lower, col_upper = self.form.col_lower.copy(), self.form.col_upper.copy()
        col_lower[cols] = np.broadcast_to(np.asarray(lower, dtype=float), cols.shape)
        col_upper[cols] = np.broadcast_to(np.asarray(upper, dtype=float), cols.shape)
        self.form = dataclasses.replace(self.form, col_lower=col_lower, col_upper=col_upper)

    def solve(self, start: np.ndarray | None = None, tie_break: bool = True) -> SolverResult:
        """Solve the current model with CBC (a new CBC run each time; ``start`` is passed as a MIP start)."""
        import pulp

        t0 = time.perf_counter()
        form, mip_gap, time_limit, threads, verbose = (
            self.form,
            self.mip_gap,
            self.time_limit,
            self.threads,
            self.verbose,
        )
        if form.num_cols == 0:
            return empty_result(self.name)
        prob, x_vars = to_pulp(form)
        if start is not None:
            set_start(x_vars, form, start)
        with tempfile.TemporaryDirectory(prefix="targetplan-cbc-") as tmp:
            log_path = os.path.join(tmp, "cbc.log")

            # CBC 2.10's preprocessing was seen to call a feasible model infeasible ("Cut generators found
            # to be infeasible") and to stop at a worse plan than the optimum on small models of ours; CBC
            # is the fallback solver, so correctness comes before its speed: preprocessing stays off.
            def cbc(options: list[str]) -> Any:
                cmd = self.command(
                    msg=bool(verbose),
                    warmStart=start is not None,
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
                    prob.solve(cbc(["preprocess off"]))
                except pulp.PulpSolverError:
                    # without preprocessing CBC 2.10 exits with an error on some infeasible models: ask again
                    # with its defaults
                    prob.solve(cbc([]))
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
                return SolverResult(
                    status, None, float("nan"), float("nan"), None, "cbc", time.perf_counter() - t0, text
                )
            x = np.array([v.varValue if v.varValue is not None else 0.0 for v in x_vars], dtype=float)
            objective = float(form.objective @ x)
            gap = (
                0.0
                if not form.is_mip
                else (gap_from_log(log) if status == SolveStatus.FEASIBLE else min(gap_from_log(log) or 0.0, mip_gap))
            )
            bound = objective * (1 + (gap or 0.0))
            first = x
            if tie_break and status == SolveStatus.OPTIMAL:
                x = tie_break_cbc(prob, x_vars, form, x, objective, mip_gap, time_limit, t0, threads, tmp, self.command)
        return SolverResult(status, x, objective, bound, gap, "cbc", time.perf_counter() - t0, text, first)

    def lp_duals(self, fixed: np.ndarray) -> np.ndarray | None:
        """Row duals of the LP with every integer column fixed at ``fixed``, from CBC's LP solve."""
        import pulp

        form = self.form
        lower, upper = form.col_lower.copy(), form.col_upper.copy()
        lower[form.col_integer] = upper[form.col_integer] = np.round(fixed[form.col_integer])
        lp = dataclasses.replace(form, col_lower=lower, col_upper=upper, col_integer=np.zeros_like(form.col_integer))
        prob, _ = to_pulp(lp)
        with tempfile.TemporaryDirectory(prefix="targetplan-cbc-") as tmp:
            cmd = self.command(msg=False, keepFiles=False)
            if cmd is None:
                return None
            cmd.tmpDir = tmp
            try:
                prob.solve(cmd)
            except pulp.PulpSolverError:
                return None
        if prob.status != pulp.LpStatusOptimal:
            return None
        duals = np.zeros(form.num_rows)
        for i in range(form.num_rows):
            for name in (f"r{i}", f"r{i}_lo", f"r{i}_up"):
                constraint = prob.constraints.get(name)
                if constraint is not None and constraint.pi is not None:
                    duals[i] += float(constraint.pi)
        return duals


def tie_break_cbc(
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
    make_command: Callable[..., Any] = command,
) -> np.ndarray:
    """Among plans of the same value, prefer earlier starts, then less spending (a CBC run from ``x``)."""
    import pulp

    remaining = None if time_limit is None else time_limit - (time.perf_counter() - t0)
    if remaining is not None and remaining <= 0.5:
        return x
    nz = np.flatnonzero(form.objective)
    if len(nz):
        kept = pulp_expression([(x_vars[j], float(form.objective[j])) for j in nz])
        pulp_add(prob, kept, value_floor(form, objective), math.inf, "value_kept")
    prob.sense = pulp.LpMinimize
    tz = np.flatnonzero(form.tiebreak)
    prob.setObjective(pulp_expression([(x_vars[j], float(form.tiebreak[j])) for j in tz]))
    set_start(x_vars, form, x)
    solver = make_command(
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
        if keeps_value(form, x, x2):
            return x2
    return x


class CbcBackend(Backend):
    """CBC through PuLP (bundled with PuLP 3; ``pulp[cbc]`` with PuLP 4).

    Parameters
    ----------
    make_command : callable, optional
        Makes the PuLP command that runs CBC, or ``None`` when CBC is not installed;
        default :func:`command` (PuLP's own CBC).
    """

    name = "cbc"
    session = CbcSession

    def __init__(self, make_command: Callable[..., Any] = command) -> None:
        self.make_command = make_command

    def check(self) -> None:
        """Raise when CBC is not installed here."""
        if self.make_command() is None:
            raise SolverUnavailableError(
                "the CBC solver is not available on this machine. With PuLP 3 it comes inside PuLP "
                "('pip install --force-reinstall \"pulp<4\"'); with PuLP 4 install 'pulp[cbc]'. "
                "Or use solver='highs' (the default)."
            )

    def open(self, form: Formulation, **options: Any) -> CbcSession:
        """Open a CBC session on ``form`` that runs CBC with this backend's command."""
        session = cast(CbcSession, super().open(form, **options))
        session.command = self.make_command
        return session
