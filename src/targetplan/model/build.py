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

import time

import numpy as np

from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.fit import check_fit
from ..inputs.policy import Policy
from . import constraints
from .formulation import Formulation, RowKind, assemble
from .structure import Structure, variables

__all__ = ["build"]


def objective(s: Structure, policy: Policy) -> tuple[np.ndarray, np.ndarray]:
    r"""Weight per programme and the objective per column: :math:`\sum_p w_p u_p` with the carry-over bonus."""
    weight = s.priority * np.where(s.continuing, 1.0 + policy.carryover_bonus, 1.0)
    return weight, np.bincount(s.share_col, weights=weight[s.share_prog] * s.share_coef, minlength=s.n_cols)


def tiebreak(s: Structure, budget: Budget) -> np.ndarray:
    """Return the second objective (minimised among optimal plans): later starts, then spending, then the larger id."""
    total = max(float(sum(budget.ceilings[y] for y in s.years)), 1.0)
    out = np.zeros(s.n_cols)
    # delayed start years first; a tiny weight on selecting a scalable/flexible programme so that none is
    # "selected" at level zero (far below any spending difference worth reporting)
    np.add.at(
        out, s.act_y, (s.act_start - s.e_off[s.act_prog]).astype(float) + np.where(s.is_whole[s.act_prog], 0.0, 1e-9)
    )
    money = s.money
    np.add.at(out, s.cell_col[money], 0.5 * s.cell_cost[money] / total)
    # last, identical alternatives: the programme with the smaller id (the model is in id order); the weight
    # stays below any spending difference of more than 0.02 % of the total ceiling
    np.add.at(out, s.act_y, 1e-4 * (s.act_prog + 1) / max(s.n, 1))
    return out


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
    t0 = time.perf_counter()
    policy = policy or Policy()
    check_fit(catalog, budget, policy)
    s = variables(catalog, policy)
    weight, obj = objective(s, policy)
    blocks = [
        *constraints.one_start(s),
        *constraints.levels(s),
        *constraints.ceilings(s, budget),
        *constraints.group_limits(s, budget),
        *constraints.source_ceilings(s, budget),
        *constraints.count_caps(s, policy),
        *constraints.requires(s),
        *constraints.exclusive_groups(s),
        *constraints.continuity_floor(s, policy),
        *constraints.commitment_caps(s, budget, policy),
        *constraints.smoothness(s, policy),
    ]
    rows = assemble(blocks)
    ceiling_block = next(k for k, b in enumerate(b for b in blocks if b.size) if b.kind == RowKind.CEILING)
    first_ceiling = int(rows["offsets"][ceiling_block])
    return Formulation(
        catalog=catalog,
        budget=budget,
        policy=policy,
        years=s.years,
        ids=s.ids,
        order=s.order,
        col_lower=s.col_lower,
        col_upper=s.col_upper,
        col_integer=s.col_integer,
        objective=obj,
        tiebreak=tiebreak(s, budget),
        start=rows["start"],
        index=rows["index"],
        value=rows["value"],
        row_lower=rows["row_lower"],
        row_upper=rows["row_upper"],
        row_keys=rows["row_keys"],
        row_scale=rows["row_scale"],
        act_prog=s.act_prog,
        act_start=s.act_start,
        act_y=s.act_y,
        cell_act=s.cell_act,
        cell_prog=s.cell_prog,
        cell_year=s.cell_year,
        cell_col=s.cell_col,
        cell_cost=s.cell_cost,
        cell_target=s.cell_target,
        share_prog=s.share_prog,
        share_col=s.share_col,
        share_coef=s.share_coef,
        mode=s.mode,
        priority=s.priority,
        weight=weight,
        y_continuous=s.y_continuous,
        ceiling_rows=np.arange(first_ceiling, first_ceiling + len(s.years)),
        build_seconds=time.perf_counter() - t0,
    )
