r"""The mixed-integer model, built from arrays in bulk.

Notation: programme :math:`p`, allowed start year :math:`s \in S_p` (from
``earliest_start`` to ``latest_start``, trimmed so the shifted schedule ends inside the
horizon), year :math:`t`, offset :math:`k = t - s`. :math:`c_{p,k}` and :math:`g_{p,k}`
are the cost and target of the schedule's :math:`k`-th year, :math:`K_p` the offsets in
which the schedule costs or targets something, :math:`m_p` the ``min_level``.

Variables
---------
* :math:`y_{p,s} \in \{0,1\}` — programme :math:`p` starts in :math:`s`. For whole
  programmes this is also the level.
* scalable: :math:`\lambda_{p,s} \in [0,1]` with
  :math:`m_p\,y_{p,s} \le \lambda_{p,s} \le y_{p,s}` — one level for the whole schedule.
* flexible: :math:`z_{p,s,k} \in [0,1]` with :math:`m_p\,y_{p,s} \le z_{p,s,k} \le y_{p,s}`
  for :math:`k \in K_p` — a level per scheduled year. When a flexible or scalable
  programme has one start, ``min_level`` 0 and takes part in no ``requires`` relation
  and no exclusive group, its :math:`y` is continuous, so the model stays a pure LP.

Write :math:`x_{p,s,k}` for the level carried in offset :math:`k` (:math:`y`,
:math:`\lambda` or :math:`z`). Cost of year :math:`t`:
:math:`C_t = \sum_p \sum_{s} c_{p,t-s}\,x_{p,s,t-s}`; target of :math:`p` in
:math:`t`: :math:`g_{p,t-s}\,x_{p,s,t-s}`.

Delivered share :math:`u_p`: :math:`\sum_s y_{p,s}` (whole), :math:`\sum_s\lambda_{p,s}`
(scalable), :math:`\sum_s\sum_{k\in K_p}\omega_{p,k} z_{p,s,k}` (flexible) with weights
:math:`\omega` proportional to the targets, else the costs, else equal, summing to 1.

Constraints
-----------
* one start: :math:`\sum_s y_{p,s} \le 1`; :math:`= 1` for ``mandatory``; excluded
  programmes get no variables.
* ceilings: :math:`C_t \le (1-r)\,B_t` for every year (``r`` the reserve).
* group limits: :math:`\sum_{p\in g} C_{p,t} \le \text{cap}_{g,t}` and
  :math:`\ge \text{floor}_{g,t}` (a share means share × :math:`B_t`).
* requires (B needs A): :math:`y_{B,s} \le \sum_{s' \le s} y_{A,s'}` for every start
  :math:`s` of B — B may start only if A started no later (no big-M).
* exclusive group :math:`G`: :math:`\sum_{p\in G}\sum_s y_{p,s} \le 1`
  (:math:`= 1` with ``group_required``).
* continuity floor :math:`\varphi`: :math:`\sum_{p\ \mathrm{continuing}} \pi_p u_p \ge
  \varphi \sum_{p\ \mathrm{continuing,\ not\ excluded}} \pi_p`. Delivered shares are used
  (not mere selection) so a carry-over cannot count as continued at level zero.
* commitment cap :math:`\kappa` at the first year :math:`b` of each later term: for
  every :math:`t \ge b`, the cost in :math:`t` of activities with :math:`s < b` is at
  most :math:`\kappa B_t`.
* smoothness :math:`\delta` (flexible): :math:`|z_{p,s,k} - z_{p,s,k'}| \le \delta` for
  consecutive scheduled offsets.
* funding source :math:`f` with yearly ceiling :math:`F_{f,t}`: with :math:`c^f_{p,k}` the
  part of the cost paid from :math:`f` (``cost_<YYYY>_<SOURCE>``),
  :math:`\sum_p\sum_s c^f_{p,t-s}\,x_{p,s,t-s} \le F_{f,t}` (the total ceiling still applies).
* count caps: programmes running in year :math:`t` (their schedule is active then),
  :math:`\sum_{p \in g}\sum_{s:\,t-s \in K_p} y_{p,s} \le R_{g,t}`; programmes starting in
  :math:`t` (carry-overs not counted), :math:`\sum_{p \in g,\ \mathrm{new}} y_{p,t} \le N_{g,t}`.
  Programmes counted by a cap always get a yes/no :math:`y`.

Objective
---------
Maximise :math:`\sum_p w_p u_p` with :math:`w_p = \pi_p (1+\beta)` for continuing
programmes and :math:`\pi_p` otherwise (:math:`\beta` the carry-over bonus). Ties are
broken by a second solve that keeps the objective at the first solve's value and
minimises, in this order of weight, delayed start years, spending, and programmes
selected at level zero.

Every row is scaled by its largest coefficient so that rupiah amounts (10^9–10^12)
and levels (0–1) sit in one well-conditioned matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .budget import Budget, BudgetValidationError
from .catalog import CarryOver, Catalog, Mode
from .exceptions import CatalogValidationError
from .policy import Policy

__all__ = ["Formulation", "build"]

_INF = float("inf")


@dataclass
class _Rows:
    """Accumulates constraint rows as COO triplets (internal)."""

    rows: list[np.ndarray] = field(default_factory=list)
    cols: list[np.ndarray] = field(default_factory=list)
    vals: list[np.ndarray] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    kinds: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    n: int = 0

    def add(
        self,
        row_of_entry: np.ndarray,
        col: np.ndarray,
        val: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        kind: str,
        labels: list[str] | None = None,
    ) -> np.ndarray:
        """Add ``len(lower)`` rows; ``row_of_entry`` numbers them from 0. Returns their indices."""
        count = len(lower)
        if count == 0:
            return np.empty(0, dtype=np.int64)
        self.rows.append(np.asarray(row_of_entry, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.asarray(val, dtype=float))
        self.lower.append(np.asarray(lower, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.kinds.append(np.full(count, kind, dtype=object))
        self.labels.extend(labels if labels is not None else [f"{kind}[{i}]" for i in range(count)])
        idx = np.arange(self.n, self.n + count)
        self.n += count
        return idx


@dataclass
class Formulation:
    """A built model: arrays of the matrix, bounds and objective, plus the index maps.

    Rows are stored in CSR form (``start``, ``index``, ``value``), already scaled.
    Attributes ending in ``_of_*`` map model entities back to programmes and years.
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
    row_kind: np.ndarray
    row_label: list[str]
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

    def row_activity(self, x: np.ndarray) -> np.ndarray:
        """Unscaled row activities for a solution ``x``."""
        counts = np.diff(self.start)
        rows = np.repeat(np.arange(self.num_rows), counts)
        act = np.bincount(rows, weights=self.value * x[self.index], minlength=self.num_rows)
        return act * self.row_scale

    def __repr__(self) -> str:
        kind = "MIP" if self.is_mip else "LP"
        return f"Formulation({kind}, {self.num_cols} variables, {self.num_rows} rows, {len(self.ids)} programmes)"


def _check_inputs(catalog: Catalog, budget: Budget, policy: Policy) -> None:
    years = catalog.years
    failures: list[dict[str, Any]] = []
    missing = [y for y in years if y not in budget.ceilings]
    extra = [y for y in budget.years if y not in years]
    if missing:
        failures.append(
            {
                "row": None,
                "id": None,
                "column": "year",
                "value": missing,
                "problem": f"no ceiling for the catalogue years {missing}",
                "fix": f"give a ceiling for every year {years[0]}-{years[-1]}",
            }
        )
    if extra:
        failures.append(
            {
                "row": None,
                "id": None,
                "column": "year",
                "value": extra,
                "problem": f"ceilings for years outside the catalogue horizon {years[0]}-{years[-1]}",
                "fix": "remove those years, or add cost columns for them (or pass horizon= to read_catalog)",
            }
        )
    frame = catalog._frame
    distinct: dict[str, set[str]] = {}  # a column's values as text, converted once per column

    def values_of(column: str) -> set[str]:
        if column not in distinct:
            distinct[column] = set(frame[column].astype(str).unique())
        return distinct[column]

    for i, lim in enumerate(budget.limits):
        if lim.group_by not in frame.columns:
            from ._tables import did_you_mean

            failures.append(
                {
                    "row": i,
                    "id": None,
                    "column": "group_by",
                    "value": lim.group_by,
                    "problem": f"the catalogue has no column {lim.group_by!r} "
                    f"{did_you_mean(lim.group_by, list(frame.columns))}".strip(),
                    "fix": "group by a catalogue column such as dimension or agency",
                }
            )
            continue
        values = values_of(lim.group_by)
        if lim.group not in values:
            from ._tables import did_you_mean

            failures.append(
                {
                    "row": i,
                    "id": None,
                    "column": "group",
                    "value": lim.group,
                    "problem": f"no programme has {lim.group_by} = {lim.group!r} "
                    f"{did_you_mean(lim.group, sorted(values))}".strip(),
                    "fix": f"use one of: {', '.join(sorted(values)[:12])}",
                }
            )
        if lim.year is not None and lim.year not in years:
            failures.append(
                {
                    "row": i,
                    "id": None,
                    "column": "year",
                    "value": lim.year,
                    "problem": f"limit for a year outside the horizon {years[0]}-{years[-1]}",
                    "fix": "use a horizon year, or leave year blank for every year",
                }
            )
    for source, by_year in budget.source_ceilings.items():
        if source not in catalog.sources:
            import difflib

            close = difflib.get_close_matches(source, list(catalog.sources), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else ""
            failures.append(
                {
                    "row": None,
                    "id": None,
                    "column": "source_ceilings",
                    "value": source,
                    "problem": f"a ceiling for the funding source {source}, which no programme names "
                    f"(sources in the catalogue: {', '.join(catalog.sources) or 'none'})",
                    "fix": f"check the spelling ({hint})"
                    if hint
                    else "name the source in cost_<YYYY>_<SOURCE> columns, or remove its ceiling",
                }
            )
            continue
        outside = sorted(set(by_year) - set(years))
        if outside:
            failures.append(
                {
                    "row": None,
                    "id": None,
                    "column": "source_ceilings",
                    "value": outside,
                    "problem": f"source {source} has ceilings for years outside {years[0]}-{years[-1]}",
                    "fix": "give source ceilings for the catalogue's years only",
                }
            )
    for source, rules in budget.earmarks.items():
        paid = catalog.source_cost_matrix(source).sum(axis=1) > 0
        for column, allowed in rules.items():
            if column not in frame.columns:
                failures.append(
                    {
                        "row": None,
                        "id": None,
                        "column": "earmarks",
                        "value": column,
                        "problem": f"earmark of {source} names a column the catalogue does not have",
                        "fix": "restrict a source by a catalogue column such as dimension or agency",
                    }
                )
                continue
            values = frame[column].astype(str).to_numpy()
            for k in np.flatnonzero(paid & ~np.isin(values, list(allowed))).tolist():
                failures.append(
                    {
                        "row": frame.index[k],
                        "id": frame["id"].iloc[k],
                        "column": f"cost_<year>_{source}",
                        "value": values[k],
                        "problem": f"paid from {source}, which may only pay for {column} {', '.join(allowed)}",
                        "fix": f"pay it from another source, or widen the earmark of {source}",
                    }
                )
    if failures:
        raise BudgetValidationError(failures, "budget vs catalogue")
    policy.check_horizon(years)
    problems: list[dict[str, Any]] = []
    for cap in policy.count_caps:
        if cap.group_by is not None and cap.group_by not in frame.columns:
            problems.append(
                {
                    "row": None,
                    "id": None,
                    "column": "count_caps",
                    "value": cap.group_by,
                    "problem": f"a count cap groups by {cap.group_by!r}, which the catalogue does not have",
                    "fix": "group by a catalogue column such as agency or dimension",
                }
            )
        elif cap.group is not None and cap.group_by is not None and cap.group not in values_of(cap.group_by):
            problems.append(
                {
                    "row": None,
                    "id": None,
                    "column": "count_caps",
                    "value": cap.group,
                    "problem": f"no programme has {cap.group_by} = {cap.group!r}",
                    "fix": "use a value of that column",
                }
            )
        if cap.year is not None and cap.year not in years:
            problems.append(
                {
                    "row": None,
                    "id": None,
                    "column": "count_caps",
                    "value": cap.year,
                    "problem": f"a count cap for a year outside {years[0]}-{years[-1]}",
                    "fix": "use a horizon year, or none for every year",
                }
            )
    if problems:
        from .policy import PolicyValidationError

        raise PolicyValidationError(problems, "policy vs catalogue")


def _count_members(values: np.ndarray | None, group: str | None, n: int) -> np.ndarray:
    """Programmes (model order) that a count cap counts: everything, one group, or every group of a column.

    ``values`` is the cap's grouping column as text in model order (``None``: no grouping).
    """
    if values is None or group is None:
        return np.ones(n, dtype=bool)
    return values == group


def _count_groups(values: np.ndarray | None, group: str | None, n: int) -> list[tuple[str, np.ndarray]]:
    """(group value, member mask) pairs a count cap applies to, one cap per group."""
    if values is None:
        return [("", np.ones(n, dtype=bool))]
    chosen = [group] if group is not None else sorted(set(values))
    return [(g, values == g) for g in chosen]


def _position_in_block(counts: np.ndarray) -> np.ndarray:
    """0, 1, …, counts[0]-1, 0, 1, …, counts[1]-1, …: each entry's position inside its block."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def build(catalog: Catalog, budget: Budget, policy: Policy | None = None) -> Formulation:
    """Build the model of DESIGN section 4 from validated inputs.

    Parameters
    ----------
    catalog, budget, policy
        Validated inputs; ``policy`` defaults to ``Policy()`` (no terms, no floors).

    Returns
    -------
    Formulation

    Raises
    ------
    BudgetValidationError, PolicyValidationError
        When the inputs do not fit each other (years, groups, terms).
    """
    import time

    t0 = time.perf_counter()
    policy = policy or Policy()
    _check_inputs(catalog, budget, policy)
    years = catalog.years
    n_years = len(years)
    first = years[0]
    frame = catalog._frame

    # Deterministic model order: by id, whatever the row order of the catalogue.
    order = np.argsort(frame["id"].to_numpy(dtype=str), kind="stable")
    ids = frame["id"].to_numpy(dtype=str)[order]
    cost = catalog.cost_matrix()[order]
    target = np.nan_to_num(catalog.target_matrix()[order])
    mode = frame["mode"].to_numpy(dtype=object)[order]
    mode = np.array([str(m) for m in mode])
    priority = frame["priority"].to_numpy(dtype=float)[order]
    min_level = frame["min_level"].to_numpy(dtype=float)[order]
    continuing = frame["status"].to_numpy(dtype=object)[order] == CarryOver.CONTINUING
    mandatory = frame["mandatory"].to_numpy(dtype=bool)[order]
    excluded = frame["excluded"].to_numpy(dtype=bool)[order]
    e_off = frame["earliest_start"].to_numpy(dtype=np.int64)[order] - first
    l_off = frame["latest_start"].to_numpy(dtype=np.int64)[order] - first
    requires = frame["requires"].to_numpy(dtype=object)[order]
    groups = frame["exclusive_group"].to_numpy(dtype=object)[order]
    group_required = frame["group_required"].to_numpy(dtype=bool)[order]
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
    no_activity = ~active.any(axis=1)
    active[no_activity, 0] = True  # a programme with an empty schedule is active in its start year
    duration = np.where(active.any(axis=1), n_years - np.argmax(active[:, ::-1], axis=1), 1)

    # Flexible share weights over active offsets: targets, else costs, else equal.
    tw = np.where(active, sched_target, 0.0)
    cw = np.where(active, sched_cost, 0.0)
    w_base = np.where(
        tw.sum(axis=1, keepdims=True) > 0, tw, np.where(cw.sum(axis=1, keepdims=True) > 0, cw, active.astype(float))
    )
    omega = w_base / w_base.sum(axis=1, keepdims=True)

    # --- activities -----------------------------------------------------------
    last_start = np.minimum(l_off, n_years - duration)
    n_starts = np.where(excluded, 0, np.maximum(last_start - e_off + 1, 0))
    act_prog = np.repeat(np.arange(n), n_starts)
    act_first = np.cumsum(n_starts) - n_starts
    act_start = e_off[act_prog] + (np.arange(len(act_prog)) - act_first[act_prog])
    n_act = len(act_prog)

    # requires pairs (B, A): B requires A, in catalogue order of B then of its list
    req_len = np.fromiter((len(r) for r in requires), dtype=np.int64, count=n)
    req_b = np.repeat(np.arange(n), req_len)
    req_a = np.searchsorted(ids, np.array([a for r in requires for a in r], dtype=str)).astype(np.int64)
    in_requires = np.zeros(n, dtype=bool)
    in_requires[req_b] = True
    in_requires[req_a] = True
    in_group = groups != ""
    texts: dict[str, np.ndarray] = {}

    def text_of(column: str) -> np.ndarray:
        """Return a grouping column as text in model order (converted once per build)."""
        if column not in texts:
            texts[column] = frame[column].astype(str).to_numpy()[order]
        return texts[column]

    count_caps = tuple(getattr(policy, "count_caps", ()) or ())
    # a programme counted by a cap on how many run or start needs a true yes/no start variable
    in_count = np.zeros(n, dtype=bool)
    for cap in count_caps:
        in_count |= _count_members(None if cap.group_by is None else text_of(cap.group_by), cap.group, n)
    y_continuous = (~is_whole) & (min_level <= 0) & (n_starts == 1) & ~in_requires & ~in_group & ~mandatory & ~in_count

    # Columns: y for each activity, then λ for scalable activities, then z for flexible cells.
    act_y = np.arange(n_act)
    n_cols = n_act
    scal_act = np.flatnonzero(is_scal[act_prog])
    act_lambda = np.full(n_act, -1)
    act_lambda[scal_act] = n_cols + np.arange(len(scal_act))
    n_cols += len(scal_act)

    # --- cells: (activity, active offset k) --------------------------------------
    k_count = active.sum(axis=1)
    flat_k = np.nonzero(active)[1]  # row-major: active offsets of programme 0, then 1 ...
    k_ptr = np.cumsum(k_count) - k_count
    cnt = k_count[act_prog]
    cell_act = np.repeat(np.arange(n_act), cnt)
    within = np.arange(len(cell_act)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    cell_prog = act_prog[cell_act]
    cell_k = flat_k[k_ptr[cell_prog] + within]
    cell_year = act_start[cell_act] + cell_k
    cell_cost = sched_cost[cell_prog, cell_k]
    cell_target = sched_target[cell_prog, cell_k]
    flex_cells = np.flatnonzero(is_flex[cell_prog])
    cell_col = np.where(is_scal[cell_prog], act_lambda[cell_act], act_y[cell_act])
    cell_col[flex_cells] = n_cols + np.arange(len(flex_cells))
    n_cols += len(flex_cells)

    col_lower = np.zeros(n_cols)
    col_upper = np.ones(n_cols)
    col_integer = np.zeros(n_cols, dtype=bool)
    col_integer[act_y] = ~y_continuous[act_prog]

    # --- delivered share and objective ------------------------------------------
    share_prog = np.concatenate([act_prog[is_whole[act_prog]], act_prog[scal_act], cell_prog[flex_cells]])
    share_col = np.concatenate([act_y[is_whole[act_prog]], act_lambda[scal_act], cell_col[flex_cells]])
    share_coef = np.concatenate(
        [
            np.ones(int(is_whole[act_prog].sum())),
            np.ones(len(scal_act)),
            omega[cell_prog[flex_cells], cell_k[flex_cells]],
        ]
    )
    weight = priority * np.where(continuing, 1.0 + policy.carryover_bonus, 1.0)
    objective = np.bincount(share_col, weights=weight[share_prog] * share_coef, minlength=n_cols)

    rows = _Rows()

    # one start per programme (mandatory: exactly one)
    multi = (n_starts > 1) | (mandatory & (n_starts >= 1))
    sel = np.flatnonzero(multi[act_prog])
    prog_rows = np.full(n, -1)
    prog_rows[multi] = np.arange(int(multi.sum()))
    lower = np.where(mandatory[multi], 1.0, 0.0)
    rows.add(
        prog_rows[act_prog[sel]],
        act_y[sel],
        np.ones(len(sel)),
        lower,
        np.ones(int(multi.sum())),
        "start",
        [f"one start of {p}" for p in ids[multi]],
    )
    impossible = mandatory & (n_starts == 0)
    if impossible.any():
        bad = ids[impossible]
        raise CatalogValidationError(
            [
                {
                    "row": None,
                    "id": p,
                    "column": "mandatory",
                    "value": True,
                    "problem": "mandatory programme with no start that fits the horizon",
                    "fix": "widen its start window or shorten its schedule",
                }
                for p in bad
            ],
            "catalogue",
        )

    # level links: carrier - y <= 0 and carrier - m y >= 0
    link_car = np.concatenate([act_lambda[scal_act], cell_col[flex_cells]])
    link_y = np.concatenate([act_y[scal_act], act_y[cell_act[flex_cells]]])
    link_m = min_level[np.concatenate([act_prog[scal_act], cell_prog[flex_cells]])]
    nl = len(link_car)
    r = np.arange(nl)
    rows.add(
        np.concatenate([r, r]),
        np.concatenate([link_car, link_y]),
        np.concatenate([np.ones(nl), -np.ones(nl)]),
        np.full(nl, -_INF),
        np.zeros(nl),
        "level_upper",
        [""] * nl,
    )
    pos_m = np.flatnonzero(link_m > 0)
    r = np.arange(len(pos_m))
    rows.add(
        np.concatenate([r, r]),
        np.concatenate([link_car[pos_m], link_y[pos_m]]),
        np.concatenate([np.ones(len(pos_m)), -link_m[pos_m]]),
        np.zeros(len(pos_m)),
        np.full(len(pos_m), _INF),
        "level_lower",
        [""] * len(pos_m),
    )

    # yearly ceilings less reserve
    money = cell_cost > 0
    available = np.array([budget.available(y) for y in years])
    ceiling_rows = rows.add(
        cell_year[money],
        cell_col[money],
        cell_cost[money],
        np.full(n_years, -_INF),
        available,
        "ceiling",
        [f"ceiling {y}" for y in years],
    )

    # group caps / floors
    ceilings = np.array([budget.ceilings[y] for y in years])
    for lim in budget.limits:
        member = text_of(lim.group_by) == lim.group
        lim_years = [lim.year - first] if lim.year is not None else list(range(n_years))
        sel_cells = money & member[cell_prog]
        for t in lim_years:
            cap, floor = lim.amounts(ceilings[t])
            m = sel_cells & (cell_year == t)
            rows.add(
                np.zeros(int(m.sum()), dtype=np.int64),
                cell_col[m],
                cell_cost[m],
                np.array([-_INF if floor is None else floor]),
                np.array([_INF if cap is None else cap]),
                "group",
                [f"{lim.group_by} {lim.group} {years[t]}"],
            )

    # funding sources: the part of each cell's cost paid from a source, against that source's yearly ceiling
    source_ceilings = getattr(budget, "source_ceilings", None) or {}
    for source in sorted(source_ceilings):
        by_year = source_ceilings[source]
        src_matrix = catalog.source_cost_matrix(source)[order]
        shifted = np.where(valid, np.take_along_axis(src_matrix, src, axis=1), 0.0)
        cell_src = shifted[cell_prog, cell_k]
        limited = [t for t in range(n_years) if years[t] in by_year]
        row_of = np.full(n_years, -1)
        row_of[limited] = np.arange(len(limited))
        m = (cell_src > 0) & (row_of[cell_year] >= 0)
        rows.add(
            row_of[cell_year[m]],
            cell_col[m],
            cell_src[m],
            np.full(len(limited), -_INF),
            np.array([float(by_year[years[t]]) for t in limited]),
            "source",
            [f"source {source} {years[t]}" for t in limited],
        )

    # how many programmes run / start per year, overall or per group
    continuing_act = continuing[act_prog]
    for cap in count_caps:
        cap_years = [cap.year - first] if cap.year is not None else list(range(n_years))
        for value, member in _count_groups(None if cap.group_by is None else text_of(cap.group_by), cap.group, n):
            label = "all programmes" if cap.group_by is None else f"{cap.group_by} {value}"
            if cap.max_running is not None:
                m = member[cell_prog] & np.isin(cell_year, cap_years)
                row_of = np.full(n_years, -1)
                row_of[cap_years] = np.arange(len(cap_years))
                rows.add(
                    row_of[cell_year[m]],
                    act_y[cell_act[m]],
                    np.ones(int(m.sum())),
                    np.full(len(cap_years), -_INF),
                    np.full(len(cap_years), float(cap.max_running)),
                    "count",
                    [f"at most {cap.max_running} running in {years[t]} ({label})" for t in cap_years],
                )
            if cap.max_new is not None:
                m = member[act_prog] & ~continuing_act & np.isin(act_start, cap_years)
                row_of = np.full(n_years, -1)
                row_of[cap_years] = np.arange(len(cap_years))
                rows.add(
                    row_of[act_start[m]],
                    act_y[m],
                    np.ones(int(m.sum())),
                    np.full(len(cap_years), -_INF),
                    np.full(len(cap_years), float(cap.max_new)),
                    "count",
                    [f"at most {cap.max_new} new starts in {years[t]} ({label})" for t in cap_years],
                )

    # requires: y[B,s] - sum_{s' <= s} y[A,s'] <= 0, one row per pair and start of B
    if len(req_b):
        rows_per_pair = n_starts[req_b]
        pj = np.repeat(np.arange(len(req_b)), rows_per_pair)  # pair of each row
        nr = len(pj)
        b_act = act_first[req_b[pj]] + _position_in_block(rows_per_pair)
        # every start of A is a candidate for every row; keep those no later than the row's start of B
        cand = n_starts[req_a[pj]]
        ent_row = np.repeat(np.arange(nr), cand)
        a_act = act_first[req_a[pj[ent_row]]] + _position_in_block(cand)
        keep = act_start[a_act] <= act_start[b_act[ent_row]]
        ent_row, a_act = ent_row[keep], a_act[keep]
        rows.add(
            np.concatenate([np.arange(nr), ent_row]),
            np.concatenate([act_y[b_act], act_y[a_act]]),
            np.concatenate([np.ones(nr), -np.ones(len(a_act))]),
            np.full(nr, -_INF),
            np.zeros(nr),
            "requires",
            [
                f"{ids[b]} requires {ids[a]} (start {first + s})"
                for b, a, s in zip(req_b[pj].tolist(), req_a[pj].tolist(), act_start[b_act].tolist(), strict=True)
            ],
        )

    # exclusive groups
    names = sorted({g for g in groups if g})
    if names:
        prog_group = np.searchsorted(np.array(names, dtype=object), groups)
        prog_group[groups == ""] = -1
        act_group = prog_group[act_prog]
        m = act_group >= 0
        req = np.zeros(len(names), dtype=bool)
        req[prog_group[group_required & (prog_group >= 0)]] = True
        rows.add(
            act_group[m],
            act_y[m],
            np.ones(int(m.sum())),
            np.where(req, 1.0, 0.0),
            np.ones(len(names)),
            "exclusive",
            [f"exclusive group {g}" for g in names],
        )

    # continuity floor on delivered carry-over priority
    if policy.continuity_floor > 0 and continuing.any():
        eligible = continuing & ~excluded
        need = policy.continuity_floor * priority[eligible].sum()
        m = continuing[share_prog]
        rows.add(
            np.zeros(int(m.sum()), dtype=np.int64),
            share_col[m],
            priority[share_prog[m]] * share_coef[m],
            np.array([need]),
            np.array([_INF]),
            "continuity",
            ["continuity floor"],
        )

    # commitment cap at each later term's first year
    if policy.commitment_cap is not None:
        for b in policy.boundaries:
            bo = b - first
            m = money & (act_start[cell_act] < bo) & (cell_year >= bo)
            later = list(range(bo, n_years))
            row_of = np.full(n_years, -1)
            row_of[later] = np.arange(len(later))
            rows.add(
                row_of[cell_year[m]],
                cell_col[m],
                cell_cost[m],
                np.full(len(later), -_INF),
                policy.commitment_cap * ceilings[later],
                "commitment",
                [f"commitment cap {years[t]} (programmes started before {b})" for t in later],
            )

    # smoothness of flexible levels
    if policy.max_level_change is not None and len(flex_cells):
        fc = flex_cells
        same = cell_act[fc][1:] == cell_act[fc][:-1]
        prev, nxt = cell_col[fc][:-1][same], cell_col[fc][1:][same]
        ns = len(prev)
        r = np.arange(ns)
        d = policy.max_level_change
        rows.add(
            np.concatenate([r, r]),
            np.concatenate([nxt, prev]),
            np.concatenate([np.ones(ns), -np.ones(ns)]),
            np.full(ns, -d),
            np.full(ns, d),
            "smooth",
            [""] * ns,
        )

    # --- tie-break objective (minimised in phase 2) --------------------------------
    total = max(float(ceilings.sum()), 1.0)
    tiebreak = np.zeros(n_cols)
    # delayed start years first; a tiny weight on selecting a scalable/flexible programme so that none is
    # "selected" at level zero (far below any spending difference worth reporting)
    np.add.at(tiebreak, act_y, (act_start - e_off[act_prog]).astype(float) + np.where(is_whole[act_prog], 0.0, 1e-9))
    np.add.at(tiebreak, cell_col[money], 0.5 * cell_cost[money] / total)
    # last, identical alternatives: the programme with the smaller id (the model is in id order); the weight
    # stays below any spending difference of more than 0.02 % of the total ceiling
    np.add.at(tiebreak, act_y, 1e-4 * (act_prog + 1) / max(n, 1))

    # --- assemble CSR and scale rows ------------------------------------------------
    if rows.n:
        r_all = np.concatenate(rows.rows)
        c_all = np.concatenate(rows.cols)
        v_all = np.concatenate(rows.vals)
        lo = np.concatenate(rows.lower)
        up = np.concatenate(rows.upper)
        kinds = np.concatenate(rows.kinds)
    else:
        r_all = c_all = np.empty(0, dtype=np.int64)
        v_all = lo = up = np.empty(0)
        kinds = np.empty(0, dtype=object)
    keep = v_all != 0
    r_all, c_all, v_all = r_all[keep], c_all[keep], v_all[keep]
    key = np.lexsort((c_all, r_all))
    r_all, c_all, v_all = r_all[key], c_all[key], v_all[key]
    # merge duplicate (row, col) entries
    if len(r_all):
        new = np.ones(len(r_all), dtype=bool)
        new[1:] = (r_all[1:] != r_all[:-1]) | (c_all[1:] != c_all[:-1])
        grp = np.cumsum(new) - 1
        v_all = np.bincount(grp, weights=v_all)
        r_all, c_all = r_all[new], c_all[new]
    scale = np.ones(rows.n)
    if len(r_all):
        mx = np.zeros(rows.n)
        np.maximum.at(mx, r_all, np.abs(v_all))
        scale = np.where(mx > 0, mx, 1.0)
    v_all = v_all / scale[r_all]
    lo, up = lo / scale, up / scale
    start = np.concatenate([[0], np.cumsum(np.bincount(r_all, minlength=rows.n))]).astype(np.int64)

    form = Formulation(
        catalog=catalog,
        budget=budget,
        policy=policy,
        years=years,
        ids=ids,
        order=order,
        col_lower=col_lower,
        col_upper=col_upper,
        col_integer=col_integer,
        objective=objective,
        tiebreak=tiebreak,
        start=start,
        index=c_all.astype(np.int32),
        value=v_all,
        row_lower=lo,
        row_upper=up,
        row_kind=kinds,
        row_label=rows.labels,
        row_scale=scale,
        act_prog=act_prog,
        act_start=act_start,
        act_y=act_y,
        cell_act=cell_act,
        cell_prog=cell_prog,
        cell_year=cell_year,
        cell_col=cell_col,
        cell_cost=cell_cost,
        cell_target=cell_target,
        share_prog=share_prog,
        share_col=share_col,
        share_coef=share_coef,
        mode=mode,
        priority=priority,
        weight=weight,
        y_continuous=y_continuous,
        ceiling_rows=ceiling_rows,
    )
    form.build_seconds = time.perf_counter() - t0
    return form


def pulp_expression(pairs: list[tuple[Any, float]]) -> Any:
    """Return a linear expression from (variable, coefficient) pairs, in one call on PuLP 3 and 4."""
    import pulp

    if hasattr(pulp, "lpSum_vars_coefs"):  # PuLP 4: the compiled core's bulk constructor
        return pulp.lpSum_vars_coefs(pairs)
    return pulp.LpAffineExpression(pairs)


def pulp_add(prob: Any, expr: Any, lower: float, upper: float, name: str) -> None:
    """Add ``lower <= expr <= upper`` (either side may be infinite) as PuLP constraints."""
    if lower == upper:
        prob.addConstraint(expr == lower, name)
        return
    if np.isfinite(lower):
        prob.addConstraint(expr >= lower, f"{name}_lo")
    if np.isfinite(upper):
        prob.addConstraint(expr <= upper, f"{name}_up")


def to_pulp(form: Formulation, name: str = "targetplan") -> Any:
    """Return the model as a :class:`pulp.LpProblem` (maximisation of the objective) and its variables.

    Useful to inspect the model or write it as an LP/MPS file; the CBC solver path
    solves this problem. Each row expression is created from the CSR arrays in one call
    (``LpAffineExpression`` from pairs on PuLP 3, ``lpSum_vars_coefs`` on PuLP 4), not
    grown term by term.
    """
    import pulp

    prob = pulp.LpProblem(name, pulp.LpMaximize)
    # PuLP >= 3.3 creates variables through the problem (the PuLP 4 API); older ones directly.
    make = getattr(prob, "add_variable", None) or pulp.LpVariable
    binary, integer, continuous = pulp.LpBinary, pulp.LpInteger, pulp.LpContinuous
    x = []
    for j, (lo, up, is_int) in enumerate(zip(form.col_lower, form.col_upper, form.col_integer, strict=True)):
        cat = (binary if lo == 0 and up == 1 else integer) if is_int else continuous
        x.append(make(f"x{j}", float(lo), float(up) if np.isfinite(up) else None, cat))
    nz = np.flatnonzero(form.objective)
    prob.setObjective(pulp_expression([(x[j], float(form.objective[j])) for j in nz]))
    index, value, start = form.index.tolist(), form.value.tolist(), form.start.tolist()
    lower, upper = form.row_lower.tolist(), form.row_upper.tolist()
    for i in range(form.num_rows):
        a, b = start[i], start[i + 1]
        expr = pulp_expression([(x[j], v) for j, v in zip(index[a:b], value[a:b], strict=True)])
        pulp_add(prob, expr, lower[i], upper[i], f"r{i}")
    return prob, x


def describe_rows(form: Formulation) -> pd.DataFrame:
    """Rows of the model as a table (kind, label, lower, upper in rupiah or units)."""
    return pd.DataFrame(
        {
            "kind": form.row_kind,
            "label": form.row_label,
            "lower": form.row_lower * form.row_scale,
            "upper": form.row_upper * form.row_scale,
        }
    )


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
    x[form.cell_col[cells]] = np.maximum(x[form.cell_col[cells]], 0.0)
    carried = form.cell_col[cells] != form.act_y[form.cell_act[cells]]
    cols = form.cell_col[cells][carried]
    x[cols] = lv[form.cell_prog[cells][carried], form.cell_year[cells][carried]]
    return x


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
    import dataclasses

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
    rows = [(np.stack([carrier, y_col], axis=1), np.array([1.0, -KEPT_LEVEL]), 0.0, _INF, "kept", "")]
    cols = np.flatnonzero(coef)
    rows.append(
        (
            cols[None, :],
            coef[cols],
            -_INF,
            float(max_changes) - constant,
            "changes",
            f"at most {max_changes} changes from the reference plan",
        )
    )
    return _append_rows(new, rows)


#: Smallest level of a scalable/flexible programme kept from a reference plan (1 % of its scope).
KEPT_LEVEL = 0.01


def _append_rows(form: Formulation, rows: list[tuple[np.ndarray, np.ndarray, float, float, str, str]]) -> Formulation:
    """Return ``form`` with rows appended: (column matrix, coefficients, lower, upper, kind, label) per group.

    Each group adds one row per line of its column matrix, with the same coefficients.
    """
    import dataclasses

    starts, indexes, values, lowers, uppers, kinds, labels = [], [], [], [], [], [], []
    offset = int(form.start[-1])
    for cols, coefs, lower, upper, kind, label in rows:
        for line in cols:
            indexes.append(line.astype(form.index.dtype))
            values.append(np.asarray(coefs, dtype=float))
            offset += len(line)
            starts.append(offset)
            lowers.append(lower)
            uppers.append(upper)
            kinds.append(kind)
            labels.append(label)
    if not starts:
        return form
    return dataclasses.replace(
        form,
        start=np.concatenate([form.start, np.array(starts, dtype=form.start.dtype)]),
        index=np.concatenate([form.index, *indexes]),
        value=np.concatenate([form.value, *values]),
        row_lower=np.concatenate([form.row_lower, lowers]),
        row_upper=np.concatenate([form.row_upper, uppers]),
        row_kind=np.concatenate([form.row_kind, np.array(kinds, dtype=object)]),
        row_label=[*form.row_label, *labels],
        row_scale=np.concatenate([form.row_scale, np.ones(len(starts))]),
    )
