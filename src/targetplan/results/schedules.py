"""Schedules of a plan: what each programme costs, targets and pays from each source, given its start and levels.

Shared by the plan itself, the baselines, the yearly cycle and the reports. The schedule
columns of a catalogue describe a start in ``earliest_start``; a start ``d`` years later
moves every amount ``d`` columns to the right.
"""

from __future__ import annotations

import numpy as np

from ..inputs.catalog import Catalog
from ..inputs.schema import Mode
from ..inputs.targets import planned_targets, share_weights

__all__ = [
    "delivered_share",
    "full_schedule",
    "raw_targets",
    "shift",
    "source_spending",
    "start_columns",
    "target_table",
]


def shift(
    matrix: np.ndarray, start_years: np.ndarray, earliest: np.ndarray, years: tuple[int, ...], fill: float = 0.0
) -> np.ndarray:
    """Move each row of a (programme × year) matrix from its earliest start to its start year.

    Cells the moved schedule does not cover, and every cell of a programme that does not
    run (start -1), get ``fill``.
    """
    n_years = len(years)
    runs = start_years >= 0
    moved_by = np.where(runs, start_years - earliest, 0)
    src = np.arange(n_years)[None, :] - moved_by[:, None]
    inside = (src >= 0) & (src < n_years) & runs[:, None]
    return np.where(inside, np.take_along_axis(matrix, np.clip(src, 0, n_years - 1), axis=1), fill)


def full_schedule(catalog: Catalog, start_years: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Full-scope cost, target and active-year matrices (n × years) for the given starts.

    Programmes that do not run (start -1) get zero rows; a programme with an empty
    schedule is active in its start year.
    """
    years = catalog.years
    earliest = catalog.values("earliest_start").astype(np.int64)
    full_cost = shift(catalog.cost_matrix(), start_years, earliest, years)
    full_target = shift(np.nan_to_num(catalog.target_matrix()), start_years, earliest, years)
    active = (full_cost > 0) | (full_target > 0)
    runs = start_years >= 0
    empty = runs & ~active.any(axis=1)
    rows = np.flatnonzero(empty)
    active[rows, np.clip(start_years[rows] - years[0], 0, len(years) - 1)] = True
    return full_cost, full_target, active


def source_spending(catalog: Catalog, start_years: np.ndarray, levels: np.ndarray, source: str) -> np.ndarray:
    """Spending paid from ``source`` per programme and year for the given starts and levels."""
    earliest = catalog.values("earliest_start").astype(np.int64)
    return shift(catalog.source_cost_matrix(source), start_years, earliest, catalog.years) * levels


def raw_targets(catalog: Catalog, start_years: np.ndarray) -> np.ndarray:
    """Catalogue targets moved to the given starts, ``NaN`` where blank or outside the schedule."""
    earliest = catalog.values("earliest_start").astype(np.int64)
    return shift(catalog.target_matrix(), start_years, earliest, catalog.years, fill=np.nan)


def start_columns(catalog: Catalog, start_years: np.ndarray) -> np.ndarray:
    """Column of each programme's start year (0 for one that does not run)."""
    return np.where(start_years >= 0, start_years - catalog.years[0], 0)


def target_table(catalog: Catalog, start_years: np.ndarray, levels: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Planned yearly targets of the given starts and levels, by each programme's kind of target."""
    return planned_targets(
        catalog.values("target_kind"),
        raw_targets(catalog, start_years),
        catalog.values("target_baseline").astype(float),
        levels,
        active,
        start_columns(catalog, start_years),
    )


def delivered_share(
    catalog: Catalog, start_years: np.ndarray, full_cost: np.ndarray, active: np.ndarray, levels: np.ndarray
) -> np.ndarray:
    """Delivered share per programme: the level (whole, scalable) or the weighted mean of yearly levels.

    Flexible weights follow the kind of target (see :func:`~targetplan.inputs.targets.share_weights`).
    """
    weights = share_weights(
        catalog.values("target_kind"),
        raw_targets(catalog, start_years),
        catalog.values("target_baseline").astype(float),
        full_cost,
        active,
        start_columns(catalog, start_years),
    )
    flexible_share = (weights * levels).sum(axis=1)
    plain_share = np.where(active, levels, 0.0).max(axis=1)
    is_flex = np.array([str(m) == Mode.FLEXIBLE for m in catalog.values("mode")], dtype=bool)
    return np.where(is_flex, flexible_share, plain_share)
