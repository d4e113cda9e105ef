"""Reports on a plan: efficiency, continuity between administrations, progress against what was realised.

Each report is made from a plan (``plan.efficiency()``, ``plan.continuity()``,
``plan.progress(realisation)``) and has ``summary()`` (its key figures as a table),
``summary_text()`` (the same for people), ``tables`` (every table by name),
``to_frame()`` (its main table) and plots. :func:`write_report` (``plan.report()``,
``study.report()``) puts them in one HTML file for people.
"""

from __future__ import annotations

from ..inputs.previous import read_previous
from .continuity import ContinuityReport, continuity_report
from .efficiency import EfficiencyReport, efficiency_report, source_table
from .html import render_report, write_report
from .progress import ProgressReport, progress_report

__all__ = [
    "ContinuityReport",
    "EfficiencyReport",
    "ProgressReport",
    "continuity_report",
    "efficiency_report",
    "progress_report",
    "read_previous",
    "render_report",
    "source_table",
    "write_report",
]
