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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, BudgetValidationError, CheckFailedError, RealisationValidationError
from ..inputs.budget import Budget
from ..inputs.catalog import Catalog
from ..inputs.collect import Failures
from ..inputs.policy import Policy, Term
from ..inputs.realisation import check_against, read_realisation
from ..inputs.schema import TargetKind
from ..results.changes import reference_starts
from ..results.check import violations
from ..results.plan import Plan
from ..results.schedules import full_schedule, target_table
from ..text.language import Language, get_language, pick
from ..text.money import format_money, format_number
from ..text.show import HtmlView
from ..text.words import value_word
from .optimize import optimize

__all__ = ["Replan", "replan"]

_CHANGES = ("dropped", "added", "rescheduled", "resized")
_CHANGE_WORDS = {
    "dropped": ("Dihentikan", "Dropped"),
    "added": ("Ditambahkan", "Added"),
    "rescheduled": ("Dijadwal ulang", "Rescheduled"),
    "resized": ("Diubah besarnya", "Resized"),
}

_CARRIED_COLUMNS = [
    "state",
    "target_kind",
    "planned_cost",
    "spent",
    "remaining_cost",
    "planned_target",
    "achieved",
    "remaining_target",
    "remaining_share",
]


@dataclass(frozen=True, eq=False)
class Replan(HtmlView):
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
        ``target_kind``, ``planned_cost`` and ``planned_target`` (the previous plan's
        intention over the horizon: for targets the sum when annual, the final value when
        cumulative or index), ``spent``, ``achieved`` (annual: the sum; cumulative and
        index: the latest value reported), ``remaining_cost``, ``remaining_target``
        (annual: what is left of the total; cumulative: the final target less the level
        reached; index: the final value) and ``remaining_share``.
    costs, targets : DataFrame
        Programme × year over the whole horizon: realised before ``from_year``, planned
        from it.
    changes : DataFrame
        Index ``id``: every programme the re-plan treats differently from the approved plan
        in the remaining years: ``change`` (``dropped``, ``added``, ``rescheduled``,
        ``resized``), ``state`` (as in ``carried``), ``start_before`` and ``start_after``
        (the start year in each plan, also for a programme already running),
        ``cost_before``, ``cost_after`` and ``cost_change`` (rupiah in the remaining years).
    outside_plan : DataFrame
        Index (``id``, ``year``): realised spending outside the approved plan — ``planned``,
        ``spent``, ``excess`` and ``reason`` (``not_planned``: spent though the plan did not
        fund it that year; ``over_plan``: more than planned).
    """

    plan: Plan
    previous: Plan
    realisation: pd.DataFrame
    from_year: int
    carried: pd.DataFrame
    costs: pd.DataFrame
    targets: pd.DataFrame
    changes: pd.DataFrame
    outside_plan: pd.DataFrame
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
        found = list(violations(self.plan))
        past = [y for y in self.costs.columns if y < self.from_year]
        real = self.realisation.set_index(["id", "year"])
        for pid in self.costs.index:
            for y in past:
                expected = float(real["spent"].get((pid, y), 0.0))
                if abs(float(self.costs.at[pid, y]) - expected) > 1e-6 * max(1.0, expected):
                    found.append(
                        f"{pid} {y}: cost {self.costs.at[pid, y]:,.0f} differs from the realised {expected:,.0f}"
                    )
        cat = self.plan.catalog
        offered_by_id = dict(zip(cat.ids, cat.cost_matrix().sum(axis=1), strict=True))
        for pid, row in self.carried.iterrows():
            if row["state"] != "started":
                continue
            planned, spent, left = float(row["planned_cost"]), float(row["spent"]), float(row["remaining_cost"])
            if abs(spent + left - max(planned, spent)) > 1e-6 * max(1.0, planned):
                found.append(
                    f"{pid}: spent {spent:,.0f} + remaining {left:,.0f} does not conserve the planned {planned:,.0f}"
                )
            offered = float(offered_by_id.get(pid, 0.0))
            if abs(offered - left) > 1e-6 * max(1.0, left):
                found.append(f"{pid}: the re-plan offers {offered:,.0f} of scope, {left:,.0f} remains")
        if found:
            raise CheckFailedError(found)
        return self

    def summary(self) -> pd.Series:
        """Return the key figures: the new plan's (see :meth:`Plan.summary`), the carried scope, the changes."""
        states = self.carried["state"].value_counts()
        started = self.carried[self.carried["state"] == "started"]
        figures = self.plan.summary().to_dict()
        figures.update(
            {
                "from_year": self.from_year,
                "started": int(states.get("started", 0)),
                "finished": int(states.get("finished", 0)),
                "not_started": int(states.get("not_started", 0)),
                "cannot_fit": int(states.get("cannot_fit", 0)),
                "remaining_cost": float(started["remaining_cost"].sum()),
                "changes": len(self.changes),
                **{kind: int((self.changes["change"] == kind).sum()) for kind in _CHANGES},
                "outside_plan": float(self.outside_plan["excess"].sum()),
            }
        )
        return pd.Series(figures, name="replan", dtype=object)

    def summary_text(self, lang: Language | None = None) -> str:
        """Write the re-plan as text for people: carried scope, the new plan, what changed."""
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
            self.plan.summary_text(lang),
        ]
        lines += self.change_sentences(lang)
        lines.extend(self.notes)
        return "\n".join(lines)

    def change_sentences(self, lang: Language | None = None) -> list[str]:
        """Say, programme by programme, what changed from the approved plan and what was spent outside it."""
        lang = lang or get_language()
        id_ = lang == "id"
        lines: list[str] = []
        for kind in _CHANGES:
            part = self.changes[self.changes["change"] == kind]
            if not len(part):
                continue
            items = []
            for pid, row in part.iterrows():
                before, after = format_money(row["cost_before"], lang), format_money(row["cost_after"], lang)
                if kind == "dropped":
                    items.append(f"{pid} ({before})")
                elif kind == "added":
                    items.append(f"{pid} ({after})")
                elif kind == "rescheduled":
                    money = f", {before} → {after}" if before != after else f", {after}"
                    items.append(f"{pid} ({row['start_before']} → {row['start_after']}{money})")
                else:
                    items.append(f"{pid} ({before} → {after})")
            lines.append(f"{pick(_CHANGE_WORDS[kind], lang)}: {', '.join(items)}.")
        if len(self.outside_plan):
            items = [
                f"{pid} {year} ({format_money(row['excess'], lang)}"
                + (
                    (" tidak direncanakan)" if id_ else " not planned)")
                    if row["reason"] == "not_planned"
                    else (" di atas rencana)" if id_ else " above the plan)")
                )
                for (pid, year), row in self.outside_plan.iterrows()
            ]
            head = "Realisasi di luar rencana" if id_ else "Spending outside the plan"
            lines.append(f"{head}: {', '.join(items)}.")
        if lines:
            lines.insert(0, "")
            lines.insert(1, "Perubahan dari rencana yang disetujui:" if id_ else "Changes from the approved plan:")
        return lines

    def __repr__(self) -> str:
        return (
            f"Replan({self.from_year}-{self.plan.years[-1]}, {self.plan.status.value}, value "
            f"{self.plan.total_value:,.2f}, {len(self.changes)} changes)"
        )

    def view_title(self, lang: Language) -> str:
        """Name the re-plan in the language: its years, the new plan's status and value, the changes."""
        years = f"{self.from_year}-{self.plan.years[-1]}"
        status = str(value_word("status", self.plan.status.value, lang))
        value = format_number(self.plan.total_value, 2, lang)
        if lang == "en":
            return f"Re-plan {years}: {status}, value {value}, {len(self.changes)} changes"
        return f"Rencana ulang {years}: {status}, nilai {value}, {len(self.changes)} perubahan"

    def target_decimals(self) -> dict[Any, int]:
        """Return the decimals of each programme's targets (from the approved plan's catalogue: it has them all)."""
        catalog = self.previous.catalog
        return dict(zip(catalog.ids, catalog.values("target_decimals").tolist(), strict=True))

    def html_tables(self, lang: Language) -> dict[str, pd.DataFrame]:
        """Return the changes, the spending outside the plan, the carried scope, then the new plan's tables."""
        return {
            "changes": self.changes,
            "outside_plan": self.outside_plan,
            "carried": self.carried,
            **self.plan.html_tables(lang),
        }


def _clip_budget(budget: Budget, years: tuple[int, ...]) -> Budget:
    missing = [y for y in years if y not in budget.ceilings]
    if missing:
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
    finish_schedule: Iterable[str] = (),
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
    finish_schedule : iterable of str, optional
        Ids of cumulative programmes that run their remaining schedule (and money) even
        when the realisation says their final target is already reached — a contract
        that must be completed, say. Without it such a programme is finished.
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
    if reference not in ("previous", None):
        raise ArgumentError(f"reference must be 'previous' or None (got {reference!r})")
    real = _checked_realisation(plan, realisation, from_year)
    remaining = tuple(y for y in plan.years if y >= from_year)
    notes: list[str] = []
    new_budget = _clip_budget(budget or plan.budget, remaining)
    new_policy = _clip_policy(policy or plan.policy, remaining, notes)
    unknown = sorted(set(finish_schedule) - set(plan.catalog.ids))
    if unknown:
        raise ArgumentError(f"finish_schedule names ids that are not in the catalogue: {', '.join(unknown)}")
    ctx = _context(plan, real, remaining, continue_started, frozenset(finish_schedule))
    new_catalog, carried = _carried_catalog(plan, ctx, from_year)
    options: dict[str, Any] = dict(solve_options)
    if reference == "previous":
        options["reference"] = _reference(plan, carried, remaining[0])
    new_plan = optimize(new_catalog, new_budget, new_policy, **options)
    costs, targets = _combined(plan, real, new_plan, remaining)
    changes = _changes(plan, new_plan, carried, remaining)
    outside = _outside_plan(plan, real)
    return Replan(new_plan, plan, real, from_year, carried, costs, targets, changes, outside, tuple(notes))


def _checked_realisation(plan: Plan, realisation: str | Path | pd.DataFrame, from_year: int) -> pd.DataFrame:
    """Read and check the realisation of the years before ``from_year``, for a plan that exists."""
    if not plan.is_ok:
        raise ArgumentError(f"a plan with status {plan.status.value} cannot be re-planned: {plan.message}")
    plan.check()  # a plan edited or damaged since it was made is not re-planned (as `targetplan report` does)
    years = plan.years
    if not (years[0] < from_year <= years[-1]):
        raise ArgumentError(f"from_year must be after {years[0]} and at most {years[-1]} (got {from_year})")
    real = read_realisation(realisation)
    where = Path(realisation).name if isinstance(realisation, str | Path) else "realisation"
    check_against(real, plan.catalog.ids, years, where, costs=plan.costs, targets=plan.targets, before=from_year)
    failures = Failures()
    for r, row in real[real["year"] >= from_year].iterrows():
        failures.add(
            r,
            row["id"],
            "year",
            int(row["year"]),
            (
                f"realisasi untuk tahun yang direncanakan ulang ({from_year} dan seterusnya)",
                f"realisation for a year that is being re-planned ({from_year} onwards)",
            ),
            (
                f"beri realisasi sampai {from_year - 1} saja, atau rencanakan ulang dari tahun yang lebih akhir",
                f"give realisation up to {from_year - 1} only, or re-plan from a later year",
            ),
        )
    failures.raise_if_any(RealisationValidationError, where)
    return real


@dataclass
class _Context:
    """What the carry-forward of every programme reads."""

    years: tuple[int, ...]
    remaining: tuple[int, ...]
    spent: pd.Series
    achieved: pd.Series  # annual: the sum; cumulative and index: the latest value reported
    planned_cost: pd.DataFrame
    planned_target: pd.DataFrame
    kind: pd.Series
    source_share: np.ndarray
    continue_started: bool
    finish_schedule: frozenset[str]

    def planned_total_target(self, pid: str) -> float:
        """Return the previous plan's target over the horizon: the sum (annual), else its final value."""
        row = self.planned_target.loc[pid]
        if self.kind[pid] == TargetKind.ANNUAL:
            return float(row.sum())
        positive = row[row > 0]
        return float(positive.iloc[-1]) if len(positive) else 0.0


def _context(
    plan: Plan, real: pd.DataFrame, remaining: tuple[int, ...], continue_started: bool, finish: frozenset[str]
) -> _Context:
    catalog = plan.catalog
    ids = list(catalog.ids)
    kind = pd.Series([str(k) for k in catalog.values("target_kind")], index=ids)
    spent = real.groupby("id")["spent"].sum().reindex(ids).fillna(0.0)
    summed = real.groupby("id")["achieved"].sum(min_count=1).reindex(ids)
    reported = real[real["achieved"].notna()].sort_values(["id", "year"])
    latest = reported.groupby("id")["achieved"].last().reindex(ids)
    achieved = summed.where(kind == TargetKind.ANNUAL, latest)
    planned_cost = plan.costs.copy()
    planned_target = plan.targets.copy()
    # programmes that were realised without being in the plan: their full schedule from earliest start
    start = plan.start_years
    unplanned = [i for i, p in enumerate(ids) if start[i] < 0 and (spent[p] > 0 or (achieved[p] or 0) > 0)]
    if unplanned:
        trial = np.full(len(ids), -1)
        trial[unplanned] = catalog.values("earliest_start")[unplanned]
        full_cost, _, active = full_schedule(catalog, trial)
        full_target = target_table(catalog, trial, active.astype(float), active)
        for i in unplanned:
            planned_cost.iloc[i] = full_cost[i]
            planned_target.iloc[i] = full_target[i]
    # Funding sources: the remaining scope is paid from the same sources in the same proportions as the
    # programme as a whole (its source parts over its total cost).
    sources = catalog.sources
    source_share = np.zeros((len(ids), len(sources)))
    if sources:
        totals = catalog.cost_matrix().sum(axis=1)
        for k, name in enumerate(sources):
            paid = catalog.source_cost_matrix(name).sum(axis=1)
            source_share[:, k] = np.where(totals > 0, paid / np.where(totals > 0, totals, 1.0), 0.0)
    return _Context(
        plan.years,
        remaining,
        spent,
        achieved,
        planned_cost,
        planned_target,
        kind,
        source_share,
        continue_started,
        finish,
    )


def _with_sources(row: dict[str, Any], i: int, sources: tuple[str, ...], ctx: _Context) -> dict[str, Any]:
    """Split each remaining year's cost over the programme's funding sources, in its own proportions."""
    share = ctx.source_share[i]
    if not sources or share.sum() <= 0:
        return row
    for y in ctx.remaining:
        parts = [row[f"cost_{y}"] * share[k] for k in range(len(sources))]
        unassigned = row[f"cost_{y}"] - sum(parts)
        parts[int(np.argmax(share))] += unassigned  # round-off goes to the largest source
        for name, part in zip(sources, parts, strict=True):
            row[f"cost_{y}_{name}"] = part
        row[f"cost_{y}"] = sum(parts)
    return row


def _carried_catalog(plan: Plan, ctx: _Context, from_year: int) -> tuple[Catalog, pd.DataFrame]:
    """Make the catalogue of the remaining years (remaining scope of started programmes) and the carried table."""
    catalog = plan.catalog
    frame = catalog.to_frame()
    keep_cols = [c for c in frame.columns if not re.match(r"^(cost|target)_\d{4}", c)]
    rows, carried = [], []
    for i, pid in enumerate(catalog.ids):
        base = frame.iloc[i]
        row: dict[str, Any] = {c: base[c] for c in keep_cols}
        row["requires"] = ";".join(base["requires"])
        row["alignment"] = ";".join(base["alignment"])
        row["status"] = str(base["status"])
        row["mode"] = str(base["mode"])
        spent, achieved = float(ctx.spent[pid]), ctx.achieved[pid]
        record: dict[str, Any] = {
            "target_kind": ctx.kind[pid],
            "planned_cost": float(ctx.planned_cost.loc[pid].sum()),
            "spent": spent,
            "planned_target": ctx.planned_total_target(pid),
            "achieved": achieved,
        }
        if spent > 0 or (not math.isnan(achieved) and achieved > 0):
            new_row = _started_row(row, base, record, pid, ctx)
        else:
            new_row = _not_started_row(row, base, record, ctx)
        carried.append((pid, record))
        if new_row is not None:
            rows.append(_with_sources(new_row, i, catalog.sources, ctx))
    carried_table = pd.DataFrame(
        [r for _, r in carried], index=pd.Index([p for p, _ in carried], name="id"), columns=_CARRIED_COLUMNS
    )
    if not rows:
        raise ArgumentError("nothing is left to plan: every programme is finished or no longer fits the horizon")
    new_frame = pd.DataFrame(rows)
    kept = set(new_frame["id"])
    new_frame["requires"] = new_frame["requires"].map(
        lambda v: ";".join(q for q in str(v).split(";") if q and q in kept)
    )
    remaining = ctx.remaining
    new_cols = [f"cost_{y}" for y in remaining] + [f"target_{y}" for y in remaining]
    source_cols = [c for c in new_frame.columns if c.startswith("cost_") and c.count("_") == 2]
    columns = [c for c in keep_cols if c in new_frame.columns] + new_cols + source_cols
    new_catalog = Catalog.from_frame(
        new_frame[columns], horizon=(remaining[0], remaining[-1]), source=f"{catalog.source} (re-plan from {from_year})"
    )
    return new_catalog, carried_table


def _reference(plan: Plan, carried: pd.DataFrame, first_rem: int) -> dict[str, int | None]:
    """Start years of the previous plan that the re-plan should keep (started programmes start now)."""
    previous = reference_starts(plan)
    ref: dict[str, int | None] = {}
    for pid, state in carried["state"].items():
        if state == "started":
            ref[str(pid)] = first_rem
        elif state == "not_started":
            before = previous.get(str(pid))
            ref[str(pid)] = before if before is not None and before >= first_rem else None
    return ref


def _combined(
    plan: Plan, real: pd.DataFrame, new_plan: Plan, remaining: tuple[int, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Costs and targets over the whole horizon: realised before the re-plan, planned from it."""
    costs = pd.DataFrame(
        0.0, index=pd.Index(plan.catalog.ids, name="id"), columns=pd.Index(list(plan.years), name="year")
    )
    targets = costs.copy()
    for _, r in real.iterrows():
        costs.at[r["id"], int(r["year"])] = float(r["spent"])
        if not math.isnan(r["achieved"]):
            targets.at[r["id"], int(r["year"])] = float(r["achieved"])
    if new_plan.is_ok:
        costs.loc[new_plan.costs.index, list(remaining)] = new_plan.costs[list(remaining)].to_numpy()
        targets.loc[new_plan.targets.index, list(remaining)] = new_plan.targets[list(remaining)].to_numpy()
    return costs, targets


#: Change of a programme's money in the remaining years that counts as resized: 1 % of it and Rp 1 juta.
_RESIZE_SHARE, _RESIZE_RUPIAH = 0.01, 1e6


def _changes(plan: Plan, new_plan: Plan, carried: pd.DataFrame, remaining: tuple[int, ...]) -> pd.DataFrame:
    """Every programme the re-plan treats differently from the approved plan in the remaining years.

    ``dropped`` (the approved plan funds it in the remaining years, the re-plan does not),
    ``added`` (the reverse), ``rescheduled`` (another start year), ``resized`` (the same
    start, more or less money); with the money in the remaining years before and after.
    """
    years = list(remaining)
    before_cost = plan.costs[years].sum(axis=1)
    after_cost = (
        new_plan.costs[years].sum(axis=1).reindex(before_cost.index).fillna(0.0)
        if new_plan.is_ok
        else pd.Series(0.0, index=before_cost.index)
    )
    before_start = reference_starts(plan)
    after_start = reference_starts(new_plan) if new_plan.is_ok else {}
    rows = []
    for pid in plan.catalog.ids:
        cb, ca = float(before_cost[pid]), float(after_cost[pid])
        sb, sa = before_start.get(pid), after_start.get(pid)
        state = str(carried.at[pid, "state"])
        if state == "started" and sa is not None and sb is not None:
            sa = sb  # a programme already running goes on: it keeps its start
        in_remaining_years = cb > 0.5 or (sb is not None and sb >= remaining[0])
        if in_remaining_years and (sa is None or (cb > 0.5 and ca <= 0.5)):
            change = "dropped"
        elif sa is not None and sb is None:
            change = "added"
        elif sa is not None and state != "started" and sb != sa:
            change = "rescheduled"
        elif sa is not None and abs(ca - cb) > max(_RESIZE_SHARE * max(cb, ca), _RESIZE_RUPIAH):
            change = "resized"
        else:
            continue
        rows.append(
            {
                "id": pid,
                "change": change,
                "state": state,
                "start_before": sb,
                "start_after": sa,
                "cost_before": cb,
                "cost_after": ca,
                "cost_change": ca - cb,
            }
        )
    columns = ["id", "change", "state", "start_before", "start_after", "cost_before", "cost_after", "cost_change"]
    changes = pd.DataFrame(rows, columns=columns).set_index("id")
    for c in ("start_before", "start_after"):
        changes[c] = pd.array(changes[c].tolist(), dtype="Int64")
    order = {"dropped": 0, "added": 1, "rescheduled": 2, "resized": 3}
    return changes.sort_values("change", key=lambda c: c.map(order), kind="stable")


def _outside_plan(plan: Plan, real: pd.DataFrame) -> pd.DataFrame:
    """Realised spending outside the approved plan: on a programme it did not fund that year, or more than it did."""
    planned = plan.costs.stack().rename("planned")
    spent = real.set_index(["id", "year"])["spent"]
    table = pd.DataFrame({"spent": spent}).join(planned, how="left").fillna({"planned": 0.0})
    table["excess"] = table["spent"] - table["planned"]
    tolerance = np.maximum(_RESIZE_RUPIAH, _RESIZE_SHARE * table["planned"])
    table = table[table["excess"] > tolerance]
    table["reason"] = np.where(table["planned"] <= 0.5, "not_planned", "over_plan")
    return table[["planned", "spent", "excess", "reason"]]


def _started_row(
    row: dict[str, Any], base: pd.Series, record: dict[str, Any], pid: str, ctx: _Context
) -> dict[str, Any] | None:
    """Return the remaining scope of a started programme as a catalogue row (``None`` when it is finished).

    Money: what the previous plan intended less what was spent, over the remaining years
    as the plan had them. Targets by kind: an annual programme carries what is left of its
    total; a cumulative one goes on from the level reached to its final target (finished
    once reached, unless its id is in ``finish_schedule``); an index keeps its targets.
    """
    remaining = ctx.remaining
    kind = ctx.kind[pid]
    total_cost, total_target = record["planned_cost"], record["planned_target"]
    spent, achieved = record["spent"], record["achieved"]
    done = 0.0 if math.isnan(achieved) else float(achieved)
    left_cost = max(total_cost - spent, 0.0)
    baseline = float(base["target_baseline"])
    if kind == TargetKind.CUMULATIVE:
        left_target = max(total_target - max(done, baseline), 0.0)
        scope = total_target - baseline
        share = left_target / scope if scope > 0 else (left_cost / total_cost if total_cost > 0 else 0.0)
        reached = total_target > 0 and left_target <= 1e-9 * max(total_target, 1.0)
    else:
        left_target = max(total_target - done, 0.0) if kind == TargetKind.ANNUAL else total_target
        share = left_cost / total_cost if total_cost > 0 else (left_target / total_target if total_target else 0.0)
        reached = kind == TargetKind.ANNUAL and total_target > 0 and left_target <= 1e-9 * total_target
    record.update(state="started", remaining_cost=left_cost, remaining_target=left_target, remaining_share=share)
    # Finished: every target achieved (when it has targets), else (almost) all the money spent.
    if (reached and pid not in ctx.finish_schedule) or (total_target <= 0 and left_cost <= 0.01 * total_cost):
        record.update(state="finished", remaining_cost=0.0, remaining_target=0.0)
        return None
    weights = ctx.planned_cost.loc[pid, list(remaining)].to_numpy(dtype=float)
    if weights.sum() <= 0:
        weights = ctx.planned_target.loc[pid, list(remaining)].to_numpy(dtype=float)
    if weights.sum() <= 0:
        weights = np.zeros(len(remaining))
        weights[0] = 1.0
    weights = weights / weights.sum()
    planned = ctx.planned_target.loc[pid, list(remaining)].to_numpy(dtype=float)
    for k, y in enumerate(remaining):
        row[f"cost_{y}"] = left_cost * weights[k]
        if total_target <= 0:
            row[f"target_{y}"] = np.nan
        elif kind == TargetKind.ANNUAL:
            row[f"target_{y}"] = left_target * weights[k]
        elif weights[k] > 0:  # the level to reach (cumulative: never below what is reached), or the value (index)
            level = planned[k] if planned[k] > 0 else total_target
            row[f"target_{y}"] = max(level, done) if kind == TargetKind.CUMULATIVE else level
        else:
            row[f"target_{y}"] = np.nan
    if kind == TargetKind.CUMULATIVE:
        row["target_baseline"] = max(done, baseline)
    row["priority"] = float(base["priority"]) * share
    row["status"] = "continuing"
    row["mandatory"] = bool(ctx.continue_started) or bool(base["mandatory"])
    row["excluded"] = False
    row["earliest_start"] = row["latest_start"] = remaining[0]
    row["requires"] = ""
    # the level already chosen is kept as the floor of what remains, when the programme is scalable
    row["min_level"] = 1.0 if row["mode"] == "whole" else float(base["min_level"])
    return row


def _not_started_row(
    row: dict[str, Any], base: pd.Series, record: dict[str, Any], ctx: _Context
) -> dict[str, Any] | None:
    """Return a programme not started, its schedule from ``from_year`` at the earliest (``None``: no longer fits)."""
    years, remaining = ctx.years, ctx.remaining
    first_rem = remaining[0]
    earliest, latest = int(base["earliest_start"]), int(base["latest_start"])
    shift = max(first_rem - earliest, 0)
    src = [float(base[f"cost_{y}"]) for y in years]
    tgt = [float(base[f"target_{y}"]) for y in years]
    active = [k for k in range(len(years)) if src[k] > 0 or (not math.isnan(tgt[k]) and tgt[k] > 0)]
    last_active = max(active) if active else years.index(earliest)
    record.update(state="not_started", spent=0.0, remaining_cost=math.nan, achieved=math.nan)
    record.update(remaining_target=math.nan, remaining_share=1.0)
    if last_active + shift < len(years):
        for y in remaining:
            k = years.index(y) - shift
            row[f"cost_{y}"] = src[k] if k >= 0 else 0.0
            row[f"target_{y}"] = tgt[k] if k >= 0 else np.nan
        row["earliest_start"] = earliest + shift
        row["latest_start"] = max(latest, earliest + shift)
        return row
    if row["mode"] == "whole" or not active:
        record["state"] = "cannot_fit"
        return None
    # A scalable or flexible programme (typically a yearly service) that cannot be moved whole is offered
    # for the rest of its schedule, as if it had started on time; its value is scaled to the share of the
    # schedule that is left.
    first_active = min(active)
    kept_cost = sum(src[k] for k in range(len(years)) if years[k] >= first_rem)
    share = kept_cost / sum(src) if sum(src) > 0 else 0.0
    if kept_cost <= 0 or first_active + (first_rem - years[first_active]) < 0:
        record["state"] = "cannot_fit"
        return None
    for y in remaining:
        k = years.index(y)
        row[f"cost_{y}"] = src[k]
        row[f"target_{y}"] = tgt[k]
    row["earliest_start"] = row["latest_start"] = first_rem
    row["priority"] = float(base["priority"]) * share
    record["remaining_share"] = share
    return row
