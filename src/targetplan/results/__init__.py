"""Results: the :class:`Plan`, its independent check, changes between plans, and plan files.

Data only: nothing here solves. A plan is complete when it is made and never changes
afterwards; :meth:`Plan.check` recomputes every rule from the inputs.
"""

from __future__ import annotations

from .changes import plan_changes, reference_starts
from .check import violations
from .plan import SELECTION_COLUMNS, Plan, read_plan
from .schedules import delivered_share, full_schedule, source_spending
from .serialise import plan_to_dict, plan_to_json

__all__ = [
    "SELECTION_COLUMNS",
    "Plan",
    "delivered_share",
    "full_schedule",
    "plan_changes",
    "plan_to_dict",
    "plan_to_json",
    "read_plan",
    "reference_starts",
    "source_spending",
    "violations",
]
