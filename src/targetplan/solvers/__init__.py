"""Solvers: the only part of targetplan that imports ``highspy`` or ``pulp``.

A registry of :class:`~targetplan.solvers.base.Backend` objects by name — ``"highs"``
(default) and ``"cbc"`` — and two entry points used by the rest of the package:
:func:`open_session` (a model kept open for re-solves) and :func:`solve` (one solve).
``"auto"`` is the first registered backend that loads on this machine (HiGHS, else CBC).

A test, or a user with another solver, registers a backend of its own with
:func:`register_backend` (it replaces the one of the same name; the previous one is
returned so it can be put back).

Examples
--------
>>> import targetplan as tp
>>> from targetplan import solvers
>>> "cbc" in solvers.available_solvers()
True
>>> form = tp.build(tp.Catalog.from_programs([tp.Program(id="A", name="a", priority=1, costs={2024: 1e9})]),
...                 tp.Budget(ceilings={2024: 2e9}))
>>> solvers.solve(form).status
<SolveStatus.OPTIMAL: 'optimal'>
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import ArgumentError, SolverUnavailableError
from ..model.formulation import Formulation
from .base import DEFAULT_THREADS, Backend, Session, SolveProgress, SolverResult, SolveStatus
from .cbc import CbcBackend
from .highs import HighsBackend

__all__ = [
    "DEFAULT_THREADS",
    "Backend",
    "Session",
    "SolveProgress",
    "SolveStatus",
    "SolverResult",
    "available_solvers",
    "backend",
    "open_session",
    "register_backend",
    "registered",
    "solve",
    "unregister_backend",
]

_BACKENDS: dict[str, Backend] = {"highs": HighsBackend(), "cbc": CbcBackend()}


def register_backend(new: Backend) -> Backend | None:
    """Register ``new`` under its ``name``; return the backend it replaces (``None`` if there was none)."""
    if not isinstance(new, Backend) or not new.name:
        raise ArgumentError("register a Backend subclass with a name (see targetplan.solvers.base.Backend)")
    previous = _BACKENDS.get(new.name)
    _BACKENDS[new.name] = new
    return previous


def unregister_backend(name: str) -> Backend | None:
    """Remove the backend called ``name``; return it (``None`` if there was none)."""
    return _BACKENDS.pop(name, None)


def registered() -> tuple[str, ...]:
    """Names of the registered backends, in the order ``"auto"`` tries them."""
    return tuple(_BACKENDS)


def backend(name: str = "auto") -> Backend:
    """Return the backend called ``name``; ``"auto"`` is the first one that loads here.

    Raises
    ------
    SolverUnavailableError
        When ``name`` is unknown, or no backend loads (``"auto"``), or the named one does not load.
    """
    key = name.lower() if isinstance(name, str) else name
    if key == "auto":
        problems = []
        for candidate in _BACKENDS.values():
            try:
                candidate.check()
            except SolverUnavailableError as exc:
                problems.append(str(exc))
                continue
            return candidate
        raise SolverUnavailableError("no solver can be loaded on this machine: " + " ".join(problems))
    if key not in _BACKENDS:
        names = [repr(n) for n in _BACKENDS]
        names[0] += " (default)"
        raise SolverUnavailableError(f"unknown solver {name!r}; choose {', '.join(names)} or 'auto'")
    found = _BACKENDS[key]
    found.check()
    return found


def available_solvers() -> list[str]:
    """Names of the solvers that load on this machine, default first."""
    return [name for name, b in _BACKENDS.items() if b.available()]


def open_session(form: Formulation, solver: str = "auto", **options: Any) -> Session:
    """Open ``form`` in a solver for solving and re-solving.

    ``options`` are those of :class:`~targetplan.solvers.base.Session`: ``mip_gap``,
    ``time_limit``, ``threads``, ``verbose``, ``progress``.
    """
    return backend(solver).open(form, **options)


def solve(
    form: Formulation,
    solver: str = "auto",
    *,
    tie_break: bool = True,
    start: np.ndarray | None = None,
    **options: Any,
) -> SolverResult:
    """Solve a built model once (``options`` as in :func:`open_session`; see :func:`targetplan.optimize`)."""
    return open_session(form, solver, **options).solve(start=start, tie_break=tie_break)
