"""A built model: the matrix, bounds and objective as arrays, and what every row and column means.

A :class:`Formulation` is solver-free data. Its rows come in named blocks: every row has a
*kind* (``ceiling``, ``group``, ``requires`` …) and keys saying what it is about (the
year, the group, the funding source, the programme, the input item it comes from), so a
row is found by name and index (:meth:`Formulation.rows_of`), never by parsing its text;
:meth:`Formulation.describe_row` writes it for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ..inputs.budget import Budget
    from ..inputs.catalog import Catalog
    from ..inputs.policy import Policy

__all__ = ["ROW_KEYS", "Formulation", "RowBlock", "RowKind", "assemble"]

INF = float("inf")


class RowKind(StrEnum):
    """What a row of the model says."""

    START = "start"
    """At most one start per programme (exactly one for a mandatory one)."""
    LEVEL_UPPER = "level_upper"
    """A level is carried only by a programme that runs."""
    LEVEL_LOWER = "level_lower"
    """A programme that runs runs at least at its ``min_level``."""
    CEILING = "ceiling"
    """A year's spending within its ceiling less reserve."""
    GROUP = "group"
    """A group's spending in a year within its cap / above its floor."""
    SOURCE = "source"
    """What a funding source pays in a year within its ceiling."""
    RUNNING = "running"
    """At most so many programmes running in a year (a count cap)."""
    NEW_STARTS = "new_starts"
    """At most so many programmes starting in a year (a count cap)."""
    REQUIRES = "requires"
    """A programme starts only if what it requires started no later."""
    EXCLUSIVE = "exclusive"
    """At most one programme of an exclusive group (exactly one when required)."""
    CONTINUITY = "continuity"
    """Carry-overs deliver at least the continuity floor."""
    COMMITMENT = "commitment"
    """What earlier terms commit of a later year's ceiling."""
    SMOOTH = "smooth"
    """A flexible programme's level changes little from year to year."""
    CHANGES = "changes"
    """At most so many changes from a reference plan."""
    KEPT = "kept"
    """A programme kept from the reference plan keeps real funding."""
    VALUE_FLOOR = "value_floor"
    """The plan is worth at least a given objective value."""
    COVER = "cover"
    """Programmes that together pass a money limit do not all run (added where a solver's tolerance let them)."""


#: Keys every row has, with the value of a row the key does not apply to.
ROW_KEYS: dict[str, Any] = {
    "year": -1,  # the calendar year the row is about
    "group_by": "",  # catalogue column of a group limit or a count cap
    "group": "",  # the group (a value of group_by, or an exclusive group)
    "source": "",  # funding source
    "programme": "",  # programme id
    "other": "",  # the programme required (requires rows)
    "boundary": -1,  # first year of the later term (commitment rows)
    "item": -1,  # position of the input item: budget.limits[i], policy.count_caps[i]
    "n": -1,  # a count: the cap of a count row, the allowed changes
}
_INT_KEYS = {k for k, v in ROW_KEYS.items() if isinstance(v, int)}


@dataclass
class RowBlock:
    """Rows of one kind as COO triplets.

    Entry ``e`` puts ``val[e]`` in row ``entry_row[e]`` (counted from 0), column ``col[e]``;
    ``keys`` holds one array per key of :data:`ROW_KEYS` that applies (one value per row).
    """

    kind: RowKind
    entry_row: np.ndarray
    col: np.ndarray
    val: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    keys: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of rows."""
        return len(self.lower)


@dataclass
class Formulation:
    """A built model: arrays of the matrix, bounds and objective, plus the index maps.

    Rows are stored in CSR form (``start``, ``index``, ``value``), already scaled by
    ``row_scale``; ``row_keys`` says what each row is (see :data:`ROW_KEYS`). Attributes
    ending in ``_of_*`` / starting with ``act_`` or ``cell_`` map model entities back to
    programmes and years.
    """

    catalog: Catalog
    budget: Budget
    policy: Policy
    years: tuple[int, ...]
    ids: np.ndarray  # programme ids, sorted (the model's programme order)
    order: np.ndarray  # catalogue position of each model programme
    # columns
    col_lower: np.ndarray
    col_upper: np.ndarray
    col_integer: np.ndarray
    objective: np.ndarray  # maximised
    tiebreak: np.ndarray  # minimised in the second phase
    # rows (CSR)
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    row_keys: dict[str, np.ndarray]
    row_scale: np.ndarray
    # activities (programme, start)
    act_prog: np.ndarray
    act_start: np.ndarray  # year offset of the start
    act_y: np.ndarray  # column of y
    # cells (activity, scheduled offset): the level carried into a year
    cell_act: np.ndarray
    cell_prog: np.ndarray
    cell_year: np.ndarray  # year offset
    cell_col: np.ndarray
    cell_cost: np.ndarray
    cell_target: np.ndarray
    # delivered share u_p = sum share_coef * x[share_col]
    share_prog: np.ndarray
    share_col: np.ndarray
    share_coef: np.ndarray
    mode: np.ndarray
    priority: np.ndarray
    weight: np.ndarray
    y_continuous: np.ndarray  # per programme: y relaxed (pure LP programme)
    ceiling_rows: np.ndarray  # row index of each year's ceiling
    build_seconds: float = 0.0
    # changes from a reference plan = change_constant + change_coef @ x (see with_reference)
    change_coef: np.ndarray | None = None
    change_constant: float = 0.0
    # share of the optimum the tie-break may give up (to stay closer to a reference plan)
    value_tolerance: float = 0.0

    @property
    def num_cols(self) -> int:
        """Number of variables."""
        return len(self.col_lower)

    @property
    def num_rows(self) -> int:
        """Number of constraint rows."""
        return len(self.row_lower)

    @property
    def is_mip(self) -> bool:
        """Whether any variable is integer."""
        return bool(self.col_integer.any())

    @property
    def row_kind(self) -> np.ndarray:
        """The :class:`RowKind` value of every row."""
        return self.row_keys["kind"]

    def rows_of(self, kind: str, **keys: Any) -> np.ndarray:
        """Row numbers of ``kind`` whose keys equal the values given, in model order.

        Examples
        --------
        >>> import targetplan as tp
        >>> ex = tp.load_example("bogor")
        >>> form = tp.build(ex.catalog, ex.budget)
        >>> form.rows_of("ceiling", year=2024).tolist() == [int(form.ceiling_rows[2])]
        True
        """
        mask = self.row_keys["kind"] == kind
        for key, value in keys.items():
            mask &= self.row_keys[key] == value
        return np.flatnonzero(mask)

    def row_key(self, row: int, key: str) -> Any:
        """One key of one row, as a plain Python value."""
        value = self.row_keys[key][row]
        return value.item() if isinstance(value, np.generic) else value

    def describe_row(self, row: int) -> str:
        """Describe the row in words (``"ceiling 2024"``, ``"dimension governance 2025"`` …)."""
        k = {key: self.row_key(row, key) for key in self.row_keys}
        kind, year = k["kind"], k["year"]
        if kind == RowKind.START:
            return f"one start of {k['programme']}"
        if kind == RowKind.CEILING:
            return f"ceiling {year}"
        if kind == RowKind.GROUP:
            return f"{k['group_by']} {k['group']} {year}"
        if kind == RowKind.SOURCE:
            return f"source {k['source']} {year}"
        if kind in (RowKind.RUNNING, RowKind.NEW_STARTS):
            who = "all programmes" if not k["group_by"] else f"{k['group_by']} {k['group']}"
            what = "running" if kind == RowKind.RUNNING else "new starts"
            return f"at most {k['n']} {what} in {year} ({who})"
        if kind == RowKind.REQUIRES:
            return f"{k['programme']} requires {k['other']} (start {year})"
        if kind == RowKind.EXCLUSIVE:
            return f"exclusive group {k['group']}"
        if kind == RowKind.CONTINUITY:
            return "continuity floor"
        if kind == RowKind.COMMITMENT:
            return f"commitment cap {year} (programmes started before {k['boundary']})"
        if kind == RowKind.CHANGES:
            return f"at most {k['n']} changes from the reference plan"
        if kind == RowKind.VALUE_FLOOR:
            return "value floor"
        if kind == RowKind.COVER:
            return "programmes that together pass a money limit"
        return f"{kind} {k['programme']}".strip()

    @cached_property
    def rows(self) -> pd.DataFrame:
        """Every row as a table: its keys, and its bounds in the row's own units (rupiah for money rows)."""
        table = pd.DataFrame({key: values for key, values in self.row_keys.items()})
        table["lower"] = self.row_lower * self.row_scale
        table["upper"] = self.row_upper * self.row_scale
        return table

    def row_activity(self, x: np.ndarray) -> np.ndarray:
        """Unscaled row activities for a solution ``x``."""
        counts = np.diff(self.start)
        rows = np.repeat(np.arange(self.num_rows), counts)
        act = np.bincount(rows, weights=self.value * x[self.index], minlength=self.num_rows)
        return act * self.row_scale

    def __repr__(self) -> str:
        kind = "MIP" if self.is_mip else "LP"
        return f"Formulation({kind}, {self.num_cols} variables, {self.num_rows} rows, {len(self.ids)} programmes)"


def _key_array(key: str, blocks: list[RowBlock]) -> np.ndarray:
    dtype: Any = np.int64 if key in _INT_KEYS else object
    out = np.empty(sum(b.size for b in blocks), dtype=dtype)
    out[:] = ROW_KEYS[key]
    at = 0
    for b in blocks:  # most blocks do not have most keys: they keep the default
        value = b.keys.get(key)
        if value is not None:
            out[at : at + b.size] = value
        at += b.size
    return out


def assemble(blocks: list[RowBlock]) -> dict[str, Any]:
    """Join row blocks into one scaled CSR matrix with its bounds and keys.

    Duplicate (row, column) entries are added up, zeros dropped, and every row divided by
    its largest coefficient, so that rupiah amounts (10^9–10^12) and levels (0–1) sit in
    one well-conditioned matrix.

    Returns
    -------
    dict
        ``start``, ``index``, ``value``, ``row_lower``, ``row_upper``, ``row_scale``,
        ``row_keys`` and ``offsets`` (the first row of each block).
    """
    blocks = [b for b in blocks if b.size]
    offsets = np.cumsum([0] + [b.size for b in blocks])
    n = int(offsets[-1])
    if blocks:
        r_all = np.concatenate(
            [np.asarray(b.entry_row, dtype=np.int64) + o for b, o in zip(blocks, offsets, strict=False)]
        )
        c_all = np.concatenate([np.asarray(b.col, dtype=np.int64) for b in blocks])
        v_all = np.concatenate([np.asarray(b.val, dtype=float) for b in blocks])
        lo = np.concatenate([np.asarray(b.lower, dtype=float) for b in blocks])
        up = np.concatenate([np.asarray(b.upper, dtype=float) for b in blocks])
    else:
        r_all = c_all = np.empty(0, dtype=np.int64)
        v_all = lo = up = np.empty(0)
    keep = v_all != 0
    r_all, c_all, v_all = r_all[keep], c_all[keep], v_all[keep]
    key = np.lexsort((c_all, r_all))
    r_all, c_all, v_all = r_all[key], c_all[key], v_all[key]
    if len(r_all):  # merge duplicate (row, col) entries
        new = np.ones(len(r_all), dtype=bool)
        new[1:] = (r_all[1:] != r_all[:-1]) | (c_all[1:] != c_all[:-1])
        v_all = np.bincount(np.cumsum(new) - 1, weights=v_all)
        r_all, c_all = r_all[new], c_all[new]
    scale = np.ones(n)
    if len(r_all):
        largest = np.zeros(n)
        np.maximum.at(largest, r_all, np.abs(v_all))
        scale = np.where(largest > 0, largest, 1.0)
    keys = {
        "kind": np.concatenate([np.full(b.size, str(b.kind), dtype=object) for b in blocks])
        if blocks
        else np.empty(0, dtype=object)
    }
    keys.update({k: _key_array(k, blocks) for k in ROW_KEYS})
    return {
        "start": np.concatenate([[0], np.cumsum(np.bincount(r_all, minlength=n))]).astype(np.int64),
        "index": c_all.astype(np.int32),
        "value": v_all / scale[r_all],
        "row_lower": lo / scale,
        "row_upper": up / scale,
        "row_scale": scale,
        "row_keys": keys,
        "offsets": offsets[:-1],
    }
