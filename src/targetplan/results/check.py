"""The independent check of a plan: every rule recomputed from the inputs, not from the solver's model.

:func:`violations` rebuilds each programme's yearly cost and target from the catalogue,
the start year and the levels (with its own arrays, not the model's and not
:mod:`targetplan.results.schedules`), then tests each rule in a small function of its
own: running and not running, start windows, levels, smoothness, costs and targets,
ceilings, group limits, ``requires``, exclusive groups, the continuity floor, commitment
caps, funding sources and earmarks, count caps and the reported value. A new rule of the
model gets its function here too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..inputs.schema import CarryOver, Mode, TargetKind
from .schedules import full_schedule, source_spending

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["LEVEL_TOL", "RUPIAH", "Overrun", "money_overruns", "violations"]

#: Absolute tolerance on levels (shares of scope).
LEVEL_TOL = 1e-6
#: Money rules hold to the rupiah: a year's (or group's, or source's) spending, summed exactly from the
#: programmes' costs, may pass its limit by less than half a rupiah (what rounding to whole rupiah hides)
#: and no more, whatever the size of the ceiling. A pagu is a legal limit: no tolerance relative to it.
RUPIAH = 0.5


@dataclass(frozen=True)
class Overrun:
    """A money rule that a plan breaks: which rule (``kind`` and keys, as the model names its rows) and by how much.

    ``sign`` is -1 for spending above an upper limit (ceiling, cap, source ceiling, commitment
    cap) and +1 for spending below a floor; ``amount`` is how far, in rupiah (positive).
    """

    kind: str
    year: int
    spent: float
    limit: float
    sign: int
    group_by: str = ""
    group: str = ""
    item: int = -1
    source: str = ""
    boundary: int = -1

    @property
    def amount(self) -> float:
        """How far the spending is past the limit, in rupiah."""
        return (self.spent - self.limit) if self.sign < 0 else (self.limit - self.spent)


def exact_sum(values: np.ndarray) -> float:
    """Sum of rupiah amounts, correctly rounded (``math.fsum``): the order of programmes never moves a rupiah."""
    return math.fsum(np.asarray(values, dtype=float).ravel().tolist())


@dataclass
class Recomputed:
    """A plan's choices and everything the rules need, recomputed from the inputs."""

    plan: Plan
    ids: np.ndarray
    years: np.ndarray
    runs: np.ndarray
    start: np.ndarray
    lv: np.ndarray  # programme × year levels
    a: np.ndarray  # (programme, offset) active cells of programmes that run inside the horizon
    jj: np.ndarray  # year index of (programme, offset)
    lv_k: np.ndarray  # level per active offset
    ok: np.ndarray  # runs, starts inside the horizon and ends inside it
    past: np.ndarray  # runs past the horizon's end
    cost: np.ndarray  # programme × year, from the schedule
    share: np.ndarray  # delivered share
    s_cost: np.ndarray  # programme × offset from earliest start: full-scope cost
    s_tgt: np.ndarray  # programme × offset: the target the plan's level gives, by kind
    k_last: np.ndarray  # last scheduled offset
    notes: list[str]
    s_raw: np.ndarray  # programme × offset: the catalogue's target, NaN where blank

    @property
    def catalog(self) -> Any:
        return self.plan.catalog

    def add(self, text: str) -> None:
        """Record one violation."""
        self.notes.append(text)

    @cached_property
    def overruns(self) -> list[Overrun]:
        """Every money rule the plan breaks, to the rupiah (see :func:`money_overruns`)."""
        return overruns_of(self)

    def levels_of(self, i: Any) -> list[float]:
        """Return the levels of programme ``i`` over its scheduled years, for messages."""
        return self.lv_k[i][self.a[i]].round(4).tolist()


def violations(plan: Plan) -> list[str]:
    """Every violated rule of ``plan``, recomputed from its inputs with arrays (no per-programme loop)."""
    if not plan.is_ok:
        return [f"the plan has status {plan.status.value}: {plan.message}"]
    c = recompute(plan)
    for rule in (
        finite,
        starts,
        levels,
        smoothness,
        targets_and_costs,
        money_rules,
        requires,
        exclusive_groups,
        continuity_floor,
        earmarks,
        count_caps,
        value,
    ):
        rule(c)
    return c.notes


def recompute(plan: Plan) -> Recomputed:
    """Recompute the plan's starts, levels, schedules (offsets from earliest start), costs and delivered shares."""
    cat = plan.catalog
    ids = np.asarray(cat.ids, dtype=object)
    years = np.asarray(cat.years)
    n, ny, first, last = len(ids), len(years), int(years[0]), int(years[-1])
    sel = plan.selection.reindex(list(ids))
    runs = sel["runs"].to_numpy(dtype=bool)
    start = np.where(runs, sel["start_year"].fillna(-1).to_numpy(dtype=np.int64), -1)
    lv = plan.levels.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    e = cat.values("earliest_start").astype(np.int64)

    # schedules in offsets k from earliest start (independent of the model and of the schedules module)
    cost_abs = cat.cost_matrix()
    tgt_abs = cat.target_matrix()
    k = np.arange(ny)
    col = (e - first)[:, None] + k[None, :]
    inside = col < ny
    colc = np.minimum(col, ny - 1)
    s_cost = np.where(inside, np.take_along_axis(cost_abs, colc, axis=1), 0.0)
    s_raw = np.where(inside, np.take_along_axis(tgt_abs, colc, axis=1), np.nan)
    s_tgt = np.nan_to_num(s_raw)
    act = inside & ((s_cost > 0) | (s_tgt > 0))
    act[~act.any(axis=1), 0] = True  # an empty schedule is active in its start offset
    k_last = np.where(act, k[None, :], -1).max(axis=1)
    past = runs & (start + k_last > last)
    ok = runs & ~past & (start >= first)  # a start before the horizon is reported by the window rule
    # levels of active years, in offset order: year index j = (start - first) + k
    s_off = np.where(ok, start - first, 0)
    jj = s_off[:, None] + k[None, :]
    a = act & ok[:, None]
    lv_k = np.where(a, np.take_along_axis(lv, np.minimum(jj, ny - 1), axis=1), np.nan)

    rows_a, ks_a = np.nonzero(a)
    cost = np.zeros((n, ny))
    cost[rows_a, jj[rows_a, ks_a]] = s_cost[rows_a, ks_a] * lv[rows_a, jj[rows_a, ks_a]]
    pc = plan.costs.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    cost[past] = pc[past]  # reported by the start rule; its costs are not reported again

    # targets as their kind reads them, in offsets: a cumulative or index target stays where it is left blank
    kind = cat.values("target_kind").astype(str)
    cum, idx = kind == TargetKind.CUMULATIVE, kind == TargetKind.INDEX
    base = cat.values("target_baseline").astype(float)
    level_tgt = pd.DataFrame(np.where(inside, s_raw, np.nan)).ffill(axis=1).to_numpy()
    level_tgt = np.where(np.isnan(level_tgt), base[:, None], level_tgt)
    rise = level_tgt - np.concatenate([base[:, None], level_tgt[:, :-1]], axis=1)
    # delivered shares: flexible weights are targets (annual), rises (cumulative) or costs (index); else costs,
    # else equal
    is_flex = cat.values("mode").astype(str) == Mode.FLEXIBLE
    w_c = np.where(a, s_cost, 0.0)
    w_t = np.where(cum[:, None], np.clip(rise, 0, None), np.where(idx[:, None], s_cost, s_tgt))
    w_t = np.where(a, w_t, 0.0)
    w = np.where(w_t.sum(1, keepdims=True) > 0, w_t, np.where(w_c.sum(1, keepdims=True) > 0, w_c, a * 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        flex_share = np.nansum(w * np.nan_to_num(lv_k), axis=1) / w.sum(axis=1)
    plain_share = lv_k[np.arange(n), np.argmax(a, axis=1)]
    share = np.where(ok, np.where(is_flex, flex_share, plain_share), 0.0)
    share = np.where(past, sel["level"].to_numpy(dtype=float), share)
    # expected targets per offset: annual T l; cumulative b + sum of l x rise, within the catalogue's range;
    # index b + l (T - b)
    lv0 = np.nan_to_num(lv_k)
    with np.errstate(invalid="ignore"):
        low = np.minimum(base, np.nanmin(np.where(a, level_tgt, np.inf), axis=1))
        high = np.maximum(base, np.nanmax(np.where(a, level_tgt, -np.inf), axis=1))
    reached = np.clip(base[:, None] + np.cumsum(lv0 * rise, axis=1), low[:, None], high[:, None])
    expected = np.where(
        cum[:, None], reached, np.where(idx[:, None], base[:, None] + lv0 * (level_tgt - base[:, None]), s_tgt * lv0)
    )
    s_exp = np.where(a, expected, 0.0)
    return Recomputed(
        plan, ids, years, runs, start, lv, a, jj, lv_k, ok, past, cost, share, s_cost, s_exp, k_last, [], s_raw
    )


def finite(c: Recomputed) -> None:
    """Levels, costs, targets where the catalogue sets one, the selection and the value are numbers, not gaps."""
    plan, ids, years = c.plan, c.ids, c.years
    for name in ("levels", "costs"):
        table = getattr(plan, name).reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
        for i, j in zip(*np.nonzero(~np.isfinite(table)), strict=True):
            c.add(f"{ids[i]} {name[:-1]} in {years[j]} is missing or not finite ({table[i, j]})")
    rows_a, ks_a = np.nonzero(c.a)
    expected = np.zeros(c.lv.shape, dtype=bool)
    expected[rows_a, c.jj[rows_a, ks_a]] = ~np.isnan(c.s_raw[rows_a, ks_a])
    pt = plan.targets.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    for i, j in zip(*np.nonzero(expected & ~np.isfinite(pt)), strict=True):
        c.add(f"{ids[i]} target in {years[j]} is missing or not finite ({pt[i, j]})")
    sel = plan.selection.reindex(list(ids))
    for col in ("level", "value", "cost"):
        values = sel[col].to_numpy(dtype=float)
        for i in np.flatnonzero(c.runs & ~np.isfinite(values)):
            c.add(f"{ids[i]} {col} in the selection is missing or not finite ({values[i]})")
    if not math.isfinite(plan.total_value):
        c.add(f"total_value is missing or not finite ({plan.total_value})")


def starts(c: Recomputed) -> None:
    """Programmes that do not run have no levels; mandatory ones run, excluded ones do not; starts in the window."""
    cat, ids, years, lv, runs, start = c.catalog, c.ids, c.years, c.lv, c.runs, c.start
    for i in np.flatnonzero(~runs & (np.abs(lv) > LEVEL_TOL).any(axis=1)):
        c.add(f"{ids[i]} does not run but has levels in {years[np.abs(lv[i]) > LEVEL_TOL].tolist()}")
    for i in np.flatnonzero(~runs & cat.values("mandatory").astype(bool)):
        c.add(f"{ids[i]} is mandatory but does not run")
    for i in np.flatnonzero(runs & cat.values("excluded").astype(bool)):
        c.add(f"{ids[i]} is excluded but runs")
    e = cat.values("earliest_start").astype(np.int64)
    ls = cat.values("latest_start").astype(np.int64)
    for i in np.flatnonzero(runs & ((start < e) | (start > ls))):
        c.add(f"{ids[i]} starts in {start[i]}, outside its window {e[i]}-{ls[i]}")
    last = int(years[-1])
    for i in np.flatnonzero(c.past):
        c.add(
            f"{ids[i]} started in {start[i]} would run until {start[i] + c.k_last[i]}, after the horizon ends in {last}"
        )


def levels(c: Recomputed) -> None:
    """Levels only on the schedule, within 0-1, whole at 1, scalable constant, at least ``min_level``."""
    cat, ids, years = c.catalog, c.ids, c.years
    mode = cat.values("mode").astype(str)
    is_flex, is_scal, is_whole = mode == Mode.FLEXIBLE, mode == Mode.SCALABLE, mode == Mode.WHOLE
    m = cat.values("min_level").astype(float)
    k = np.arange(len(years))
    on_sched = np.zeros(c.lv.shape, dtype=bool)
    rows_a, ks_a = np.nonzero(c.a)
    on_sched[rows_a, c.jj[rows_a, ks_a]] = True
    off = c.ok[:, None] & ~on_sched & (np.abs(c.lv) > LEVEL_TOL)
    for i in np.flatnonzero(off.any(axis=1)):
        act_years = (c.start[i] + k[c.a[i]]).tolist()
        c.add(f"{ids[i]} has levels in {years[off[i]].tolist()}, outside its schedule {act_years}")
    lv_k, a, ok = c.lv_k, c.a, c.ok
    with np.errstate(invalid="ignore"):
        out_range = ((lv_k < -LEVEL_TOL) | (lv_k > 1 + LEVEL_TOL)).any(axis=1)
        whole_bad = ok & is_whole & (np.abs(lv_k - 1) > LEVEL_TOL).any(axis=1)
        ptp = np.nanmax(np.where(a, lv_k, -np.inf), axis=1) - np.nanmin(np.where(a, lv_k, np.inf), axis=1)
        below = (lv_k < m[:, None] - LEVEL_TOL).any(axis=1)
    for i in np.flatnonzero(out_range):
        c.add(f"{ids[i]} has levels outside 0-1: {c.levels_of(i)}")
    for i in np.flatnonzero(whole_bad):
        c.add(f"{ids[i]} is whole but its levels are {c.levels_of(i)}")
    for i in np.flatnonzero(ok & is_scal & (ptp > LEVEL_TOL)):
        c.add(f"{ids[i]} is scalable but its level changes between years: {c.levels_of(i)}")
    for i in np.flatnonzero(ok & is_scal & below):
        c.add(f"{ids[i]} runs below its min_level {m[i]:g}: {c.levels_of(i)}")
    for i in np.flatnonzero(ok & is_flex & below):
        c.add(f"{ids[i]} runs below its min_level {m[i]:g} in some year: {c.levels_of(i)}")


def smoothness(c: Recomputed) -> None:
    """Check that a flexible level changes by at most ``max_level_change`` between scheduled years."""
    d = c.plan.policy.max_level_change
    if d is None:
        return
    is_flex = c.catalog.values("mode").astype(str) == Mode.FLEXIBLE
    # consecutive active offsets: compress each row's active levels to the left, then diff
    order = np.argsort(~c.a, axis=1, kind="stable")
    packed = np.take_along_axis(c.lv_k, order, axis=1)
    with np.errstate(invalid="ignore"):
        jump = np.abs(np.diff(packed, axis=1)) > d + LEVEL_TOL
    for i in np.flatnonzero(c.ok & is_flex & jump.any(axis=1)):
        c.add(f"{c.ids[i]} changes level by more than {d:g} between years: {c.levels_of(i)}")


def targets_and_costs(c: Recomputed) -> None:
    """Check that the plan's targets and costs are the schedule's times the level."""
    ids, years, lv = c.ids, c.years, c.lv
    rows_a, ks_a = np.nonzero(c.a)
    tgt = np.zeros(lv.shape)
    tgt[rows_a, c.jj[rows_a, ks_a]] = c.s_tgt[rows_a, ks_a]
    pt = c.plan.targets.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    on_sched = np.zeros(lv.shape, dtype=bool)
    on_sched[rows_a, c.jj[rows_a, ks_a]] = True
    bad_t = on_sched & (np.abs(pt - tgt) > 1e-6 * np.maximum(1.0, np.abs(tgt)))
    for i, j in zip(*np.nonzero(bad_t), strict=True):
        c.add(f"{ids[i]} target in {years[j]} is {pt[i, j]:g}, expected {tgt[i, j]:g}")
    pc = c.plan.costs.reindex(index=list(ids), columns=list(years)).to_numpy(dtype=float)
    # to the rupiah; a missing cost is reported by `finite`
    for i, j in zip(*np.nonzero(np.abs(c.cost - pc) >= RUPIAH), strict=True):
        c.add(f"{ids[i]} cost in {years[j]} is {pc[i, j]:,.0f}, the schedule gives {c.cost[i, j]:,.0f}")


def money_overruns(plan: Plan) -> list[Overrun]:
    """Every ceiling, group cap and floor, source ceiling and commitment cap the plan breaks, to the rupiah.

    Spending is recomputed from the catalogue, the start years and the levels and summed
    exactly; a limit is broken when the spending passes it by :data:`RUPIAH` (half a
    rupiah) or more. :func:`violations` words the same list; ``optimize`` repairs a solver's
    plan until the list is empty.
    """
    if not plan.is_ok:
        return []
    return recompute(plan).overruns


def overruns_of(c: Recomputed) -> list[Overrun]:
    """Return the money rules broken by the recomputed plan ``c`` (see :func:`money_overruns`)."""
    budget, policy, cat = c.plan.budget, c.plan.policy, c.catalog
    years = c.years.tolist()
    first = int(years[0])
    found: list[Overrun] = []

    def over(spent: float, upper: float | None, lower: float | None, kind: str, year: int, **keys: Any) -> None:
        if upper is not None and spent - upper >= RUPIAH:
            found.append(Overrun(kind, year, spent, upper, -1, **keys))
        if lower is not None and lower - spent >= RUPIAH:
            found.append(Overrun(kind, year, spent, lower, 1, **keys))

    for j, y in enumerate(years):
        over(exact_sum(c.cost[:, j]), budget.available(y), None, "ceiling", y)
    for i, lim in enumerate(budget.limits):
        member = cat.text(lim.group_by) == lim.group
        for y in [lim.year] if lim.year is not None else years:
            cap, floor = lim.amounts(budget.ceilings[y])
            spent = exact_sum(c.cost[member, y - first])
            over(spent, cap, floor, "group", y, group_by=lim.group_by, group=lim.group, item=i)
    for source, by_year in budget.source_ceilings.items():
        paid = source_spending(cat, c.start, c.lv, source)
        for j, y in enumerate(years):
            if y in by_year:
                over(exact_sum(paid[:, j]), by_year[y], None, "source", y, source=source)
    if policy.commitment_cap is not None:
        for b in policy.boundaries:
            early = c.runs & (c.start < b)
            for j, y in enumerate(years):
                if y >= b:
                    cap = policy.commitment_cap * budget.ceilings[y]
                    over(exact_sum(c.cost[early, j]), cap, None, "commitment", y, boundary=b)
    return found


def money_rules(c: Recomputed) -> None:
    """Ceilings, group caps and floors, source ceilings and commitment caps hold to the rupiah."""
    policy = c.plan.policy
    for o in c.overruns:
        spent, limit, past = format_rupiah(o.spent), format_rupiah(o.limit), format_rupiah(o.amount)
        if o.kind == "ceiling":
            c.add(f"{o.year}: spending {spent} is {past} above the ceiling less reserve {limit}")
        elif o.kind == "group" and o.sign < 0:
            c.add(f"{o.year}: {o.group_by} {o.group} spends {spent}, {past} above its cap {limit}")
        elif o.kind == "group":
            c.add(f"{o.year}: {o.group_by} {o.group} spends {spent}, {past} below its floor {limit}")
        elif o.kind == "source":
            c.add(f"{o.year}: source {o.source} pays {spent}, {past} above its ceiling {limit}")
        else:
            share = policy.commitment_cap or 0.0
            c.add(
                f"{o.year}: programmes started before {o.boundary} commit {spent}, {past} above the cap "
                f"{limit} ({share:.0%} of the ceiling)"
            )


def format_rupiah(amount: float) -> str:
    """Return an amount to the rupiah, as the money rules are checked (``Rp 29.999.990.000``)."""
    return f"Rp {amount:,.0f}".replace(",", ".")


def requires(c: Recomputed) -> None:
    """Check that a programme runs only if what it requires runs, starting no later."""
    ids, runs, start = c.ids, c.runs, c.start
    req = c.catalog.values("requires")
    counts = np.fromiter((len(r) for r in req), dtype=np.int64, count=len(ids))
    if not counts.sum():
        return
    p_idx = np.repeat(np.arange(len(ids)), counts)
    q_idx = pd.Index(ids).get_indexer([q for r in req for q in r])
    live = runs[p_idx]
    missing = live & ~runs[q_idx]
    late = live & runs[q_idx] & (start[q_idx] > start[p_idx])
    for t in np.flatnonzero(missing | late):
        p, q = p_idx[t], q_idx[t]
        if missing[t]:
            c.add(f"{ids[p]} runs but requires {ids[q]}, which does not run")
        else:
            c.add(f"{ids[p]} starts in {start[p]} before {ids[q]} (which it requires) starts in {start[q]}")


def exclusive_groups(c: Recomputed) -> None:
    """At most one programme of an exclusive group runs; exactly one when the group is required."""
    grp = c.catalog.text("exclusive_group")
    in_g = grp != ""
    if not in_g.any():
        return
    members = pd.DataFrame(
        {
            "g": grp[in_g],
            "run": c.runs[in_g],
            "req": c.catalog.values("group_required").astype(bool)[in_g],
            "id": c.ids[in_g],
        }
    )
    agg = members.groupby("g", sort=True).agg(n_run=("run", "sum"), req=("req", "any"))
    for g in agg.index[(agg["n_run"] > 1) | (agg["req"] & (agg["n_run"] != 1))]:
        running = members.loc[(members["g"] == g) & members["run"], "id"].tolist()
        if len(running) > 1:
            c.add(f"exclusive group {g}: {len(running)} programmes run ({', '.join(running)}); at most one may")
        if agg.at[g, "req"] and len(running) != 1:
            c.add(f"exclusive group {g} needs exactly one programme running, has {len(running)}")


def continuity_floor(c: Recomputed) -> None:
    """Carry-overs deliver at least the continuity floor of their priority."""
    policy = c.plan.policy
    if policy.continuity_floor <= 0:
        return
    cat = c.catalog
    priority = cat.values("priority").astype(float)
    cont = cat.values("status") == CarryOver.CONTINUING
    need = policy.continuity_floor * float(priority[cont & ~cat.values("excluded").astype(bool)].sum())
    got = math.fsum(priority[cont] * c.share[cont])
    if got < need - 1e-6 * max(1.0, need):
        c.add(f"continuity floor: carry-overs deliver priority {got:,.4f}, below the floor {need:,.4f}")


def earmarks(c: Recomputed) -> None:
    """Check that an earmarked source pays only for the programmes it may pay for."""
    cat = c.catalog
    for source, rules in c.plan.budget.earmarks.items():
        paying = cat.source_cost_matrix(source).sum(axis=1) > 0
        for column, allowed in rules.items():
            values = cat.text(column)
            for i in np.flatnonzero(paying & c.runs & ~np.isin(values, list(allowed))):
                c.add(f"{c.ids[i]} is paid from {source}, which may only pay for {column} {', '.join(allowed)}")


def count_caps(c: Recomputed) -> None:
    """At most so many programmes running or starting in a year, overall or per group."""
    policy, cat = c.plan.policy, c.catalog
    if not policy.count_caps:
        return
    _, _, active = full_schedule(cat, c.start)
    continuing = cat.values("status") == CarryOver.CONTINUING
    n = len(c.ids)
    for count_cap in policy.count_caps:
        if count_cap.group_by is None:
            groups = [("all programmes", np.ones(n, dtype=bool))]
        else:
            values = cat.text(count_cap.group_by)
            chosen = [count_cap.group] if count_cap.group is not None else sorted(set(values))
            groups = [(f"{count_cap.group_by} {g}", values == g) for g in chosen]
        for label, member in groups:
            for j, y in enumerate(c.years.tolist()):
                if count_cap.year is not None and y != count_cap.year:
                    continue
                n_running = int((member & c.runs & active[:, j]).sum())
                started = int((member & ~continuing & (c.start == y)).sum())
                if count_cap.max_running is not None and n_running > count_cap.max_running:
                    c.add(f"{y}: {n_running} programmes running ({label}), above the cap of {count_cap.max_running}")
                if count_cap.max_new is not None and started > count_cap.max_new:
                    c.add(f"{y}: {started} programmes start ({label}), above the cap of {count_cap.max_new}")


def value(c: Recomputed) -> None:
    """Check that the reported total value and delivered shares are the recomputed ones."""
    priority = c.catalog.values("priority").astype(float)
    total = math.fsum(priority * c.share)
    if abs(total - c.plan.total_value) > 1e-6 * max(1.0, abs(total)):
        c.add(f"total_value {c.plan.total_value:,.6f} differs from the recomputed {total:,.6f}")
    reported = c.plan.selection.reindex(list(c.ids))["level"].to_numpy(dtype=float)
    for i in np.flatnonzero(np.abs(reported - c.share) > LEVEL_TOL):
        c.add(f"{c.ids[i]} delivered share {reported[i]:.6f} differs from the recomputed {c.share[i]:.6f}")
