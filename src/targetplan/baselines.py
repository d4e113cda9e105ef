"""Manual-style plans to compare the optimum against.

Today analysts rank programmes in a spreadsheet and fund down the list until the money
runs out. :func:`rank_and_fund` does exactly that, on the same inputs and under the
same rules wherever a ranking can respect them:

* mandatory programmes are funded first (after what they require), excluded ones never;
* each programme is funded at full scope, at the earliest start in its window whose
  yearly costs still fit every ceiling (less reserve), every group cap and every
  commitment cap, whose ``requires`` are already funded (starting no later), and whose
  exclusive group is still free; otherwise it is skipped — as the manual method does;
* group floors are met first, as an analyst meets a mandated minimum share: after the
  mandatory programmes, each floored group's programmes are funded in ranking order
  (those spending in the floor's year) until its floor is reached; then the rest of the
  list. The continuity floor cannot be steered by a ranking. A baseline that misses a
  floor says so in its ``message``.

Three rankings are built in (ties broken by id):

``"priority"``
    by priority, the usual spreadsheet method;
``"value_per_cost"``
    by priority per rupiah of total cost;
``"carryover_first"``
    every carry-over (``continuing``) first by priority, then the rest by priority.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from .budget import Budget
from .catalog import CarryOver, Catalog
from .plan import Plan, _check, _full_schedule
from .policy import Policy
from .solve import SolveStatus

__all__ = ["BASELINES", "Ranking", "rank_and_fund", "run_baselines"]

Ranking = Literal["priority", "value_per_cost", "carryover_first"]

#: Names and descriptions of the built-in rankings.
BASELINES: dict[str, str] = {
    "priority": "rank by priority, fund down the list (manual spreadsheet method)",
    "value_per_cost": "rank by priority per rupiah, fund down the list",
    "carryover_first": "fund every carry-over first, then rank the rest by priority",
}

_TOL = 1e-9


def _order(catalog: Catalog, ranking: str) -> tuple[list[int], int]:
    """Return the ranked list, and how many of its first entries are the mandatory programmes (and their needs)."""
    frame = catalog._frame
    ids = np.array(catalog.ids, dtype=object)
    priority = frame["priority"].to_numpy(dtype=float)
    total = catalog.cost_matrix().sum(axis=1)
    mandatory = frame["mandatory"].to_numpy(dtype=bool)
    continuing = (frame["status"] == CarryOver.CONTINUING).to_numpy(dtype=bool)
    if ranking == "priority":
        key: list[tuple[float, ...]] = [(-priority[i],) for i in range(len(ids))]
    elif ranking == "value_per_cost":
        ratio = np.where(total > 0, priority / np.where(total > 0, total, 1.0), np.inf)
        key = [(-ratio[i],) for i in range(len(ids))]
    elif ranking == "carryover_first":
        key = [(0 if continuing[i] else 1, -priority[i]) for i in range(len(ids))]
    else:
        from .exceptions import TargetplanError

        raise TargetplanError(f"unknown ranking {ranking!r}; choose one of {', '.join(BASELINES)}")
    ranked = sorted(range(len(ids)), key=lambda i: (0 if mandatory[i] else 1, *key[i], str(ids[i])))
    # A mandatory programme brings what it requires along: an analyst funds the prerequisites of an
    # obligation first (requirements of optional programmes are not pulled in - the manual method skips).
    pos = {pid: i for i, pid in enumerate(ids)}
    requires = frame["requires"].to_list()
    placed: list[int] = []
    seen: set[int] = set()

    def place(i: int) -> None:
        if i in seen:
            return
        seen.add(i)
        for q in requires[i]:
            place(pos[q])
        placed.append(i)

    for i in ranked:
        if mandatory[i]:
            place(i)
    n_mandatory = len(placed)
    for i in ranked:
        if i not in seen:
            seen.add(i)
            placed.append(i)
    return placed, n_mandatory


def rank_and_fund(
    catalog: Catalog, budget: Budget, policy: Policy | None = None, ranking: Ranking = "priority"
) -> Plan:
    """Fund programmes down a ranked list, skipping what does not fit.

    Parameters
    ----------
    catalog, budget, policy
        The same inputs as :func:`targetplan.optimize`.
    ranking : {"priority", "value_per_cost", "carryover_first"}
        How the list is ordered (mandatory programmes always come first).

    Returns
    -------
    Plan
        With ``solver`` ``"baseline:<ranking>"``; ``message`` lists any rule the
        ranking could not respect (floors, continuity floor, a mandatory programme
        that did not fit).

    Examples
    --------
    >>> import targetplan as tp
    >>> cat = tp.Catalog.from_programs([
    ...     tp.Program(id="A", name="a", priority=6, costs={2024: 5e9}),
    ...     tp.Program(id="B", name="b", priority=5, costs={2024: 4e9}),
    ...     tp.Program(id="C", name="c", priority=4, costs={2024: 4e9}),
    ... ])
    >>> budget = tp.Budget(ceilings={2024: 8e9})
    >>> base = rank_and_fund(cat, budget)
    >>> base.selected_ids, base.total_value
    (['A'], 6.0)
    >>> tp.optimize(cat, budget).selected_ids
    ['B', 'C']
    """
    policy = policy or Policy()
    frame = catalog._frame
    years = catalog.years
    n, n_years = len(catalog), len(years)
    first = years[0]
    ids = list(catalog.ids)
    pos = {p: i for i, p in enumerate(ids)}
    available = np.array([budget.available(y) for y in years])
    ceilings = np.array([budget.ceilings[y] for y in years])
    spend = np.zeros(n_years)
    caps: list[list[Any]] = []  # [member mask, year index, cap amount, spend so far]
    floors: list[tuple[np.ndarray, int, float]] = []  # (member mask, year index, floor amount)
    for lim in budget.limits:
        member = (frame[lim.group_by].astype(str) == lim.group).to_numpy()
        for t in [lim.year - first] if lim.year is not None else range(n_years):
            cap, floor = lim.amounts(ceilings[t])
            if cap is not None:
                caps.append([member, t, cap, 0.0])
            if floor is not None and floor > 0:
                floors.append((member, t, floor))
    commit: dict[int, np.ndarray] = {b: np.zeros(n_years) for b in policy.boundaries}
    earliest = frame["earliest_start"].to_numpy(dtype=np.int64)
    latest = frame["latest_start"].to_numpy(dtype=np.int64)
    mandatory = frame["mandatory"].to_numpy(dtype=bool)
    excluded = frame["excluded"].to_numpy(dtype=bool)
    requires = frame["requires"].to_list()
    groups = frame["exclusive_group"].to_list()
    start = np.full(n, -1, dtype=np.int64)
    used_groups: set[str] = set()
    notes: list[str] = []

    cost = catalog.cost_matrix()
    target = np.nan_to_num(catalog.target_matrix())

    def cost_row(i: int, s: int) -> np.ndarray:
        """Full-scope yearly cost of programme i started in year s."""
        shift = s - int(earliest[i])
        row = np.zeros(n_years)
        row[shift:] = cost[i, : n_years - shift]
        return row

    # funding sources with ceilings, and caps on how many programmes run / start
    source_rows = {src: catalog.source_cost_matrix(src) for src in budget.source_ceilings}
    source_cap = {src: np.array([by.get(y, np.inf) for y in years]) for src, by in budget.source_ceilings.items()}
    source_spend = {src: np.zeros(n_years) for src in budget.source_ceilings}
    continuing = (frame["status"] == CarryOver.CONTINUING).to_numpy(dtype=bool)
    count_rules: list[list[Any]] = []  # [member mask, year indexes, max running, max new, running, new per year]
    for count_cap in policy.count_caps:
        if count_cap.group_by is None:
            masks = [np.ones(n, dtype=bool)]
        else:
            values = frame[count_cap.group_by].astype(str).to_numpy()
            chosen_groups = [count_cap.group] if count_cap.group is not None else sorted(set(values))
            masks = [values == g for g in chosen_groups]
        cap_years = [count_cap.year - first] if count_cap.year is not None else list(range(n_years))
        for member in masks:
            count_rules.append(
                [member, cap_years, count_cap.max_running, count_cap.max_new, np.zeros(n_years), np.zeros(n_years)]
            )

    def shifted(matrix: np.ndarray, i: int, s: int) -> np.ndarray:
        shift = s - int(earliest[i])
        out = np.zeros(n_years)
        out[shift:] = matrix[i, : n_years - shift]
        return out

    def fits(i: int, s: int, row: np.ndarray) -> bool:
        if (spend + row > available * (1 + _TOL) + _TOL).any():
            return False
        for src, mat in source_rows.items():
            if (source_spend[src] + shifted(mat, i, s) > source_cap[src] * (1 + _TOL) + _TOL).any():
                return False
        active = (row > 0) | (shifted(target, i, s) > 0)
        if not active.any():
            active[s - first] = True
        for member, cap_years, max_running, max_new, running, new in count_rules:
            if not member[i]:
                continue
            if max_running is not None and any(running[t] + active[t] > max_running for t in cap_years):
                return False
            if max_new is not None and not continuing[i] and (s - first) in cap_years and new[s - first] + 1 > max_new:
                return False
        for member, t, cap, held in caps:
            if member[i] and held + row[t] > cap * (1 + _TOL) + _TOL:
                return False
        for b, held_b in commit.items():
            if s < b and policy.commitment_cap is not None:
                later = np.arange(n_years) >= b - first
                if (held_b[later] + row[later] > policy.commitment_cap * ceilings[later] * (1 + _TOL) + _TOL).any():
                    return False
        return True

    floor_held = np.zeros(len(floors))

    def fund(i: int, year: int | None = None) -> None:
        """Fund programme i at its earliest start that fits (one that spends in ``year``, if given)."""
        if excluded[i] or start[i] >= 0 or (groups[i] and groups[i] in used_groups):
            return
        chosen = -1
        fallback = -1
        # the catalogue's windows are already trimmed so that every start fits the horizon
        for s in range(int(earliest[i]), int(latest[i]) + 1):
            if any(start[pos[q]] < 0 or start[pos[q]] > s for q in requires[i]):
                continue
            if year is not None and cost_row(i, s)[year] <= 0:
                continue
            if fallback < 0:
                fallback = s
            if fits(i, s, cost_row(i, s)):
                chosen = s
                break
        if chosen < 0 and mandatory[i] and year is None:
            chosen = fallback if fallback >= 0 else int(earliest[i])
            notes.append(f"mandatory {ids[i]} did not fit and was funded anyway")
        if chosen < 0:
            return
        start[i] = chosen
        row = cost_row(i, chosen)
        spend[:] += row
        for src, mat in source_rows.items():
            source_spend[src] += shifted(mat, i, chosen)
        active = (row > 0) | (shifted(target, i, chosen) > 0)
        if not active.any():
            active[chosen - first] = True
        for member, _, _, _, running, new in count_rules:
            if member[i]:
                running += active
                if not continuing[i]:
                    new[chosen - first] += 1
        for held in caps:
            if held[0][i]:
                held[3] += row[held[1]]
        for k, (member, t, _) in enumerate(floors):
            if member[i]:
                floor_held[k] += row[t]
        for b in commit:
            if chosen < b:
                commit[b] += row
        if groups[i]:
            used_groups.add(groups[i])

    order, n_mandatory = _order(catalog, ranking)
    for i in order[:n_mandatory]:
        fund(i)
    for k, (member, t, floor) in enumerate(floors):  # mandated minimum shares next, in ranking order
        for i in order:
            if floor_held[k] >= floor * (1 - _TOL):
                break
            if member[i]:
                fund(i, year=t)
    for i in order:
        fund(i)
    _, _, active = _full_schedule(catalog, start)
    levels = active.astype(float)
    plan = Plan.from_choices(
        catalog, budget, policy, start, levels, status=SolveStatus.FEASIBLE, solver=f"baseline:{ranking}"
    )
    broken = _check(plan)
    if broken or notes:
        object.__setattr__(plan, "message", "; ".join(notes + broken))
    return plan


def run_baselines(catalog: Catalog, budget: Budget, policy: Policy | None = None) -> dict[str, Plan]:
    """Run every built-in ranking; returns ``{ranking: Plan}``."""
    return {name: rank_and_fund(catalog, budget, policy, ranking=name) for name in BASELINES}  # type: ignore[arg-type]
