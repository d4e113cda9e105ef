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

from .datasets import Example, example_path, load_example
from .exceptions import (
    AhpInconsistencyWarning,
    ArgumentError,
    ArgumentTypeError,
    BudgetValidationError,
    CatalogValidationError,
    CheckFailedError,
    CriteriaValidationError,
    InfeasiblePlanError,
    InputValidationError,
    PlanFileError,
    PolicyValidationError,
    PreviousValidationError,
    RealisationValidationError,
    SolverFailedError,
    SolverUnavailableError,
    TargetKindWarning,
    TargetplanError,
    TargetplanWarning,
    TimeLimitWarning,
    UnknownScenarioError,
    UnsupportedValueError,
)
from .inputs import (
    AhpResult,
    Budget,
    CarryOver,
    Catalog,
    CountCap,
    Criteria,
    Criterion,
    GroupLimit,
    Mode,
    Policy,
    Program,
    TargetKind,
    Term,
    ahp,
    criteria_breakdown,
    read_budget,
    read_catalog,
    read_policy,
    read_previous,
    read_realisation,
    score,
)
from .inputs import criteria_sets as criteria
from .model import Formulation, build
from .planning import (
    Frontier,
    Replan,
    Scenario,
    Study,
    WeightSensitivity,
    compare,
    criteria_reason,
    criteria_table,
    frontier,
    optimize,
    process_pool,
    rank_and_fund,
    replan,
    run_baselines,
    weight_sensitivity,
)
from .reports import ContinuityReport, EfficiencyReport, ProgressReport
from .results import Plan, plan_changes, read_plan
from .solvers import SolveStatus, available_solvers
from .text import format_money, format_number, format_percent, get_language, set_language
from .version import __version__

__all__ = [
    "AhpInconsistencyWarning",
    "AhpResult",
    "ArgumentError",
    "ArgumentTypeError",
    "Budget",
    "BudgetValidationError",
    "CarryOver",
    "Catalog",
    "CatalogValidationError",
    "CheckFailedError",
    "ContinuityReport",
    "CountCap",
    "Criteria",
    "CriteriaValidationError",
    "Criterion",
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
    "TargetKind",
    "TargetKindWarning",
    "TargetplanError",
    "TargetplanWarning",
    "Term",
    "TimeLimitWarning",
    "UnknownScenarioError",
    "UnsupportedValueError",
    "WeightSensitivity",
    "__version__",
    "ahp",
    "available_solvers",
    "build",
    "compare",
    "criteria",
    "criteria_breakdown",
    "criteria_reason",
    "criteria_table",
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
    "score",
    "set_language",
    "weight_sensitivity",
]
