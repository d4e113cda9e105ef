r"""The constraint families of the model, one function each (DESIGN section 4, ``docs/model.md``).

Each function takes the model's :class:`~targetplan.model.structure.Structure` (and the
budget or policy it needs) and returns its rows as :class:`~targetplan.model.formulation.RowBlock`
objects, with keys saying what each row is about. To add a constraint: write a function
here that returns its blocks (a new :class:`~targetplan.model.formulation.RowKind` if it is a
new kind of rule), call it from :func:`targetplan.model.build.build`, and add the same rule
to the independent check (:mod:`targetplan.results.check`).
"""

from __future__ import annotations

import numpy as np

from ..exceptions import CatalogValidationError
from ..inputs.budget import Budget
from ..inputs.policy import Policy
from .formulation import INF, RowBlock, RowKind
from .structure import Structure, count_groups, position_in_block

__all__ = [
    "ceilings",
    "commitment_caps",
    "continuity_floor",
    "count_caps",
    "exclusive_groups",
    "group_limits",
    "levels",
    "one_start",
    "requires",
    "smoothness",
    "source_ceilings",
]


def one_start(s: Structure) -> list[RowBlock]:
    r"""At most one start per programme, exactly one for a mandatory one: :math:`\sum_s y_{p,s} \le 1` (:math:`=1`)."""
    impossible = s.mandatory & (s.n_starts == 0)
    if impossible.any():
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
                for p in s.ids[impossible]
            ],
            "catalogue",
        )
    multi = (s.n_starts > 1) | (s.mandatory & (s.n_starts >= 1))
    sel = np.flatnonzero(multi[s.act_prog])
    prog_rows = np.full(s.n, -1)
    prog_rows[multi] = np.arange(int(multi.sum()))
    return [
        RowBlock(
            RowKind.START,
            prog_rows[s.act_prog[sel]],
            s.act_y[sel],
            np.ones(len(sel)),
            np.where(s.mandatory[multi], 1.0, 0.0),
            np.ones(int(multi.sum())),
            {"programme": s.ids[multi]},
        )
    ]


def levels(s: Structure) -> list[RowBlock]:
    r"""Levels are carried only by a programme that runs, at least at its min level: :math:`m_p y \le x \le y`."""
    carrier = np.concatenate([s.act_lambda[s.scal_act], s.cell_col[s.flex_cells]])
    y_col = np.concatenate([s.act_y[s.scal_act], s.act_y[s.cell_act[s.flex_cells]]])
    prog = np.concatenate([s.act_prog[s.scal_act], s.cell_prog[s.flex_cells]])
    minimum = s.min_level[prog]
    nl = len(carrier)
    r = np.arange(nl)
    upper = RowBlock(
        RowKind.LEVEL_UPPER,
        np.concatenate([r, r]),
        np.concatenate([carrier, y_col]),
        np.concatenate([np.ones(nl), -np.ones(nl)]),
        np.full(nl, -INF),
        np.zeros(nl),
        {"programme": s.ids[prog]},
    )
    pos = np.flatnonzero(minimum > 0)
    r = np.arange(len(pos))
    lower = RowBlock(
        RowKind.LEVEL_LOWER,
        np.concatenate([r, r]),
        np.concatenate([carrier[pos], y_col[pos]]),
        np.concatenate([np.ones(len(pos)), -minimum[pos]]),
        np.zeros(len(pos)),
        np.full(len(pos), INF),
        {"programme": s.ids[prog[pos]]},
    )
    return [upper, lower]


def ceilings(s: Structure, budget: Budget) -> list[RowBlock]:
    r"""Every year's spending within its ceiling less reserve: :math:`C_t \le (1-r) B_t`."""
    money = s.money
    return [
        RowBlock(
            RowKind.CEILING,
            s.cell_year[money],
            s.cell_col[money],
            s.cell_cost[money],
            np.full(s.n_years, -INF),
            np.array([budget.available(y) for y in s.years]),
            {"year": np.array(s.years)},
        )
    ]


def group_limits(s: Structure, budget: Budget) -> list[RowBlock]:
    r"""Return rows: a group's spending in a year within its cap, above its floor (a share is share × :math:`B_t`)."""
    blocks = []
    money = s.money
    for i, lim in enumerate(budget.limits):
        member = s.text_of(lim.group_by) == lim.group
        in_group = money & member[s.cell_prog]
        for t in [lim.year - s.first] if lim.year is not None else range(s.n_years):
            cap, floor = lim.amounts(budget.ceilings[s.years[t]])
            m = in_group & (s.cell_year == t)
            blocks.append(
                RowBlock(
                    RowKind.GROUP,
                    np.zeros(int(m.sum()), dtype=np.int64),
                    s.cell_col[m],
                    s.cell_cost[m],
                    np.array([-INF if floor is None else floor]),
                    np.array([INF if cap is None else cap]),
                    {"year": s.years[t], "group_by": lim.group_by, "group": lim.group, "item": i},
                )
            )
    return blocks


def source_ceilings(s: Structure, budget: Budget) -> list[RowBlock]:
    r"""Return rows: what a funding source pays in a year within its ceiling, :math:`\sum c^f_{p,t-s} x \le F_{f,t}`."""
    blocks = []
    for source in sorted(budget.source_ceilings):
        by_year = budget.source_ceilings[source]
        paid = s.cell_values(s.catalog.source_cost_matrix(source))
        limited = [t for t in range(s.n_years) if s.years[t] in by_year]
        row_of = np.full(s.n_years, -1)
        row_of[limited] = np.arange(len(limited))
        m = (paid > 0) & (row_of[s.cell_year] >= 0)
        blocks.append(
            RowBlock(
                RowKind.SOURCE,
                row_of[s.cell_year[m]],
                s.cell_col[m],
                paid[m],
                np.full(len(limited), -INF),
                np.array([float(by_year[s.years[t]]) for t in limited]),
                {"year": np.array([s.years[t] for t in limited]), "source": source},
            )
        )
    return blocks


def count_caps(s: Structure, policy: Policy) -> list[RowBlock]:
    r"""At most so many programmes running (schedule active) or starting (carry-overs not counted) in a year."""
    blocks = []
    new = ~s.continuing[s.act_prog]
    for i, cap in enumerate(policy.count_caps):
        cap_years = [cap.year - s.first] if cap.year is not None else list(range(s.n_years))
        row_of = np.full(s.n_years, -1)
        row_of[cap_years] = np.arange(len(cap_years))
        values = None if cap.group_by is None else s.text_of(cap.group_by)
        for group, member in count_groups(values, cap.group, s.n):
            keys = {
                "year": np.array([s.years[t] for t in cap_years]),
                "group_by": cap.group_by or "",
                "group": group,
                "item": i,
            }
            if cap.max_running is not None:
                m = member[s.cell_prog] & np.isin(s.cell_year, cap_years)
                blocks.append(
                    RowBlock(
                        RowKind.RUNNING,
                        row_of[s.cell_year[m]],
                        s.act_y[s.cell_act[m]],
                        np.ones(int(m.sum())),
                        np.full(len(cap_years), -INF),
                        np.full(len(cap_years), float(cap.max_running)),
                        {**keys, "n": cap.max_running},
                    )
                )
            if cap.max_new is not None:
                m = member[s.act_prog] & new & np.isin(s.act_start, cap_years)
                blocks.append(
                    RowBlock(
                        RowKind.NEW_STARTS,
                        row_of[s.act_start[m]],
                        s.act_y[m],
                        np.ones(int(m.sum())),
                        np.full(len(cap_years), -INF),
                        np.full(len(cap_years), float(cap.max_new)),
                        {**keys, "n": cap.max_new},
                    )
                )
    return blocks


def requires(s: Structure) -> list[RowBlock]:
    r"""B needs A: :math:`y_{B,s} \le \sum_{s' \le s} y_{A,s'}` for every start :math:`s` of B (no big-M)."""
    if not len(s.req_b):
        return []
    rows_per_pair = s.n_starts[s.req_b]
    pj = np.repeat(np.arange(len(s.req_b)), rows_per_pair)  # pair of each row
    nr = len(pj)
    b_act = s.act_first[s.req_b[pj]] + position_in_block(rows_per_pair)
    # every start of A is a candidate for every row; keep those no later than the row's start of B
    cand = s.n_starts[s.req_a[pj]]
    ent_row = np.repeat(np.arange(nr), cand)
    a_act = s.act_first[s.req_a[pj[ent_row]]] + position_in_block(cand)
    keep = s.act_start[a_act] <= s.act_start[b_act[ent_row]]
    ent_row, a_act = ent_row[keep], a_act[keep]
    return [
        RowBlock(
            RowKind.REQUIRES,
            np.concatenate([np.arange(nr), ent_row]),
            np.concatenate([s.act_y[b_act], s.act_y[a_act]]),
            np.concatenate([np.ones(nr), -np.ones(len(a_act))]),
            np.full(nr, -INF),
            np.zeros(nr),
            {
                "programme": s.ids[s.req_b[pj]],
                "other": s.ids[s.req_a[pj]],
                "year": s.act_start[b_act] + s.first,
            },
        )
    ]


def exclusive_groups(s: Structure) -> list[RowBlock]:
    r"""At most one programme of an exclusive group runs (exactly one with ``group_required``)."""
    names = sorted({g for g in s.groups if g})
    if not names:
        return []
    prog_group = np.searchsorted(np.array(names, dtype=object), s.groups)
    prog_group[s.groups == ""] = -1
    act_group = prog_group[s.act_prog]
    m = act_group >= 0
    required = np.zeros(len(names), dtype=bool)
    required[prog_group[s.group_required & (prog_group >= 0)]] = True
    return [
        RowBlock(
            RowKind.EXCLUSIVE,
            act_group[m],
            s.act_y[m],
            np.ones(int(m.sum())),
            np.where(required, 1.0, 0.0),
            np.ones(len(names)),
            {"group": np.array(names, dtype=object)},
        )
    ]


def continuity_floor(s: Structure, policy: Policy) -> list[RowBlock]:
    r"""Return the row: carry-overs deliver at least the floor.

    :math:`\sum_{cont} \pi_p u_p \ge \varphi \sum_{cont, not excl} \pi_p`.
    """
    if policy.continuity_floor <= 0 or not s.continuing.any():
        return []
    need = policy.continuity_floor * s.priority[s.continuing & ~s.excluded].sum()
    m = s.continuing[s.share_prog]
    return [
        RowBlock(
            RowKind.CONTINUITY,
            np.zeros(int(m.sum()), dtype=np.int64),
            s.share_col[m],
            s.priority[s.share_prog[m]] * s.share_coef[m],
            np.array([need]),
            np.array([INF]),
        )
    ]


def commitment_caps(s: Structure, budget: Budget, policy: Policy) -> list[RowBlock]:
    r"""Return rows: what earlier terms commit of a later term's ceilings.

    At each later term's first year :math:`b`, for every :math:`t \ge b`: the spending of
    starts before :math:`b` is at most :math:`\kappa B_t`.
    """
    if policy.commitment_cap is None:
        return []
    ceilings = np.array([budget.ceilings[y] for y in s.years])
    blocks = []
    money = s.money
    for b in policy.boundaries:
        bo = b - s.first
        m = money & (s.act_start[s.cell_act] < bo) & (s.cell_year >= bo)
        later = list(range(bo, s.n_years))
        row_of = np.full(s.n_years, -1)
        row_of[later] = np.arange(len(later))
        blocks.append(
            RowBlock(
                RowKind.COMMITMENT,
                row_of[s.cell_year[m]],
                s.cell_col[m],
                s.cell_cost[m],
                np.full(len(later), -INF),
                policy.commitment_cap * ceilings[later],
                {"year": np.array([s.years[t] for t in later]), "boundary": b},
            )
        )
    return blocks


def smoothness(s: Structure, policy: Policy) -> list[RowBlock]:
    r"""Return rows: a flexible level changes by at most :math:`\delta` between consecutive scheduled years."""
    if policy.max_level_change is None or not len(s.flex_cells):
        return []
    fc = s.flex_cells
    same = s.cell_act[fc][1:] == s.cell_act[fc][:-1]
    prev, nxt = s.cell_col[fc][:-1][same], s.cell_col[fc][1:][same]
    ns = len(prev)
    r = np.arange(ns)
    d = policy.max_level_change
    return [
        RowBlock(
            RowKind.SMOOTH,
            np.concatenate([r, r]),
            np.concatenate([nxt, prev]),
            np.concatenate([np.ones(ns), -np.ones(ns)]),
            np.full(ns, -d),
            np.full(ns, d),
            {"programme": s.ids[s.cell_prog[fc][1:][same]]},
        )
    ]
