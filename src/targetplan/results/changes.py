"""What changed between two plans: programmes entering, leaving, moving their start or their level."""

from __future__ import annotations

import pandas as pd

from .plan import Plan

__all__ = ["plan_changes", "reference_starts"]


def reference_starts(plan: Plan) -> dict[str, int | None]:
    """Start year per programme id of a plan (``None`` where it does not run)."""
    sel = plan.selection
    return {str(p): (int(s) if r else None) for p, s, r in zip(sel.index, sel["start_year"], sel["runs"], strict=True)}


def plan_changes(before: Plan, after: Plan) -> pd.DataFrame:
    """Programmes that enter, leave, or change start year or level between two plans.

    Returns
    -------
    DataFrame
        Index ``id``; columns ``change`` (``enter``, ``leave``, ``start``, ``level``),
        ``start_before``, ``start_after``, ``level_before``, ``level_after``,
        ``cost_before``, ``cost_after``, ``cost_change`` (rupiah over the horizon).
        Only ``enter``, ``leave`` and ``start`` count as changes for stability; level
        changes are listed for information.
    """
    a, b = before.selection, after.selection
    ids = list(dict.fromkeys([*a.index, *b.index]))
    rows = []
    for pid in ids:
        ra = bool(a.at[pid, "runs"]) if pid in a.index else False
        rb = bool(b.at[pid, "runs"]) if pid in b.index else False
        sa = a.at[pid, "start_year"] if ra else None
        sb = b.at[pid, "start_year"] if rb else None
        la = float(a.at[pid, "level"]) if ra else 0.0
        lb = float(b.at[pid, "level"]) if rb else 0.0
        ca = float(a.at[pid, "cost"]) if pid in a.index else 0.0
        cb = float(b.at[pid, "cost"]) if pid in b.index else 0.0
        if ra and not rb:
            change = "leave"
        elif rb and not ra:
            change = "enter"
        elif ra and rb and sa != sb:
            change = "start"
        elif ra and rb and abs(la - lb) > 1e-6:
            change = "level"
        else:
            continue
        rows.append(
            {
                "id": pid,
                "change": change,
                "start_before": sa,
                "start_after": sb,
                "level_before": la,
                "level_after": lb,
                "cost_before": ca,
                "cost_after": cb,
                "cost_change": cb - ca,
            }
        )
    cols = [
        "id",
        "change",
        "start_before",
        "start_after",
        "level_before",
        "level_after",
        "cost_before",
        "cost_after",
        "cost_change",
    ]
    table = pd.DataFrame(rows, columns=cols).set_index("id")
    for c in ("start_before", "start_after"):
        table[c] = pd.array(table[c].tolist(), dtype="Int64")
    counted = table["change"].isin(["enter", "leave", "start"])
    return table[counted] if not len(table) else pd.concat([table[counted], table[~counted]])
