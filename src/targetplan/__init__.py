"""targetplan — plan yearly Smart City / e-Government targets under a budget ceiling.

Read a catalogue of candidate programmes and the APBD ceilings, then let
:func:`optimize` choose which programmes run in which year and at what level so that
every year fits its ceiling, with the value delivered as large as possible.

Examples
--------
>>> import targetplan as tp
>>> ex = tp.load_example("bogor")
>>> plan = tp.optimize(ex.catalog, ex.budget, mip_gap=1e-3)
>>> plan.status
<SolveStatus.OPTIMAL: 'optimal'>
>>> _ = plan.check()
"""

from __future__ import annotations

from .baselines import rank_and_fund, run_baselines
from .budget import Budget, BudgetValidationError, GroupLimit, read_budget
from .catalog import CarryOver, Catalog, Mode, Program, read_catalog
from .cycle import Replan, replan
from .datasets import Example, example_path, load_example
from .exceptions import (
    CatalogValidationError,
    CheckFailedError,
    InfeasiblePlanError,
    InputValidationError,
    PlanFileError,
    SolverFailedError,
    SolverUnavailableError,
    TargetplanError,
    TargetplanWarning,
    TimeLimitWarning,
)
from .formulation import Formulation, build
from .io import read_plan
from .money import format_money, format_number, format_percent, get_language, set_language
from .plan import Plan
from .policy import CountCap, Policy, PolicyValidationError, Term, read_policy
from .realisation import RealisationValidationError, read_realisation
from .reports import ContinuityReport, EfficiencyReport, PreviousValidationError, ProgressReport, read_previous
from .scenarios import Frontier, Scenario, Study, UnknownScenarioError, compare, frontier, process_pool
from .solve import SolveStatus, available_solvers, optimize, plan_changes

__version__ = "0.1.0"

__all__ = [
    "Budget",
    "BudgetValidationError",
    "CarryOver",
    "Catalog",
    "CatalogValidationError",
    "CheckFailedError",
    "ContinuityReport",
    "CountCap",
    "EfficiencyReport",
    "Example",
    "Formulation",
    "Frontier",
    "GroupLimit",
    "InfeasiblePlanError",
    "InputValidationError",
    "Mode",
    "Plan",
    "PlanFileError",
    "Policy",
    "PolicyValidationError",
    "PreviousValidationError",
    "Program",
    "ProgressReport",
    "RealisationValidationError",
    "Replan",
    "Scenario",
    "SolveStatus",
    "SolverFailedError",
    "SolverUnavailableError",
    "Study",
    "TargetplanError",
    "TargetplanWarning",
    "Term",
    "TimeLimitWarning",
    "UnknownScenarioError",
    "__version__",
    "available_solvers",
    "build",
    "compare",
    "example_path",
    "format_money",
    "format_number",
    "format_percent",
    "frontier",
    "get_language",
    "load_example",
    "optimize",
    "plan_changes",
    "process_pool",
    "rank_and_fund",
    "read_budget",
    "read_catalog",
    "read_plan",
    "read_policy",
    "read_previous",
    "read_realisation",
    "replan",
    "run_baselines",
    "set_language",
]
