"""Models derived from a built one: a plan as a start vector, staying close to a reference plan, extra rows.

Everything here takes a :class:`~targetplan.model.formulation.Formulation` and returns
arrays or a new formulation; nothing solves.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .formulation import INF, ROW_KEYS, Formulation, RowKind

__all__ = ["KEPT_LEVEL", "append_rows", "encode", "with_reference"]

#: Smallest level of a scalable/flexible programme kept from a reference plan (1 % of its scope).
KEPT_LEVEL = 0.01


def encode(form: Formulation, start_years: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Turn a plan (start year and levels per programme, catalogue order) into a solution vector.

    Used to warm-start re-solves from a known plan. Programmes that do not run, or
    start outside their allowed starts, get zeros.

    Parameters
    ----------
    start_years : array of int
        Start year per programme in catalogue order; -1 when it does not run.
    levels : array
        Programme × year levels in catalogue order.
    """
    first = form.years[0]
    start = np.asarray(start_years, dtype=np.int64)[form.order]
    lv = np.asarray(levels, dtype=float)[form.order]
    x = np.zeros(form.num_cols)
    chosen = start[form.act_prog] == form.act_start + first
    x[form.act_y[chosen]] = 1.0
    cells = chosen[form.cell_act]
    carried = form.cell_col[cells] != form.act_y[form.cell_act[cells]]
    cols = form.cell_col[cells][carried]
    x[cols] = lv[form.cell_prog[cells][carried], form.cell_year[cells][carried]]
    return x


def append_rows(
    form: Formulation, groups: list[tuple[np.ndarray, np.ndarray, float, float, RowKind, dict[str, Any]]]
) -> Formulation:
    """Return ``form`` with rows appended (unscaled): per group (column matrix, coefficients, lower, upper, kind, keys).

    Each group adds one row per line of its column matrix, with the same coefficients.
    """
    starts, indexes, values, lowers, uppers = [], [], [], [], []
    keys: dict[str, list[Any]] = {k: [] for k in ("kind", *ROW_KEYS)}
    offset = int(form.start[-1])
    for cols, coefs, lower, upper, kind, row_keys in groups:
        for line in cols:
            indexes.append(line.astype(form.index.dtype))
            values.append(np.asarray(coefs, dtype=float))
            offset += len(line)
            starts.append(offset)
            lowers.append(lower)
            uppers.append(upper)
            keys["kind"].append(str(kind))
            for key, default in ROW_KEYS.items():
                keys[key].append(row_keys.get(key, default))
    if not starts:
        return form
    row_keys = {
        k: np.concatenate([form.row_keys[k], np.array(v, dtype=form.row_keys[k].dtype)]) for k, v in keys.items()
    }
    return dataclasses.replace(
        form,
        start=np.concatenate([form.start, np.array(starts, dtype=form.start.dtype)]),
        index=np.concatenate([form.index, *indexes]),
        value=np.concatenate([form.value, *values]),
        row_lower=np.concatenate([form.row_lower, lowers]),
        row_upper=np.concatenate([form.row_upper, uppers]),
        row_keys=row_keys,
        row_scale=np.concatenate([form.row_scale, np.ones(len(starts))]),
    )


def with_reference(
    form: Formulation,
    reference_starts: dict[str, int | None],
    max_changes: int | None = None,
    value_tolerance: float = 0.0,
) -> Formulation:
    r"""Return a copy of the model that prefers (or is limited to) few changes from a reference plan.

    A *change* is a programme that enters, leaves, or starts in another year than in the
    reference. With :math:`R` the programmes whose reference start is still allowed,
    :math:`\mathrm{changes} = \sum_{p \in R} (1 - y_{p,s^{ref}_p}) + \#\{p \text{ ran in the
    reference but cannot start then now}\} + \sum_{p \notin \mathrm{ref}} \sum_s y_{p,s}` —
    linear in :math:`y`. ``max_changes`` adds the row :math:`\mathrm{changes} \le k`; in any
    case the tie-break objective counts a change as more than every other tie-break
    term, so among plans of equal value the closest to the reference wins.

    Parameters
    ----------
    reference_starts : dict
        Programme id → start year in the reference plan (``None``: did not run).
    max_changes : int, optional
        Largest number of changes allowed.
    value_tolerance : float, default 0
        Share of the optimal value the tie-break may give up to stay closer to the
        reference (0: only among plans of equal value).
    """
    first = form.years[0]
    ref = np.array([reference_starts.get(str(p)) for p in form.ids], dtype=object)
    ref_year = np.array([-1 if s is None else int(s) for s in ref], dtype=np.int64)
    act_is_ref = ref_year[form.act_prog] == form.act_start + first
    ref_ok = np.zeros(len(form.ids), dtype=bool)
    ref_ok[form.act_prog[act_is_ref]] = True
    ran = ref_year >= 0
    constant = float(ref_ok.sum() + (ran & ~ref_ok).sum())
    coef = np.zeros(form.num_cols)
    # -1 for keeping the reference start; 0 for another start of a programme that ran (leaving its reference
    # start already counts 1); +1 for starting a programme that did not run
    coef[form.act_y] = np.where(act_is_ref, -1.0, np.where(ran[form.act_prog], 0.0, 1.0))
    weight = float(np.abs(form.tiebreak).sum()) + 1.0
    # Counting changes needs a true yes/no start for every programme (a relaxed one could "half enter").
    col_integer = form.col_integer.copy()
    col_integer[form.act_y] = True
    new = dataclasses.replace(
        form,
        tiebreak=form.tiebreak + weight * coef,
        change_coef=coef,
        change_constant=constant,
        value_tolerance=float(value_tolerance),
        col_integer=col_integer,
        y_continuous=np.zeros_like(form.y_continuous),
    )
    if max_changes is None:
        return new
    # Under a cap on changes, a scalable or flexible programme of the reference that is kept must keep
    # real funding: at its reference start, every level it carries is at least KEPT_LEVEL (else
    # "keeping" it at level zero would dodge the cap). Without a cap the count only orders plans of
    # equal value, so it must not constrain the value.
    soft = ran & (form.mode != "whole")
    keep_cells = np.flatnonzero(soft[form.cell_prog] & act_is_ref[form.cell_act])
    carrier = form.cell_col[keep_cells]
    y_col = form.act_y[form.cell_act[keep_cells]]
    carrier, first_of = np.unique(carrier, return_index=True)
    y_col = y_col[first_of]
    cols = np.flatnonzero(coef)
    return append_rows(
        new,
        [
            (np.stack([carrier, y_col], axis=1), np.array([1.0, -KEPT_LEVEL]), 0.0, INF, RowKind.KEPT, {}),
            (cols[None, :], coef[cols], -INF, float(max_changes) - constant, RowKind.CHANGES, {"n": max_changes}),
        ],
    )
