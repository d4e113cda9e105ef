"""Schedules of a plan: what each programme costs, targets and pays from each source, given its start and levels.

Shared by the plan itself, the baselines, the yearly cycle and the reports. The schedule
columns of a catalogue describe a start in ``earliest_start``; a start ``d`` years later
moves every amount ``d`` columns to the right.
"""

from __future__ import annotations

import numpy as np

from ..inputs.catalog import Catalog
from ..inputs.schema import Mode

__all__ = ["delivered_share", "full_schedule", "shift", "source_spending"]


def shift(matrix: np.ndarray, start_years: np.ndarray, earliest: np.ndarray, years: tuple[int, ...]) -> np.ndarray:
    """Move each row of a (programme × year) matrix from its earliest start to its start year.

    A programme that does not run (start -1) gets a row of zeros.
    """
    n_years = len(years)
    runs = start_years >= 0
    moved_by = np.where(runs, start_years - earliest, 0)
    src = np.arange(n_years)[None, :] - moved_by[:, None]
    inside = (src >= 0) & (src < n_years) & runs[:, None]
    return np.where(inside, np.take_along_axis(matrix, np.clip(src, 0, n_years - 1), axis=1), 0.0)


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


def delivered_share(
    modes: np.ndarray, full_cost: np.ndarray, full_target: np.ndarray, active: np.ndarray, levels: np.ndarray
) -> np.ndarray:
    """Delivered share per programme: the level (whole, scalable) or the weighted mean of yearly levels.

    Flexible weights are the yearly targets, else the yearly costs, else equal, over the
    scheduled years.
    """
    tw = np.where(active, full_target, 0.0)
    cw = np.where(active, full_cost, 0.0)
    weights = np.where(
        tw.sum(axis=1, keepdims=True) > 0, tw, np.where(cw.sum(axis=1, keepdims=True) > 0, cw, active * 1.0)
    )
    total = weights.sum(axis=1)
    flexible_share = np.where(total > 0, (weights * levels).sum(axis=1) / np.where(total > 0, total, 1.0), 0.0)
    plain_share = np.where(active, levels, 0.0).max(axis=1)
    is_flex = np.array([str(m) == Mode.FLEXIBLE for m in modes], dtype=bool)
    return np.where(is_flex, flexible_share, plain_share)
