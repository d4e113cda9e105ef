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

from ..exceptions import ArgumentError
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.policy import Policy
from ..inputs.schema import CarryOver
from ..results.check import violations
from ..results.plan import Plan, tables_from_choices
from ..results.schedules import full_schedule
from ..solvers.base import SolveStatus

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
    ids = np.array(catalog.ids, dtype=object)
    priority = catalog.values("priority").astype(float)
    total = catalog.cost_matrix().sum(axis=1)
    mandatory = catalog.values("mandatory").astype(bool)
    continuing = catalog.values("status") == CarryOver.CONTINUING
    if ranking == "priority":
        key: list[tuple[float, ...]] = [(-priority[i],) for i in range(len(ids))]
    elif ranking == "value_per_cost":
        ratio = np.where(total > 0, priority / np.where(total > 0, total, 1.0), np.inf)
        key = [(-ratio[i],) for i in range(len(ids))]
    elif ranking == "carryover_first":
        key = [(0 if continuing[i] else 1, -priority[i]) for i in range(len(ids))]
    else:
        raise ArgumentError(f"unknown ranking {ranking!r}; choose one of {', '.join(BASELINES)}")
    ranked = sorted(range(len(ids)), key=lambda i: (0 if mandatory[i] else 1, *key[i], str(ids[i])))
    # A mandatory programme brings what it requires along: an analyst funds the prerequisites of an
    # obligation first (requirements of optional programmes are not pulled in - the manual method skips).
    pos = {pid: i for i, pid in enumerate(ids)}
    requires = catalog.values("requires").tolist()
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
    ledger = Ledger(catalog, budget, policy)
    order, n_mandatory = _order(catalog, ranking)
    for i in order[:n_mandatory]:
        ledger.fund(i)
    for k, (member, t, floor) in enumerate(ledger.floors):  # mandated minimum shares next, in ranking order
        for i in order:
            if ledger.floor_held[k] >= floor * (1 - _TOL):
                break
            if member[i]:
                ledger.fund(i, year=t)
    for i in order:
        ledger.fund(i)
    _, _, active = full_schedule(catalog, ledger.start)
    tables = tables_from_choices(catalog, ledger.start, active.astype(float))
    fields = {"status": SolveStatus.FEASIBLE, "solver": f"baseline:{ranking}"}
    plan = Plan.from_tables(catalog, budget, policy, tables, **fields)
    broken = violations(plan)
    if not (broken or ledger.notes):
        return plan
    return Plan.from_tables(catalog, budget, policy, tables, **fields, message="; ".join(ledger.notes + broken))


class Ledger:
    """What a ranking has funded so far, and whether one more programme still fits every rule a ranking can keep.

    It keeps the money spent per year (total, per funding source, per capped group, per
    floored group, committed across each term boundary), the programmes running and
    starting per count cap, and the exclusive groups already used.
    """

    def __init__(self, catalog: Catalog, budget: Budget, policy: Policy) -> None:
        years = catalog.years
        self.n_years, self.first = len(years), years[0]
        n = len(catalog)
        self.ids = list(catalog.ids)
        self.pos = {p: i for i, p in enumerate(self.ids)}
        self.policy = policy
        self.available = np.array([budget.available(y) for y in years])
        self.ceilings = np.array([budget.ceilings[y] for y in years])
        self.spend = np.zeros(self.n_years)
        self.caps: list[list[Any]] = []  # [member mask, year index, cap amount, spend so far]
        self.floors: list[tuple[np.ndarray, int, float]] = []  # (member mask, year index, floor amount)
        for lim in budget.limits:
            member = catalog.text(lim.group_by) == lim.group
            for t in [lim.year - self.first] if lim.year is not None else range(self.n_years):
                cap, floor = lim.amounts(self.ceilings[t])
                if cap is not None:
                    self.caps.append([member, t, cap, 0.0])
                if floor is not None and floor > 0:
                    self.floors.append((member, t, floor))
        self.floor_held = np.zeros(len(self.floors))
        self.commit: dict[int, np.ndarray] = {b: np.zeros(self.n_years) for b in policy.boundaries}
        self.earliest = catalog.values("earliest_start").astype(np.int64)
        self.latest = catalog.values("latest_start").astype(np.int64)
        self.mandatory = catalog.values("mandatory").astype(bool)
        self.excluded = catalog.values("excluded").astype(bool)
        self.requires = catalog.values("requires").tolist()
        self.groups = catalog.values("exclusive_group").tolist()
        self.continuing = catalog.values("status") == CarryOver.CONTINUING
        self.cost = catalog.cost_matrix()
        self.target = np.nan_to_num(catalog.target_matrix())
        # funding sources with ceilings
        self.source_rows = {src: catalog.source_cost_matrix(src) for src in budget.source_ceilings}
        self.source_cap = {
            src: np.array([by.get(y, np.inf) for y in years]) for src, by in budget.source_ceilings.items()
        }
        self.source_spend = {src: np.zeros(self.n_years) for src in budget.source_ceilings}
        # caps on how many programmes run / start: [member, year indexes, max running, max new, running, new]
        self.count_rules: list[list[Any]] = []
        for count_cap in policy.count_caps:
            if count_cap.group_by is None:
                masks = [np.ones(n, dtype=bool)]
            else:
                values = catalog.text(count_cap.group_by)
                chosen = [count_cap.group] if count_cap.group is not None else sorted(set(values))
                masks = [values == g for g in chosen]
            cap_years = [count_cap.year - self.first] if count_cap.year is not None else list(range(self.n_years))
            for member in masks:
                self.count_rules.append(
                    [
                        member,
                        cap_years,
                        count_cap.max_running,
                        count_cap.max_new,
                        np.zeros(self.n_years),
                        np.zeros(self.n_years),
                    ]
                )
        self.start = np.full(n, -1, dtype=np.int64)
        self.used_groups: set[str] = set()
        self.notes: list[str] = []

    def shifted(self, matrix: np.ndarray, i: int, s: int) -> np.ndarray:
        """Row ``i`` of a programme × year matrix for a start in year ``s`` (the schedule moved from earliest)."""
        shift = s - int(self.earliest[i])
        out = np.zeros(self.n_years)
        out[shift:] = matrix[i, : self.n_years - shift]
        return out

    def active(self, i: int, s: int, row: np.ndarray) -> np.ndarray:
        """Return the years programme ``i`` started in ``s`` runs (an empty schedule runs in its start year)."""
        active = (row > 0) | (self.shifted(self.target, i, s) > 0)
        if not active.any():
            active[s - self.first] = True
        return active

    def fits(self, i: int, s: int, row: np.ndarray) -> bool:
        """Whether programme ``i`` started in ``s`` (yearly cost ``row``) keeps every cap still."""
        if (self.spend + row > self.available * (1 + _TOL) + _TOL).any():
            return False
        for src, mat in self.source_rows.items():
            if (self.source_spend[src] + self.shifted(mat, i, s) > self.source_cap[src] * (1 + _TOL) + _TOL).any():
                return False
        active = self.active(i, s, row)
        t0 = s - self.first
        for member, cap_years, max_running, max_new, running, new in self.count_rules:
            if not member[i]:
                continue
            if max_running is not None and any(running[t] + active[t] > max_running for t in cap_years):
                return False
            if max_new is not None and not self.continuing[i] and t0 in cap_years and new[t0] + 1 > max_new:
                return False
        for member, t, cap, held in self.caps:
            if member[i] and held + row[t] > cap * (1 + _TOL) + _TOL:
                return False
        cap_share = self.policy.commitment_cap
        for b, held_b in self.commit.items():
            if s < b and cap_share is not None:
                later = np.arange(self.n_years) >= b - self.first
                if (held_b[later] + row[later] > cap_share * self.ceilings[later] * (1 + _TOL) + _TOL).any():
                    return False
        return True

    def take(self, i: int, s: int, row: np.ndarray) -> None:
        """Fund programme ``i`` from ``s``: book its money and counts."""
        self.start[i] = s
        self.spend += row
        for src, mat in self.source_rows.items():
            self.source_spend[src] += self.shifted(mat, i, s)
        active = self.active(i, s, row)
        for member, _, _, _, running, new in self.count_rules:
            if member[i]:
                running += active
                if not self.continuing[i]:
                    new[s - self.first] += 1
        for held in self.caps:
            if held[0][i]:
                held[3] += row[held[1]]
        for k, (member, t, _) in enumerate(self.floors):
            if member[i]:
                self.floor_held[k] += row[t]
        for b in self.commit:
            if s < b:
                self.commit[b] += row
        if self.groups[i]:
            self.used_groups.add(self.groups[i])

    def fund(self, i: int, year: int | None = None) -> None:
        """Fund programme ``i`` at its earliest start that fits (one that spends in ``year``, if given)."""
        if self.excluded[i] or self.start[i] >= 0 or (self.groups[i] and self.groups[i] in self.used_groups):
            return
        chosen = fallback = -1
        # the catalogue's windows are already trimmed so that every start fits the horizon
        for s in range(int(self.earliest[i]), int(self.latest[i]) + 1):
            if any(self.start[self.pos[q]] < 0 or self.start[self.pos[q]] > s for q in self.requires[i]):
                continue
            row = self.shifted(self.cost, i, s)
            if year is not None and row[year] <= 0:
                continue
            if fallback < 0:
                fallback = s
            if self.fits(i, s, row):
                chosen = s
                break
        if chosen < 0 and self.mandatory[i] and year is None:
            chosen = fallback if fallback >= 0 else int(self.earliest[i])
            self.notes.append(f"mandatory {self.ids[i]} did not fit and was funded anyway")
        if chosen >= 0:
            self.take(i, chosen, self.shifted(self.cost, i, chosen))


def run_baselines(catalog: Catalog, budget: Budget, policy: Policy | None = None) -> dict[str, Plan]:
    """Run every built-in ranking; returns ``{ranking: Plan}``."""
    return {name: rank_and_fund(catalog, budget, policy, ranking=name) for name in BASELINES}  # type: ignore[arg-type]
