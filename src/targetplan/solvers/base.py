"""What every solver backend offers: a session on one model that solves, re-solves after bound changes, and gives duals.

A *backend* (:class:`Backend`) loads a solver and opens a :class:`Session` on a built
:class:`~targetplan.model.formulation.Formulation`. The session is the only way the rest
of targetplan talks to a solver:

* :meth:`Session.solve` — solve (optionally from a known plan, a warm start) and, among
  plans of the best value, break ties (earlier starts, then less spending);
* :meth:`Session.set_row_bounds` / :meth:`Session.set_col_bounds` — move a ceiling, force
  a programme in or out, then solve again (warm where the solver can);
* :meth:`Session.lp_duals` — the duals of the rows with every yes/no choice fixed.

Its answer is a :class:`SolverResult` with a :class:`SolveStatus`. To add a solver: subclass
:class:`Backend` and :class:`Session` (see :mod:`targetplan.solvers.highs` and
:mod:`targetplan.solvers.cbc`) and register it with
:func:`targetplan.solvers.register_backend`.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from ..exceptions import SolverUnavailableError
from ..model.formulation import Formulation

__all__ = [
    "DEFAULT_THREADS",
    "Backend",
    "Session",
    "SolveProgress",
    "SolveStatus",
    "SolverResult",
    "clean",
    "empty_result",
    "keeps_value",
    "quiet_stdout",
    "value_floor",
]

#: Solver threads when ``threads`` is not given: one. HiGHS's branch and bound is serial: two threads
#: were no faster on an idle 2-core machine and slower when other work shared it (5,000 programmes:
#: 1.4 s against 1.1 s; 50,000: 31 s against 24 s); one thread gives the same plan on any machine.
DEFAULT_THREADS = 1


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
    """What a solve returned: status, solution vector, objective and bound, proven gap, solver, seconds."""

    status: SolveStatus
    x: np.ndarray | None
    objective: float
    bound: float
    gap: float | None
    solver: str
    seconds: float
    message: str = ""
    x_first: np.ndarray | None = None  # the first solve's solution, before the tie-break


@dataclass(frozen=True)
class SolveProgress:
    """Where a running solve stands, as the solver reports it (objective units: the weighted value).

    Attributes
    ----------
    phase : str
        ``"plan"`` (the first solve) or ``"tie-break"``.
    elapsed : float
        Seconds since the solve started.
    best : float
        Objective of the best plan found so far (NaN before the first).
    bound : float
        The best objective still possible, proven (NaN while unknown).
    gap : float
        Relative distance between the two (NaN while unknown).
    """

    phase: str
    elapsed: float
    best: float = float("nan")
    bound: float = float("nan")
    gap: float = float("nan")


class Session(ABC):
    """One model open in a solver, for solving and re-solving after changes of bounds.

    Parameters
    ----------
    form : Formulation
        The built model.
    mip_gap : float
        Relative gap at which the solver may stop.
    time_limit : float, optional
        Seconds per :meth:`solve`.
    threads : int, optional
        Solver threads; ``None`` keeps what the solver already uses in this process (the
        default, :data:`DEFAULT_THREADS`, when nothing has run yet): side solves
        (explanations, diagnoses) use it so they never change another solve's setting.
    verbose : bool
        Show the solver's log.
    progress : callable, optional
        Called with a :class:`SolveProgress` while a solve runs (a better plan, the bound
        moving), for a progress display; solvers that cannot report never call it.
    """

    name = ""

    def __init__(
        self,
        form: Formulation,
        *,
        mip_gap: float = 1e-4,
        time_limit: float | None = None,
        threads: int | None = None,
        verbose: bool = False,
        progress: Callable[[SolveProgress], None] | None = None,
    ) -> None:
        self.form = form
        self.mip_gap = float(mip_gap)
        self.time_limit = time_limit
        self.threads = threads
        self.verbose = verbose
        self.progress = progress

    @abstractmethod
    def set_row_bounds(self, rows: Any, lower: Any, upper: Any) -> None:
        """Change row bounds, given in the rows' own units (rupiah for money rows)."""

    @abstractmethod
    def set_col_bounds(self, cols: Any, lower: Any, upper: Any) -> None:
        """Change variable bounds (e.g. fix a start variable to 0 or 1)."""

    @abstractmethod
    def solve(self, start: np.ndarray | None = None, tie_break: bool = True) -> SolverResult:
        """Solve the current model; ``start`` is a known feasible solution to start from."""

    def set_model(self, form: Formulation) -> None:
        """Take the row bounds of ``form``, a model of the same structure (only right-hand sides differ)."""
        rows = np.arange(form.num_rows)
        self.set_row_bounds(rows, form.row_lower * form.row_scale, form.row_upper * form.row_scale)
        self.form = form

    def lp_duals(self, fixed: np.ndarray) -> np.ndarray | None:
        """Row duals (per unit of each row's own scale) of the LP with every integer column fixed at ``fixed``.

        ``None`` when this solver does not give duals.
        """
        return None


class Backend(ABC):
    """A solver that targetplan can use: its name, whether it loads here, and the session it opens.

    A subclass sets ``name`` and ``session`` and implements :meth:`check`.
    """

    name = ""
    #: Whether a session keeps the model in the solver between solves, so that a sweep that only moves
    #: ceilings re-uses one session (the model handed over once) rather than building one per scenario.
    keeps_model = False

    @abstractmethod
    def check(self) -> None:
        """Raise :class:`~targetplan.exceptions.SolverUnavailableError` (with the fix) when it cannot load here."""

    def available(self) -> bool:
        """Whether the solver loads on this machine."""
        try:
            self.check()
        except SolverUnavailableError:
            return False
        return True

    #: The :class:`Session` subclass that :meth:`open` makes.
    session: type[Session]

    def open(self, form: Formulation, **options: Any) -> Session:
        """Open a session on ``form``; ``options`` are those of :class:`Session` (gap, time limit, threads, verbose).

        Raises
        ------
        SolverUnavailableError
            When the solver does not load here (see :meth:`check`).
        """
        self.check()
        return self.session(form, **options)


# ---------------------------------------------------------------------- shared by the backends
def empty_result(solver: str) -> SolverResult:
    """Return the answer for a model with nothing to choose (every programme excluded): the empty plan."""
    empty = np.zeros(0)
    return SolverResult(SolveStatus.OPTIMAL, empty, 0.0, 0.0, 0.0, solver, 0.0, "empty model", empty)


#: Relative amount of value the tie-break's value row may give up (floating-point noise only).
TIE_TOLERANCE = 1e-12

#: Relative difference in value below which two plans count as equal when the tie-break's plan is
#: accepted: round-off of the solver's levels (about 1e-9 each), far below any priority difference.
NOISE_TOLERANCE = 1e-10


def value_floor(form: Formulation, objective: float) -> float:
    """Smallest objective the tie-break solve may accept (the model's value tolerance, else noise only)."""
    return objective - max(TIE_TOLERANCE, form.value_tolerance) * max(1.0, abs(objective))


def clean(form: Formulation, x: np.ndarray) -> np.ndarray:
    """Return a solution with levels clipped to 0–1 and integer columns rounded."""
    x = np.clip(x, 0.0, 1.0)
    return np.where(form.col_integer, np.round(x), x)


def keeps_value(form: Formulation, x1: np.ndarray, x2: np.ndarray) -> bool:
    """Whether the tie-break solution ``x2`` is worth as much as ``x1``.

    Compared after rounding integer choices, with a tolerance of :data:`NOISE_TOLERANCE`
    relative: the second solve's own feasibility tolerance (1e-7 on a scaled row) is far
    too loose to trust on its own when priorities are large numbers, while the levels it
    returns carry round-off of about 1e-9 each (a plan of the sample's with a tie-break
    1.0 better, its value 1.0e-12 relative below the first plan's, was refused by a
    tolerance of 1e-12 in one run and accepted in another).
    """
    v1 = float(form.objective @ clean(form, x1))
    v2 = float(form.objective @ clean(form, x2))
    return v2 >= v1 - max(NOISE_TOLERANCE, form.value_tolerance) * max(1.0, abs(v1))


# Silencing stdout swaps a process-wide file descriptor (or sys.stdout): one thread at a time.
_STDOUT_LOCK = threading.RLock()


@contextlib.contextmanager
def quiet_stdout(enabled: bool) -> Iterator[None]:
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
