"""Reports on a plan.

Efficiency (value per rupiah, baselines, marginal values, why / why not) and continuity
between administrations.
"""

from __future__ import annotations

from ._continuity import ContinuityReport, PreviousValidationError, continuity_report, read_previous
from ._efficiency import EfficiencyReport, efficiency_report, explain_programmes, marginal_values

__all__ = [
    "ContinuityReport",
    "EfficiencyReport",
    "PreviousValidationError",
    "continuity_report",
    "efficiency_report",
    "explain_programmes",
    "marginal_values",
    "read_previous",
]
