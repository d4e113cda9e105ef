"""A plan by any catalogue column: spending, value and programmes per group (``plan.by("program")``).

Solver-free: everything comes from the plan's tables and its catalogue. The groups are the
values of a catalogue column — ``dimension``, ``agency``, or the level columns of a
catalogue with nomenclature codes (``urusan``, ``bidang``, ``program``, ``kegiatan``) —
so a plan can be read by program code as the budget documents read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError
from ..inputs.codes import LEVEL_COLUMNS, sort_key
from ..inputs.schema import catalogue_column
from ..inputs.tables import did_you_mean
from ..text.money import MILIAR

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["group_table"]


def group_table(plan: Plan, column: str) -> pd.DataFrame:
    """Spending, value and programmes of a plan per group of a catalogue column.

    Parameters
    ----------
    plan : Plan
    column : str
        A catalogue column, matched like a file header (``"program"``, ``"dimensi"``,
        ``"Perangkat Daerah"``).

    Returns
    -------
    DataFrame
        Index: the column's values (every group of the catalogue, in nomenclature order
        for a level column). Columns ``name`` (for a level column, where the catalogue
        has ``<level>_name``), ``candidates`` (programmes in the catalogue),
        ``programmes`` (in the plan), ``cost`` (rupiah over the horizon), ``value``
        (priority × delivered share), ``value_per_miliar`` (NaN without cost) and
        ``cost_<YYYY>`` (spending per year).

    Raises
    ------
    ArgumentError
        For a column the catalogue does not have.
    """
    name = catalogue_column(column)
    catalog = plan.catalog
    if name not in catalog.columns:
        hint = did_you_mean(name, list(catalog.columns))
        raise ArgumentError(
            f"the catalogue has no column {column!r}"
            + (f"; {hint}" if hint else "")
            + "; group by dimension, agency, or a level column (urusan, bidang, program, kegiatan) "
            "of a catalogue with a code column"
        )
    ids = list(catalog.ids)
    groups = pd.Series(catalog.text(name), index=pd.Index(ids, name="id"))
    sel = plan.selection.reindex(ids)
    costs = plan.costs.reindex(ids).fillna(0.0)
    frame = pd.DataFrame(
        {
            "group": groups,
            "candidates": 1,
            "programmes": sel["runs"].fillna(False).astype(bool).astype(int),
            "cost": sel["cost"].fillna(0.0).astype(float),
            "value": sel["value"].fillna(0.0).astype(float),
        }
    )
    for year in plan.years:
        frame[f"cost_{year}"] = costs[year].astype(float)
    table = frame.groupby("group", sort=False).sum()
    order = sorted(table.index, key=sort_key) if name in LEVEL_COLUMNS else sorted(table.index)
    table = table.loc[order]
    table.insert(
        4,
        "value_per_miliar",
        np.where(table["cost"] > 0, table["value"] / (table["cost"] / MILIAR), np.nan),
    )
    names_col = f"{name}_name"
    if name in LEVEL_COLUMNS and names_col in catalog.columns:
        names = pd.Series(catalog.text(names_col), index=groups.index)
        first = names[names != ""].groupby(groups[names != ""]).first()
        table.insert(0, "name", [str(first.get(g, "")) for g in table.index])
    table.index.name = name
    return table
