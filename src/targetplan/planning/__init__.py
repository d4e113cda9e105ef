"""Planning: optimise, explain, compare, and plan again each year.

:func:`optimize` builds the model, solves it and makes the plan; an infeasible plan is
explained (:mod:`~targetplan.planning.diagnosis`); the manual rankings are
:mod:`~targetplan.planning.baselines`; what one more rupiah buys and why a programme is
out are measured by re-solving (:mod:`~targetplan.planning.marginal`,
:mod:`~targetplan.planning.explain`), and so is the price of every rule
(:mod:`~targetplan.planning.rules`); scenarios and the frontier are
:mod:`~targetplan.planning.scenarios`; the yearly re-plan is :mod:`~targetplan.planning.cycle`; how far
the criteria weights behind the priorities may move is :mod:`~targetplan.planning.weights`.
"""

from __future__ import annotations

from .baselines import BASELINES, rank_and_fund, run_baselines
from .cycle import Replan, replan
from .diagnosis import explain_infeasibility
from .explain import explain_programmes
from .marginal import marginal_values, source_marginal_values
from .optimize import optimize
from .rules import RULE_KINDS, rule_prices, unspent_money
from .scenarios import Frontier, Scenario, Study, compare, frontier, process_pool
from .weights import WeightSensitivity, criteria_reason, criteria_table, weight_sensitivity

__all__ = [
    "BASELINES",
    "RULE_KINDS",
    "Frontier",
    "Replan",
    "Scenario",
    "Study",
    "WeightSensitivity",
    "compare",
    "criteria_reason",
    "criteria_table",
    "explain_infeasibility",
    "explain_programmes",
    "frontier",
    "marginal_values",
    "optimize",
    "process_pool",
    "rank_and_fund",
    "replan",
    "rule_prices",
    "run_baselines",
    "source_marginal_values",
    "unspent_money",
    "weight_sensitivity",
]
