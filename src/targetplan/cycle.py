"""The yearly cycle: what was realised goes in, the remaining years are planned again.

:func:`replan` takes a plan, the realisation of the years before ``from_year`` and the
new ceilings, and plans ``from_year`` to the end of the horizon again:

* **Past years are fixed** to what was realised; they are not planned again.
* **Started programmes carry their unfinished scope forward.** A programme is *started*
  when anything was realised for it (money spent or target achieved). Its remaining
  scope is what the previous plan intended for it over the whole horizon less what was
  realised: remaining cost = planned cost − spent, remaining target = planned target −
  achieved (never below zero), spread over the remaining years in proportion to the
  previous plan's remaining schedule (all in ``from_year`` when nothing was scheduled
  any more, i.e. the programme is late). It keeps its mode; by default it must continue
  (``continue_started=True``); its priority is scaled to the share of scope that
  remains. A started programme with nothing left is *finished* and leaves the plan.
* **Programmes not started** keep their catalogue row; their start window moves to
  ``from_year`` at the earliest (the schedule moves with it). One whose schedule no
  longer fits the horizon is dropped and reported as ``cannot_fit``.
* The remaining years are optimised under the new ceilings. With
  ``reference="previous"`` (default), among optimal plans the one that changes least
  from the previous plan is preferred (the stable-plan mechanism of
  :func:`targetplan.optimize`).

The result is a :class:`Replan`: the new :class:`Plan` for the remaining years, the
realised history, the carried scope per programme and the combined tables over the
whole horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .budget import Budget
from .catalog import Catalog
from .exceptions import CheckFailedError, TargetplanError
from .money import Language, format_money, get_language
from .policy import Policy, Term
from .realisation import RealisationValidationError, check_against, read_realisation

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["Replan", "replan"]

_CARRIED_COLUMNS = [
    "state",
    "planned_cost",
    "spent",
    "remaining_cost",
    "planned_target",
    "achieved",
    "remaining_target",
    "remaining_share",
]


@dataclass(frozen=True, eq=False)
class Replan:
    """A re-plan of the remaining years after a realisation.

    Attributes
    ----------
    plan : Plan
        The new plan for ``from_year`` to the end of the horizon (its catalogue holds the
        remaining scope); ``plan.check()`` re-checks it.
    previous : Plan
        The plan before the re-plan.
    realisation : DataFrame
        The validated realisation (``id, year, spent, achieved``).
    carried : DataFrame
        Index ``id``: ``state`` (started / finished / not_started / cannot_fit),
        ``planned_cost`` and ``planned_target`` (the previous plan's intention over the
        horizon), ``spent``, ``achieved``, ``remaining_cost``, ``remaining_target`` and
        ``remaining_share``.
    costs, targets : DataFrame
        Programme × year over the whole horizon: realised before ``from_year``, planned
        from it.
    changes : DataFrame
        Programmes whose start year in the remaining years differs from the previous plan
        (``start_before``, ``start_after``).
    """

    plan: Plan
    previous: Plan
    realisation: pd.DataFrame
    from_year: int
    carried: pd.DataFrame
    costs: pd.DataFrame
    targets: pd.DataFrame
    changes: pd.DataFrame
    notes: tuple[str, ...] = ()

    @property
    def status(self) -> Any:
        """Status of the new plan."""
        return self.plan.status

    def check(self) -> Replan:
        """Check the new plan (every rule) and that the past and the carried scope are intact.

        Raises
        ------
        CheckFailedError
            With every violation.
        """
        from .plan import _check

        violations = list(_check(self.plan))
        past = [y for y in self.costs.columns if y < self.from_year]
        real = self.realisation.set_index(["id", "year"])
        for pid in self.costs.index:
            for y in past:
                expected = float(real["spent"].get((pid, y), 0.0))
                if abs(float(self.costs.at[pid, y]) - expected) > 1e-6 * max(1.0, expected):
                    violations.append(
                        f"{pid} {y}: cost {self.costs.at[pid, y]:,.0f} differs from the realised {expected:,.0f}"
                    )
        cat = self.plan.catalog
        frame = cat._frame.set_index("id")
        cost_cols = [f"cost_{y}" for y in cat.years]
        for pid, row in self.carried.iterrows():
            if row["state"] != "started":
                continue
            planned, spent, left = float(row["planned_cost"]), float(row["spent"]), float(row["remaining_cost"])
            if abs(spent + left - max(planned, spent)) > 1e-6 * max(1.0, planned):
                violations.append(
                    f"{pid}: spent {spent:,.0f} + remaining {left:,.0f} does not conserve the planned {planned:,.0f}"
                )
            offered = float(frame.loc[pid, cost_cols].sum()) if pid in frame.index else 0.0
            if abs(offered - left) > 1e-6 * max(1.0, left):
                violations.append(f"{pid}: the re-plan offers {offered:,.0f} of scope, {left:,.0f} remains")
        if violations:
            raise CheckFailedError(violations)
        return self

    def summary(self, lang: Language | None = None) -> str:
        """Return a text summary: carried scope, the new plan, what changed."""
        lang = lang or get_language()
        id_ = lang == "id"
        states = self.carried["state"].value_counts()
        started = self.carried[self.carried["state"] == "started"]
        lines = [
            (f"Perencanaan ulang {self.from_year}-{self.plan.years[-1]} setelah realisasi s.d. {self.from_year - 1}")
            if id_
            else (f"Re-plan of {self.from_year}-{self.plan.years[-1]} after the realisation to {self.from_year - 1}"),
            (
                f"Program berjalan: {int(states.get('started', 0))}, selesai: {int(states.get('finished', 0))}, "
                f"belum mulai: {int(states.get('not_started', 0))}, tidak muat lagi: {int(states.get('cannot_fit', 0))}"
            )
            if id_
            else (
                f"Started: {int(states.get('started', 0))}, finished: {int(states.get('finished', 0))}, "
                f"not started: {int(states.get('not_started', 0))}, no longer fit: {int(states.get('cannot_fit', 0))}"
            ),
            (f"Sisa lingkup yang dibawa: {format_money(float(started['remaining_cost'].sum()), lang)}")
            if id_
            else (f"Remaining scope carried forward: {format_money(float(started['remaining_cost'].sum()), lang)}"),
            "",
            self.plan.summary(lang),
        ]
        if len(self.changes):
            lines.append("")
            lines.append(
                ("Berubah dari rencana sebelumnya: " if id_ else "Changed from the previous plan: ")
                + ", ".join(self.changes.index)
            )
        lines.extend(self.notes)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"Replan({self.from_year}-{self.plan.years[-1]}, {self.plan.status.value}, value "
            f"{self.plan.total_value:,.2f}, {len(self.changes)} changes)"
        )

    def _repr_html_(self) -> str:
        return f"<p><b>{self!r}</b></p>{self.carried.to_html(max_rows=60)}{self.plan._repr_html_()}"


def _clip_budget(budget: Budget, years: tuple[int, ...]) -> Budget:
    missing = [y for y in years if y not in budget.ceilings]
    if missing:
        from .budget import BudgetValidationError

        raise BudgetValidationError(
            [
                {
                    "row": None,
                    "id": None,
                    "column": "year",
                    "value": missing,
                    "problem": f"no ceiling for the re-planned years {missing}",
                    "fix": f"give ceilings for {years[0]}-{years[-1]}",
                }
            ],
            "re-plan budget",
        )
    limits = [lim for lim in budget.limits if lim.year is None or lim.year in years]
    sources = {s: {y: c for y, c in by.items() if y in years} for s, by in budget.source_ceilings.items()}
    return Budget(
        ceilings={y: budget.ceilings[y] for y in years},
        limits=limits,
        reserve=budget.reserve,
        source_ceilings=sources,
        earmarks=budget.earmarks,
    )


def _clip_policy(policy: Policy, years: tuple[int, ...], notes: list[str]) -> Policy:
    terms = [t for t in policy.terms if t.end >= years[0]]
    clipped = [Term(t.name, max(t.start, years[0]), t.end) for t in terms]
    cap = policy.commitment_cap
    if cap is not None and len(clipped) < 2:
        notes.append("the commitment cap no longer applies: one administration remains in the re-planned years")
        cap = None
    caps = [c for c in policy.count_caps if c.year is None or c.year in years]
    return Policy(
        terms=clipped,
        continuity_floor=policy.continuity_floor,
        carryover_bonus=policy.carryover_bonus,
        commitment_cap=cap,
        max_level_change=policy.max_level_change,
        count_caps=caps,
    )


def replan(
    plan: Plan,
    realisation: str | Path | pd.DataFrame,
    from_year: int,
    budget: Budget | None = None,
    policy: Policy | None = None,
    *,
    reference: Literal["previous"] | None = "previous",
    continue_started: bool = True,
    **solve_options: Any,
) -> Replan:
    """Plan the remaining years again after a realisation.

    Parameters
    ----------
    plan : Plan
        The current plan.
    realisation : path or DataFrame
        ``id, year, spent, achieved`` for years before ``from_year``.
    from_year : int
        First year to plan again.
    budget : Budget, optional
        New ceilings (at least for ``from_year`` onwards); default: the plan's budget.
    policy : Policy, optional
        Default: the plan's policy, with its terms clipped to the remaining years.
    reference : {"previous", None}, default "previous"
        Prefer, among optimal plans, the one closest to the previous plan.
    continue_started : bool, default True
        Started programmes must continue (their remaining scope is mandatory).
    **solve_options
        ``solver``, ``mip_gap``, ``time_limit``, ``threads``, ``max_changes``,
        ``value_tolerance``, ``raise_on_failure`` as in :func:`targetplan.optimize`.

    Examples
    --------
    >>> import targetplan as tp
    >>> ex = tp.load_example("bogor")
    >>> plan = tp.optimize(ex.catalog, ex.budget, mip_gap=1e-3)
    >>> again = tp.replan(plan, ex.folder / "realisation.csv", from_year=2024, mip_gap=1e-3)
    >>> again.plan.years[0], again.check().plan.is_ok
    (2024, True)
    """
    from .solve import optimize, reference_starts

    if not plan.is_ok:
        raise TargetplanError(f"a plan with status {plan.status.value} cannot be re-planned: {plan.message}")
    years = plan.years
    if not (years[0] < from_year <= years[-1]):
        raise TargetplanError(f"from_year must be after {years[0]} and at most {years[-1]} (got {from_year})")
    real = read_realisation(realisation)
    where = Path(realisation).name if isinstance(realisation, str | Path) else "realisation"
    check_against(real, plan.catalog.ids, years, where)
    late = real[real["year"] >= from_year]
    if len(late):
        raise RealisationValidationError(
            [
                {
                    "row": r,
                    "id": row["id"],
                    "column": "year",
                    "value": int(row["year"]),
                    "problem": f"realisation for a year that is being re-planned ({from_year} onwards)",
                    "fix": f"give realisation up to {from_year - 1} only, or re-plan from a later year",
                }
                for r, row in late.iterrows()
            ],
            where,
        )
    remaining = tuple(y for y in years if y >= from_year)
    notes: list[str] = []
    new_budget = _clip_budget(budget or plan.budget, remaining)
    new_policy = _clip_policy(policy or plan.policy, remaining, notes)

    catalog = plan.catalog
    frame = catalog._frame
    ids = list(catalog.ids)
    sums = real.groupby("id")[["spent", "achieved"]].sum(min_count=1)
    spent = sums["spent"].reindex(ids).fillna(0.0)
    achieved = sums["achieved"].reindex(ids)
    planned_cost = plan.costs.copy()
    planned_target = plan.targets.copy()
    from .plan import _full_schedule

    # programmes that were realised without being in the plan: their full schedule from earliest start
    sel = plan.selection
    start = np.array([int(s) if r else -1 for s, r in zip(sel["start_year"], sel["runs"], strict=True)])
    unplanned = [i for i, p in enumerate(ids) if start[i] < 0 and (spent[p] > 0 or (achieved[p] or 0) > 0)]
    if unplanned:
        trial = np.full(len(ids), -1)
        trial[unplanned] = frame["earliest_start"].to_numpy()[unplanned]
        full_cost, full_target, _ = _full_schedule(catalog, trial)
        for i in unplanned:
            planned_cost.iloc[i] = full_cost[i]
            planned_target.iloc[i] = full_target[i]

    rows = []
    carried = []
    new_cols = [f"cost_{y}" for y in remaining] + [f"target_{y}" for y in remaining]
    keep_cols = [c for c in frame.columns if not c.startswith(("cost_", "target_"))]
    first_rem = remaining[0]
    # Funding sources: the remaining scope is paid from the same sources in the same proportions as the
    # programme as a whole (its source parts over its total cost).
    sources = catalog.sources
    source_share = np.zeros((len(ids), len(sources)))
    if sources:
        totals = catalog.cost_matrix().sum(axis=1)
        for k, name in enumerate(sources):
            paid = catalog.source_cost_matrix(name).sum(axis=1)
            source_share[:, k] = np.where(totals > 0, paid / np.where(totals > 0, totals, 1.0), 0.0)

    def with_sources(row: dict[str, Any], i: int) -> dict[str, Any]:
        if not sources or source_share[i].sum() <= 0:
            return row
        for y in remaining:
            parts = [row[f"cost_{y}"] * source_share[i, k] for k in range(len(sources))]
            unassigned = row[f"cost_{y}"] - sum(parts)
            parts[int(np.argmax(source_share[i]))] += unassigned  # round-off goes to the largest source
            for name, part in zip(sources, parts, strict=True):
                row[f"cost_{y}_{name}"] = part
            row[f"cost_{y}"] = sum(parts)
        return row

    for i, pid in enumerate(ids):
        base = frame.iloc[i]
        row: dict[str, Any] = {c: base[c] for c in keep_cols}
        row["requires"] = ";".join(base["requires"])
        row["alignment"] = ";".join(base["alignment"])
        row["status"] = str(base["status"])
        row["mode"] = str(base["mode"])
        was_started = spent[pid] > 0 or (not math.isnan(achieved[pid]) and achieved[pid] > 0)
        total_cost = float(planned_cost.loc[pid].sum())
        total_target = float(planned_target.loc[pid].sum())
        if was_started:
            left_cost = max(total_cost - float(spent[pid]), 0.0)
            done = 0.0 if math.isnan(achieved[pid]) else float(achieved[pid])
            left_target = max(total_target - done, 0.0)
            share = left_cost / total_cost if total_cost > 0 else (left_target / total_target if total_target else 0.0)
            record = {
                "state": "started",
                "planned_cost": total_cost,
                "spent": float(spent[pid]),
                "remaining_cost": left_cost,
                "planned_target": total_target,
                "achieved": achieved[pid],
                "remaining_target": left_target,
                "remaining_share": share,
            }
            # Finished: every target achieved (when it has targets), else (almost) all the money spent.
            if (total_target > 0 and left_target <= 1e-9 * total_target) or (
                total_target <= 0 and left_cost <= 0.01 * total_cost
            ):
                record["state"] = "finished"
                record["remaining_cost"] = 0.0
                carried.append((pid, record))
                continue
            weights = planned_cost.loc[pid, list(remaining)].to_numpy(dtype=float)
            if weights.sum() <= 0:
                weights = planned_target.loc[pid, list(remaining)].to_numpy(dtype=float)
            if weights.sum() <= 0:
                weights = np.zeros(len(remaining))
                weights[0] = 1.0
            weights = weights / weights.sum()
            for k, y in enumerate(remaining):
                row[f"cost_{y}"] = left_cost * weights[k]
                row[f"target_{y}"] = left_target * weights[k] if total_target > 0 else np.nan
            row["priority"] = float(base["priority"]) * share
            row["status"] = "continuing"
            row["mandatory"] = bool(continue_started) or bool(base["mandatory"])
            row["excluded"] = False
            row["earliest_start"] = row["latest_start"] = first_rem
            row["requires"] = ""
            # the level already chosen is kept as the floor of what remains, when the programme is scalable
            row["min_level"] = 1.0 if row["mode"] == "whole" else float(base["min_level"])
            rows.append(with_sources(row, i))
            carried.append((pid, record))
            continue
        # not started: the same schedule, from from_year at the earliest
        earliest, latest = int(base["earliest_start"]), int(base["latest_start"])
        shift = max(first_rem - earliest, 0)
        src = [float(base[f"cost_{y}"]) for y in years]
        tgt = [float(base[f"target_{y}"]) for y in years]
        active = [k for k in range(len(years)) if src[k] > 0 or (not math.isnan(tgt[k]) and tgt[k] > 0)]
        last_active = max(active) if active else years.index(earliest)
        record = {
            "state": "not_started",
            "planned_cost": total_cost,
            "spent": 0.0,
            "remaining_cost": math.nan,
            "planned_target": total_target,
            "achieved": math.nan,
            "remaining_target": math.nan,
            "remaining_share": 1.0,
        }
        if last_active + shift >= len(years):
            if row["mode"] == "whole" or not active:
                record["state"] = "cannot_fit"
                carried.append((pid, record))
                continue
            # A scalable or flexible programme (typically a yearly service) that cannot be moved whole is
            # offered for the rest of its schedule, as if it had started on time; its value is scaled to
            # the share of the schedule that is left.
            first_active = min(active)
            kept_cost = sum(src[k] for k in range(len(years)) if years[k] >= first_rem)
            share = kept_cost / sum(src) if sum(src) > 0 else 0.0
            if kept_cost <= 0 or first_active + (first_rem - years[first_active]) < 0:
                record["state"] = "cannot_fit"
                carried.append((pid, record))
                continue
            for y in remaining:
                k = years.index(y)
                row[f"cost_{y}"] = src[k]
                row[f"target_{y}"] = tgt[k]
            row["earliest_start"] = row["latest_start"] = first_rem
            row["priority"] = float(base["priority"]) * share
            record["state"] = "not_started"
            record["remaining_share"] = share
            rows.append(with_sources(row, i))
            carried.append((pid, record))
            continue
        for y in remaining:
            k = years.index(y) - shift
            row[f"cost_{y}"] = src[k] if k >= 0 else 0.0
            row[f"target_{y}"] = tgt[k] if k >= 0 else np.nan
        row["earliest_start"] = earliest + shift
        row["latest_start"] = max(latest, earliest + shift)
        rows.append(with_sources(row, i))
        carried.append((pid, record))

    carried_table = pd.DataFrame(
        [r for _, r in carried], index=pd.Index([p for p, _ in carried], name="id"), columns=_CARRIED_COLUMNS
    )
    if not rows:
        raise TargetplanError("nothing is left to plan: every programme is finished or no longer fits the horizon")
    new_frame = pd.DataFrame(rows)
    kept = set(new_frame["id"])
    new_frame["requires"] = new_frame["requires"].map(
        lambda v: ";".join(q for q in str(v).split(";") if q and q in kept)
    )
    source_cols = [c for c in new_frame.columns if c.startswith("cost_") and c.count("_") == 2]
    columns = [c for c in keep_cols if c in new_frame.columns] + new_cols + source_cols
    new_catalog = Catalog.from_frame(
        new_frame[columns], horizon=(remaining[0], remaining[-1]), source=f"{catalog.source} (re-plan from {from_year})"
    )
    if reference == "previous":
        prev = reference_starts(plan)
        ref: dict[str, int | None] = {}
        for p in kept:
            before_start = prev.get(p)
            if carried_table.at[p, "state"] == "started":
                ref[p] = first_rem
            else:
                ref[p] = before_start if before_start is not None and before_start >= first_rem else None
        new_plan = optimize(new_catalog, new_budget, new_policy, reference=ref, **solve_options)
    elif reference is None:
        new_plan = optimize(new_catalog, new_budget, new_policy, **solve_options)
    else:
        raise TargetplanError(f"reference must be 'previous' or None (got {reference!r})")

    costs = pd.DataFrame(0.0, index=pd.Index(ids, name="id"), columns=pd.Index(list(years), name="year"))
    targets = costs.copy()
    for _, r in real.iterrows():
        costs.at[r["id"], int(r["year"])] = float(r["spent"])
        if not math.isnan(r["achieved"]):
            targets.at[r["id"], int(r["year"])] = float(r["achieved"])
    if new_plan.is_ok:
        costs.loc[new_plan.costs.index, list(remaining)] = new_plan.costs[list(remaining)].to_numpy()
        targets.loc[new_plan.targets.index, list(remaining)] = new_plan.targets[list(remaining)].to_numpy()
    before = {p: s for p, s in reference_starts(plan).items() if s is not None and s >= first_rem}
    after = reference_starts(new_plan) if new_plan.is_ok else {}
    changed = []
    for pid in sorted(set(before) | {p for p, s in after.items() if s is not None}):
        if carried_table.at[pid, "state"] == "started":
            continue
        if before.get(pid) != after.get(pid):
            changed.append({"id": pid, "start_before": before.get(pid), "start_after": after.get(pid)})
    changes = pd.DataFrame(changed, columns=["id", "start_before", "start_after"]).set_index("id")
    for c in ("start_before", "start_after"):
        changes[c] = pd.array(changes[c].tolist(), dtype="Int64")
    return Replan(new_plan, plan, real, from_year, carried_table, costs, targets, changes, tuple(notes))
