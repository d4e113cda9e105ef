r"""What a programme's yearly targets mean, by their kind (:class:`~targetplan.inputs.schema.TargetKind`).

Every function here works on programme × year matrices *aligned* the same way (catalogue
years, or offsets from each programme's start) with the first scheduled column of each row
given. With :math:`T_t` the catalogue's target for year :math:`t` of the schedule, :math:`b`
the baseline (``target_baseline``, the value before the first year: :math:`T_{first-1} = b`)
and :math:`\ell_t` the funded level:

* **annual** — the planned target is :math:`\ell_t T_t`; totals add up;
* **cumulative** — :math:`b + \sum_{u \le t} \ell_u (T_u - T_{u-1})`: the level reached by the
  end of year :math:`t`, never beyond the largest catalogue target;
* **index** — :math:`b + \ell_t (T_t - b)`: a value measured each year.

A blank target inside the schedule of a cumulative or index programme keeps the previous
one (the level stays); of an annual one it is 0.

A flexible programme's delivered share weights its years by the targets (annual: :math:`T_t
/ \sum T`), by what each year adds (cumulative: :math:`(T_t - T_{t-1}) / (T_{last} - b)`) or
by the year's share of the cost (index), and by the cost, then equally, where targets do
not tell (:func:`share_weights`).

The model (:mod:`targetplan.model`) and the plan's tables (:mod:`targetplan.results`) use
these functions; the independent check recomputes the same quantities on its own.
"""

from __future__ import annotations

import numpy as np

from .schema import TargetKind

__all__ = ["filled_targets", "increments", "planned_targets", "share_weights"]


def _kinds(kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # compared as objects: a StrEnum equals its text, and str() of each one is slow on large catalogues
    text = np.asarray(kinds, dtype=object)
    return text == TargetKind.CUMULATIVE.value, text == TargetKind.INDEX.value


def filled_targets(kinds: np.ndarray, raw: np.ndarray, baseline: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Return the targets as each kind reads them: blanks kept by cumulative and index ones, before the start ``b``.

    Parameters
    ----------
    kinds : array
        Target kind per programme.
    raw : array (n × years)
        Catalogue targets, ``NaN`` where blank.
    baseline : array
        Value before the first year, per programme.
    first : array of int
        Column of each programme's first scheduled year.

    Examples
    --------
    >>> raw = np.array([[np.nan, 55.0, np.nan, 100.0], [2.0, np.nan, 3.0, np.nan]])
    >>> filled_targets(np.array(["cumulative", "annual"]), raw, np.array([20.0, 0.0]), np.array([1, 0])).tolist()
    [[20.0, 55.0, 55.0, 100.0], [2.0, 0.0, 3.0, 0.0]]
    """
    cumulative, index = _kinds(kinds)
    levels = cumulative | index
    columns = np.arange(raw.shape[1])[None, :]
    started = np.where(columns >= np.asarray(first)[:, None], raw, np.nan)
    # forward fill along the years: each blank takes the last target given before it
    given = np.where(~np.isnan(started), columns, 0)
    np.maximum.accumulate(given, axis=1, out=given)
    carried = np.take_along_axis(started, given, axis=1)
    carried = np.where(np.isnan(carried), np.asarray(baseline, dtype=float)[:, None], carried)
    return np.where(levels[:, None], carried, np.nan_to_num(raw))


def increments(kinds: np.ndarray, filled: np.ndarray, baseline: np.ndarray) -> np.ndarray:
    """Return what each year adds to a cumulative target, :math:`T_t - T_{t-1}` with :math:`T_{first-1} = b`.

    Other kinds add nothing (0).
    """
    cumulative, _ = _kinds(kinds)
    previous = np.concatenate([np.asarray(baseline, dtype=float)[:, None], filled[:, :-1]], axis=1)
    return np.where(cumulative[:, None], filled - previous, 0.0)


def planned_targets(
    kinds: np.ndarray,
    raw: np.ndarray,
    baseline: np.ndarray,
    levels: np.ndarray,
    active: np.ndarray,
    first: np.ndarray,
) -> np.ndarray:
    """Return the yearly targets of funded levels, by kind (0 in years the schedule does not cover).

    Examples
    --------
    Command centre phase 2 (cumulative, from 20 %: 55 % then 100 %) funded at half its
    scope, a yearly training (annual) and an index (from 25):

    >>> raw = np.array([[55.0, 100.0], [10.0, 10.0], [28.0, 32.0]])
    >>> kinds = np.array(["cumulative", "annual", "index"])
    >>> active = np.ones((3, 2), dtype=bool)
    >>> planned_targets(kinds, raw, np.array([20.0, 0, 25]), np.full((3, 2), 0.5), active, np.zeros(3, int)).tolist()
    [[37.5, 60.0], [5.0, 5.0], [26.5, 28.5]]
    """
    cumulative, index = _kinds(kinds)
    b = np.asarray(baseline, dtype=float)[:, None]
    filled = filled_targets(kinds, raw, baseline, first)
    lv = np.where(active, levels, 0.0)
    reached = b + np.cumsum(lv * increments(kinds, filled, baseline), axis=1)
    low = np.minimum(b, np.nanmin(np.where(active, filled, np.inf), axis=1, keepdims=True))
    high = np.maximum(b, np.nanmax(np.where(active, filled, -np.inf), axis=1, keepdims=True))
    reached = np.clip(reached, low, high)
    measured = b + lv * (filled - b)
    out = np.where(cumulative[:, None], reached, np.where(index[:, None], measured, filled * lv))
    return np.where(active, out, 0.0)


def share_weights(
    kinds: np.ndarray,
    raw: np.ndarray,
    baseline: np.ndarray,
    costs: np.ndarray,
    active: np.ndarray,
    first: np.ndarray,
) -> np.ndarray:
    """Return how a flexible programme's delivered share weights its scheduled years (rows sum to 1).

    Annual targets weigh by the targets, cumulative ones by what each year adds, index ones
    by the year's share of the cost; where that gives nothing (no targets, no rise), by the
    costs, else equally.

    Examples
    --------
    >>> raw = np.array([[55.0, 100.0], [28.0, 32.0]])
    >>> w = share_weights(np.array(["cumulative", "index"]), raw, np.array([20.0, 25.0]),
    ...                   np.array([[3.0, 1.0], [1.0, 1.0]]), np.ones((2, 2), bool), np.zeros(2, int))
    >>> w.round(4).tolist()
    [[0.4375, 0.5625], [0.5, 0.5]]
    """
    cumulative, index = _kinds(kinds)
    filled = filled_targets(kinds, raw, baseline, first)
    by_target = np.where(active, np.nan_to_num(raw), 0.0)
    by_rise = np.where(active, np.clip(increments(kinds, filled, baseline), 0.0, None), 0.0)
    by_cost = np.where(active, costs, 0.0)
    primary = np.where(cumulative[:, None], by_rise, np.where(index[:, None], by_cost, by_target))
    weights = np.where(
        primary.sum(axis=1, keepdims=True) > 0,
        primary,
        np.where(by_cost.sum(axis=1, keepdims=True) > 0, by_cost, active * 1.0),
    )
    total = weights.sum(axis=1, keepdims=True)
    return np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
