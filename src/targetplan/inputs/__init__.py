"""Inputs: the programme catalogue, the budget, the policy, what was realised, the previous masterplan.

Every input is validated when it is made (read from a file or built in code) and reports
every problem at once; :func:`~targetplan.inputs.fit.check_fit` checks that the inputs
fit each other. Nothing here knows about models, solvers or plans.
"""

from __future__ import annotations

from . import criteria_sets
from .ahp import AhpResult, ahp
from .budget import Budget, GroupLimit, read_budget
from .catalog import CarryOver, Catalog, Mode, Program, TargetKind, catalogue_column, read_catalog
from .codes import NomenclatureCode, code_hierarchy, parse_code
from .criteria import Criteria, Criterion, criteria_breakdown, score
from .crosswalk import crosswalk
from .fit import check_fit
from .policy import CountCap, Policy, Term, read_policy
from .previous import read_previous
from .realisation import check_against, read_realisation
from .renstra import read_renstra

__all__ = [
    "AhpResult",
    "Budget",
    "CarryOver",
    "Catalog",
    "CountCap",
    "Criteria",
    "Criterion",
    "GroupLimit",
    "Mode",
    "NomenclatureCode",
    "Policy",
    "Program",
    "TargetKind",
    "Term",
    "ahp",
    "catalogue_column",
    "check_against",
    "check_fit",
    "code_hierarchy",
    "criteria_breakdown",
    "criteria_sets",
    "crosswalk",
    "parse_code",
    "read_budget",
    "read_catalog",
    "read_policy",
    "read_previous",
    "read_realisation",
    "read_renstra",
    "score",
]
