"""Inputs: the programme catalogue, the budget, the policy, what was realised, the previous masterplan.

Every input is validated when it is made (read from a file or built in code) and reports
every problem at once; :func:`~targetplan.inputs.fit.check_fit` checks that the inputs
fit each other. Nothing here knows about models, solvers or plans.
"""

from __future__ import annotations

from .budget import Budget, GroupLimit, read_budget
from .catalog import CarryOver, Catalog, Mode, Program, TargetKind, catalogue_column, read_catalog
from .fit import check_fit
from .policy import CountCap, Policy, Term, read_policy
from .previous import read_previous
from .realisation import check_against, read_realisation

__all__ = [
    "Budget",
    "CarryOver",
    "Catalog",
    "CountCap",
    "GroupLimit",
    "Mode",
    "Policy",
    "Program",
    "TargetKind",
    "Term",
    "catalogue_column",
    "check_against",
    "check_fit",
    "read_budget",
    "read_catalog",
    "read_policy",
    "read_previous",
    "read_realisation",
]
