"""The optimisation model, solver-free: variables, one function per constraint family, the assembled matrix.

:func:`build` turns validated inputs into a :class:`Formulation` — arrays of the matrix,
bounds and objective, with every row named by kind and keys. Nothing here imports a
solver; :mod:`targetplan.solvers` hands the arrays to one.
"""

from __future__ import annotations

from .build import build
from .elastic import with_slack
from .formulation import Formulation, RowBlock, RowKind
from .reference import KEPT_LEVEL, append_rows, encode, with_reference

__all__ = [
    "KEPT_LEVEL",
    "Formulation",
    "RowBlock",
    "RowKind",
    "append_rows",
    "build",
    "encode",
    "with_reference",
    "with_slack",
]
