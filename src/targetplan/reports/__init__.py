"""Reports on a plan.

Efficiency (value per rupiah, baselines, marginal values, why / why not) and continuity
between administrations.
"""

from __future__ import annotations

from ._continuity import ContinuityReport, PreviousValidationError, continuity_report, read_previous
from ._efficiency import EfficiencyReport, efficiency_report, explain_programmes, marginal_values
from ._progress import ProgressReport, progress_report

__all__ = [
    "ContinuityReport",
    "EfficiencyReport",
    "PreviousValidationError",
    "ProgressReport",
    "continuity_report",
    "efficiency_report",
    "explain_programmes",
    "marginal_values",
    "progress_report",
    "read_previous",
]
