"""Elastic models: rules that may be broken at a price, to find out which rules conflict and by how much.

:func:`with_slack` adds one priced slack column per (row, direction) and makes the
objective the least priced slack. The diagnosis of an infeasible plan and the "how much
more money would let this programme in" explanation are solved this way, like any plan.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .formulation import Formulation

__all__ = ["with_slack"]


def with_slack(form: Formulation, slack_of: list[tuple[int, int]], prices: np.ndarray) -> Formulation:
    """Return the model with one slack column per (row, sign): value 0, cost ``prices`` (the least is best).

    A slack of sign +1 lets a row's activity fall below its lower bound, of sign -1 rise
    above its upper bound; its amount in the row's own units is ``x[slack] * row_scale[row]``.
    """
    k = len(slack_of)
    rows = np.array([r for r, _ in slack_of], dtype=np.int64)
    signs = np.array([sign for _, sign in slack_of], dtype=float)
    entry_row = np.concatenate([np.repeat(np.arange(form.num_rows), np.diff(form.start)), rows])
    order = np.argsort(entry_row, kind="stable")
    counts = np.bincount(entry_row, minlength=form.num_rows)
    return dataclasses.replace(
        form,
        col_lower=np.concatenate([form.col_lower, np.zeros(k)]),
        col_upper=np.concatenate([form.col_upper, np.full(k, np.inf)]),
        col_integer=np.concatenate([form.col_integer, np.zeros(k, dtype=bool)]),
        objective=np.concatenate([np.zeros(form.num_cols), -np.asarray(prices, dtype=float)]),  # maximised
        tiebreak=np.zeros(form.num_cols + k),
        start=np.concatenate([[0], np.cumsum(counts)]).astype(form.start.dtype),
        index=np.concatenate([form.index, form.num_cols + np.arange(k)])[order].astype(form.index.dtype),
        value=np.concatenate([form.value, signs])[order],
        change_coef=None,
    )
