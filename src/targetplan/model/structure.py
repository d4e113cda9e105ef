r"""The model's variables: programmes in model order, their possible starts, and the levels they carry.

:func:`variables` turns the catalogue (and the count caps, which need yes/no starts) into
arrays: one *activity* per programme and allowed start year (its start variable
:math:`y_{p,s}`), one *cell* per activity and scheduled year (the level it carries into
that year: :math:`y`, :math:`\lambda` or :math:`z`), the column bounds and the delivered
share of each programme as a linear form of the columns. The constraint families of
:mod:`targetplan.model.constraints` read these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..inputs.catalog import Catalog
from ..inputs.policy import CountCap, Policy
from ..inputs.schema import CarryOver, Mode
from ..inputs.targets import share_weights

__all__ = ["Structure", "count_groups", "position_in_block", "variables"]


def position_in_block(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, counts[0]-1, 0, 1, …, counts[1]-1, …: each entry's position inside its block."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


@dataclass
class Structure:
    """Programmes (model order: by id), activities (programme, start), cells (activity, scheduled year), columns."""

    catalog: Catalog
    years: tuple[int, ...]
    # programmes, model order
    order: np.ndarray
    ids: np.ndarray
    mode: np.ndarray
    priority: np.ndarray
    min_level: np.ndarray
    continuing: np.ndarray
    mandatory: np.ndarray
    excluded: np.ndarray
    e_off: np.ndarray
    requires: np.ndarray
    groups: np.ndarray
    group_required: np.ndarray
    is_whole: np.ndarray
    is_scal: np.ndarray
    is_flex: np.ndarray
    # schedules shifted to offsets from earliest start
    src: np.ndarray
    valid: np.ndarray
    omega: np.ndarray
    n_starts: np.ndarray
    y_continuous: np.ndarray
    # activities
    act_prog: np.ndarray
    act_first: np.ndarray
    act_start: np.ndarray
    act_y: np.ndarray
    act_lambda: np.ndarray
    scal_act: np.ndarray
    # cells
    cell_act: np.ndarray
    cell_prog: np.ndarray
    cell_k: np.ndarray
    cell_year: np.ndarray
    cell_cost: np.ndarray
    cell_target: np.ndarray
    cell_col: np.ndarray
    flex_cells: np.ndarray
    # requires pairs (B requires A)
    req_b: np.ndarray
    req_a: np.ndarray
    # columns
    col_lower: np.ndarray
    col_upper: np.ndarray
    col_integer: np.ndarray
    # delivered share u_p = sum share_coef * x[share_col]
    share_prog: np.ndarray
    share_col: np.ndarray
    share_coef: np.ndarray
    _texts: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        """Number of programmes."""
        return len(self.ids)

    @property
    def n_years(self) -> int:
        """Number of horizon years."""
        return len(self.years)

    @property
    def first(self) -> int:
        """First horizon year."""
        return self.years[0]

    @property
    def n_cols(self) -> int:
        """Number of columns (variables)."""
        return len(self.col_lower)

    @property
    def money(self) -> np.ndarray:
        """Cells that cost something."""
        return self.cell_cost > 0

    def text_of(self, column: str) -> np.ndarray:
        """Return a grouping column of the catalogue as text, in model order (converted once per build)."""
        if column not in self._texts:
            self._texts[column] = self.catalog.text(column)[self.order]
        return self._texts[column]

    def shifted(self, matrix: np.ndarray) -> np.ndarray:
        """Move a (catalogue order) programme × year matrix to offsets from each programme's earliest start."""
        return np.where(self.valid, np.take_along_axis(matrix[self.order], self.src, axis=1), 0.0)

    def cell_values(self, matrix: np.ndarray) -> np.ndarray:
        """Read a (catalogue order) programme × year matrix at every cell (e.g. the part paid from a source)."""
        return self.shifted(matrix)[self.cell_prog, self.cell_k]


def count_groups(values: np.ndarray | None, group: str | None, n: int) -> list[tuple[str, np.ndarray]]:
    """(group value, member mask) pairs a count cap applies to, one cap per group.

    ``values`` is the cap's grouping column as text in model order (``None``: no grouping).
    """
    if values is None:
        return [("", np.ones(n, dtype=bool))]
    chosen = [group] if group is not None else sorted(set(values))
    return [(g, values == g) for g in chosen]


def _counted(s_text: dict[str, np.ndarray], caps: tuple[CountCap, ...], n: int) -> np.ndarray:
    """Programmes a count cap counts: they need a true yes/no start variable."""
    counted = np.zeros(n, dtype=bool)
    for cap in caps:
        if cap.group_by is None or cap.group is None:
            counted[:] = True
        else:
            counted |= s_text[cap.group_by] == cap.group
    return counted


def variables(catalog: Catalog, policy: Policy) -> Structure:
    """Make the model's programmes, activities, cells and columns (DESIGN section 4)."""
    years = catalog.years
    n_years = len(years)
    first = years[0]

    # Deterministic model order: by id, whatever the row order of the catalogue.
    all_ids = np.asarray(catalog.ids, dtype=str)
    order = np.argsort(all_ids, kind="stable")
    ids = all_ids[order]
    cost = catalog.cost_matrix()[order]
    raw_target = catalog.target_matrix()[order]
    target = np.nan_to_num(raw_target)
    mode = np.array([str(m) for m in catalog.values("mode")[order]])
    priority = catalog.values("priority").astype(float)[order]
    min_level = catalog.values("min_level").astype(float)[order]
    continuing = catalog.values("status")[order] == CarryOver.CONTINUING
    mandatory = catalog.values("mandatory").astype(bool)[order]
    excluded = catalog.values("excluded").astype(bool)[order]
    e_off = catalog.values("earliest_start").astype(np.int64)[order] - first
    l_off = catalog.values("latest_start").astype(np.int64)[order] - first
    requires = catalog.values("requires")[order]
    groups = catalog.values("exclusive_group")[order]
    group_required = catalog.values("group_required").astype(bool)[order]
    n = len(ids)

    # A scalable programme that must run at full level is a whole one.
    mode = np.where((mode == Mode.SCALABLE) & (min_level >= 1.0), str(Mode.WHOLE), mode)
    is_whole = mode == Mode.WHOLE
    is_scal = mode == Mode.SCALABLE
    is_flex = mode == Mode.FLEXIBLE

    # Schedule in offsets from earliest start: shift each row left by e_off.
    col_idx = np.arange(n_years)
    src = np.clip(col_idx[None, :] + e_off[:, None], 0, n_years - 1)
    valid = (col_idx[None, :] + e_off[:, None]) < n_years
    sched_cost = np.where(valid, np.take_along_axis(cost, src, axis=1), 0.0)
    sched_target = np.where(valid, np.take_along_axis(target, src, axis=1), 0.0)
    active = (sched_cost > 0) | (sched_target > 0)
    active[~active.any(axis=1), 0] = True  # a programme with an empty schedule is active in its start year
    duration = np.where(active.any(axis=1), n_years - np.argmax(active[:, ::-1], axis=1), 1)

    # Flexible share weights over active offsets, by the kind of target (targets, rises or costs; else costs,
    # else equal)
    raw_sched = np.where(valid, np.take_along_axis(raw_target, src, axis=1), np.nan)
    kinds = catalog.values("target_kind")[order]
    baseline = catalog.values("target_baseline").astype(float)[order]
    omega = share_weights(kinds, raw_sched, baseline, sched_cost, active, np.zeros(len(ids), dtype=np.int64))

    # activities: one per programme and allowed start
    last_start = np.minimum(l_off, n_years - duration)
    n_starts = np.where(excluded, 0, np.maximum(last_start - e_off + 1, 0))
    act_prog = np.repeat(np.arange(n), n_starts)
    act_first = np.cumsum(n_starts) - n_starts
    act_start = e_off[act_prog] + position_in_block(n_starts)
    n_act = len(act_prog)

    # requires pairs (B, A): B requires A, in catalogue order of B then of its list
    req_len = np.fromiter((len(r) for r in requires), dtype=np.int64, count=n)
    req_b = np.repeat(np.arange(n), req_len)
    req_a = np.searchsorted(ids, np.array([a for r in requires for a in r], dtype=str)).astype(np.int64)
    in_requires = np.zeros(n, dtype=bool)
    in_requires[req_b] = True
    in_requires[req_a] = True
    in_group = groups != ""
    caps = tuple(policy.count_caps)
    texts = {c.group_by: catalog.text(c.group_by)[order] for c in caps if c.group_by is not None}
    in_count = _counted(texts, caps, n)
    y_continuous = (~is_whole) & (min_level <= 0) & (n_starts == 1) & ~in_requires & ~in_group & ~mandatory & ~in_count

    # columns: y for each activity, then λ for scalable activities, then z for flexible cells
    act_y = np.arange(n_act)
    n_cols = n_act
    scal_act = np.flatnonzero(is_scal[act_prog])
    act_lambda = np.full(n_act, -1)
    act_lambda[scal_act] = n_cols + np.arange(len(scal_act))
    n_cols += len(scal_act)

    # cells: (activity, active offset k)
    k_count = active.sum(axis=1)
    flat_k = np.nonzero(active)[1]  # row-major: active offsets of programme 0, then 1 ...
    k_ptr = np.cumsum(k_count) - k_count
    cnt = k_count[act_prog]
    cell_act = np.repeat(np.arange(n_act), cnt)
    cell_prog = act_prog[cell_act]
    cell_k = flat_k[k_ptr[cell_prog] + position_in_block(cnt)]
    flex_cells = np.flatnonzero(is_flex[cell_prog])
    cell_col = np.where(is_scal[cell_prog], act_lambda[cell_act], act_y[cell_act])
    cell_col[flex_cells] = n_cols + np.arange(len(flex_cells))
    n_cols += len(flex_cells)

    col_integer = np.zeros(n_cols, dtype=bool)
    col_integer[act_y] = ~y_continuous[act_prog]

    # delivered share
    whole_act = is_whole[act_prog]
    share_prog = np.concatenate([act_prog[whole_act], act_prog[scal_act], cell_prog[flex_cells]])
    share_col = np.concatenate([act_y[whole_act], act_lambda[scal_act], cell_col[flex_cells]])
    share_coef = np.concatenate(
        [np.ones(int(whole_act.sum())), np.ones(len(scal_act)), omega[cell_prog[flex_cells], cell_k[flex_cells]]]
    )
    return Structure(
        catalog=catalog,
        years=years,
        order=order,
        ids=ids,
        mode=mode,
        priority=priority,
        min_level=min_level,
        continuing=continuing,
        mandatory=mandatory,
        excluded=excluded,
        e_off=e_off,
        requires=requires,
        groups=groups,
        group_required=group_required,
        is_whole=is_whole,
        is_scal=is_scal,
        is_flex=is_flex,
        src=src,
        valid=valid,
        omega=omega,
        n_starts=n_starts,
        y_continuous=y_continuous,
        act_prog=act_prog,
        act_first=act_first,
        act_start=act_start,
        act_y=act_y,
        act_lambda=act_lambda,
        scal_act=scal_act,
        cell_act=cell_act,
        cell_prog=cell_prog,
        cell_k=cell_k,
        cell_year=act_start[cell_act] + cell_k,
        cell_cost=sched_cost[cell_prog, cell_k],
        cell_target=sched_target[cell_prog, cell_k],
        cell_col=cell_col,
        flex_cells=flex_cells,
        req_b=req_b,
        req_a=req_a,
        col_lower=np.zeros(n_cols),
        col_upper=np.ones(n_cols),
        col_integer=col_integer,
        share_prog=share_prog,
        share_col=share_col,
        share_coef=share_coef,
        _texts=texts,
    )
