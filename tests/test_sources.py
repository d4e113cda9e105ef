"""Funding sources, required alternatives and count caps, checked against brute force.

Every small case is solved through the public API (``Catalog.from_frame``, ``Budget``,
``Policy``, ``optimize(..., mip_gap=0)``, ``Plan.check()``) and compared with an optimum
found here *without* targetplan: :func:`brute_force` enumerates every choice of start
year (or "does not run") of every ``whole`` programme and applies each rule directly.
For the few cases with scalable or flexible programmes the optimum is worked out in the
comments. Each rule is shown to bind: the optimum with it differs from the optimum
without it.

Money is written in miliar (G = 10^9 rupiah) and kept in integers in the brute force, so
its sums are exact.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import targetplan as tp

G = 1e9
FIRST = 2024


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class P:
    """A small programme: ``money[k]`` is ``{source: amount in G}`` in its k-th year from ``earliest``.

    The source ``""`` is a cost given without a source (plain ``cost_<YYYY>``).
    """

    id: str
    priority: int
    money: tuple[dict[str, int], ...]
    earliest: int = FIRST
    latest: int | None = None
    status: str = "new"
    agency: str = "X"
    dimension: str = "governance"
    group: str = ""
    required: bool = False
    mode: str = "whole"
    min_level: float | None = None
    mandatory: bool = False


@dataclass
class Rules:
    """Rules for the brute force (and for the inputs built from them)."""

    ceilings: dict[int, int]
    sources: dict[str, dict[int, int]] = field(default_factory=dict)
    caps: Sequence[tp.CountCap] = ()


def frame_of(progs: Sequence[P], years: Sequence[int]) -> pd.DataFrame:
    """The catalogue table: ``cost_<YYYY>_<SOURCE>`` for named sources, ``cost_<YYYY>`` otherwise."""
    sources = sorted({s for p in progs for m in p.money for s in m if s})
    rows = []
    for p in progs:
        row: dict[str, object] = {
            "id": p.id,
            "name": p.id,
            "priority": p.priority,
            "status": p.status,
            "mode": p.mode,
            "agency": p.agency,
            "dimension": p.dimension,
            "exclusive_group": p.group,
            "group_required": p.required,
            "mandatory": p.mandatory,
            "earliest_start": p.earliest,
            "latest_start": p.latest if p.latest is not None else p.earliest,
        }
        if p.min_level is not None:
            row["min_level"] = p.min_level
        for y in years:
            k = y - p.earliest
            money = p.money[k] if 0 <= k < len(p.money) else {}
            row[f"cost_{y}"] = money.get("", 0) * G if "" in money else np.nan
            for s in sources:
                row[f"cost_{y}_{s}"] = money.get(s, 0) * G
        rows.append(row)
    return pd.DataFrame(rows)


def catalog_of(progs: Sequence[P], years: Sequence[int]) -> tp.Catalog:
    return tp.Catalog.from_frame(frame_of(progs, years), horizon=(years[0], years[-1]))


def budget_of(rules: Rules, **extra: object) -> tp.Budget:
    return tp.Budget(
        ceilings={y: c * G for y, c in rules.ceilings.items()},
        source_ceilings={s: {y: c * G for y, c in by.items()} for s, by in rules.sources.items()},
        **extra,
    )


def policy_of(rules: Rules) -> tp.Policy:
    return tp.Policy(count_caps=list(rules.caps))


def brute_force(progs: Sequence[P], rules: Rules) -> tuple[int, list[dict[str, int | None]]]:
    """Best total priority over every start (or none) of every whole programme; every optimal choice.

    Independent of targetplan: schedules are shifted by hand, and ceilings, source
    ceilings, exclusive / required groups and count caps are tested directly. Returns
    ``(-1, [])`` when no choice satisfies every rule.
    """
    years = sorted(rules.ceilings)
    last = years[-1]
    options: list[list[int | None]] = []
    for p in progs:
        latest = p.latest if p.latest is not None else p.earliest
        active = [k for k, m in enumerate(p.money) if sum(m.values()) > 0] or [0]
        starts = [s for s in range(p.earliest, latest + 1) if s + active[-1] <= last]
        options.append(starts if p.mandatory else [None, *starts])
    best, best_choices = -1, []
    for choice in itertools.product(*options):
        spend = dict.fromkeys(years, 0)
        by_source: dict[str, dict[int, int]] = {}
        running: dict[str, set[int]] = {}
        for p, s in zip(progs, choice, strict=True):
            if s is None:
                continue
            active = [k for k, m in enumerate(p.money) if sum(m.values()) > 0] or [0]
            running[p.id] = {s + k for k in active}
            for k, money in enumerate(p.money):
                for source, amount in money.items():
                    if amount == 0:
                        continue
                    spend[s + k] += amount
                    by_source.setdefault(source, dict.fromkeys(years, 0))[s + k] += amount
        if any(spend[y] > rules.ceilings[y] for y in years):
            continue
        if any(
            by_source.get(src, {}).get(y, 0) > cap
            for src, by_year in rules.sources.items()
            for y, cap in by_year.items()
        ):
            continue
        groups: dict[str, list[P]] = {}
        for p in progs:
            if p.group:
                groups.setdefault(p.group, []).append(p)
        chosen = {p.id: s for p, s in zip(progs, choice, strict=True)}
        if any(
            sum(chosen[m.id] is not None for m in members) > 1
            or (members[0].required and sum(chosen[m.id] is not None for m in members) != 1)
            for members in groups.values()
        ):
            continue
        if not _counts_ok(progs, chosen, running, rules.caps, years):
            continue
        value = sum(p.priority for p in progs if chosen[p.id] is not None)
        if value > best:
            best, best_choices = value, [chosen]
        elif value == best:
            best_choices.append(chosen)
    return best, best_choices


def _counts_ok(
    progs: Sequence[P],
    chosen: dict[str, int | None],
    running: dict[str, set[int]],
    caps: Iterable[tp.CountCap],
    years: Sequence[int],
) -> bool:
    for cap in caps:
        if cap.group_by is None:
            groups = [list(progs)]
        else:
            values = sorted({getattr(p, cap.group_by) for p in progs})
            groups = [[p for p in progs if getattr(p, cap.group_by) == g] for g in values if cap.group in (None, g)]
        for members in groups:
            for y in years:
                if cap.year is not None and y != cap.year:
                    continue
                n_running = sum(y in running.get(p.id, ()) for p in members)
                n_new = sum(chosen[p.id] == y and p.status == "new" for p in members)
                if cap.max_running is not None and n_running > cap.max_running:
                    return False
                if cap.max_new is not None and n_new > cap.max_new:
                    return False
    return True


def solve(progs: Sequence[P], rules: Rules, solver: str = "highs", **options: object) -> tp.Plan:
    years = sorted(rules.ceilings)
    plan = tp.optimize(
        catalog_of(progs, years), budget_of(rules), policy_of(rules), solver=solver, mip_gap=0, **options
    )
    assert plan.status == tp.SolveStatus.OPTIMAL
    return plan.check()


def starts_of(plan: tp.Plan) -> dict[str, int | None]:
    sel = plan.selection
    return {p: (int(sel.at[p, "start_year"]) if sel.at[p, "runs"] else None) for p in sel.index}


def assert_brute_force_optimum(progs: Sequence[P], rules: Rules, expected: int, **options: object) -> tp.Plan:
    """The plan's value is the brute-force optimum ``expected``, and its starts are one of the optimal choices."""
    best, choices = brute_force(progs, rules)
    assert best == expected
    plan = solve(progs, rules, **options)
    assert plan.total_value == pytest.approx(expected, abs=1e-9)
    assert starts_of(plan) in choices
    return plan


def without_sources(rules: Rules) -> Rules:
    return Rules(rules.ceilings, {}, rules.caps)


def without_caps(rules: Rules) -> Rules:
    return Rules(rules.ceilings, rules.sources, ())


# --------------------------------------------------------------------------- source ceilings
# One year, ceiling 10 G, DAK at most 5 G. A is paid from DAK and PAD.
#   A 10: DAK 4 + PAD 2     B 7: DAK 3     C 6: PAD 4     D 2: PAD 3
# Without the DAK ceiling A + B (17, DAK 7) is best; with it A + C (16, DAK 4).
CEIL_PROGS = [
    P("A", 10, ({"DAK": 4, "PAD": 2},)),
    P("B", 7, ({"DAK": 3},)),
    P("C", 6, ({"PAD": 4},)),
    P("D", 2, ({"PAD": 3},)),
]
CEIL_RULES = Rules({2024: 10}, {"DAK": {2024: 5}})


def test_source_ceiling_binds() -> None:
    plan = assert_brute_force_optimum(CEIL_PROGS, CEIL_RULES, 16)
    assert plan.selected_ids == ["A", "C"]
    free = assert_brute_force_optimum(CEIL_PROGS, without_sources(CEIL_RULES), 17)
    assert free.selected_ids == ["A", "B"]
    # the catalogue knows its sources and the total is the sum of the parts
    cat = plan.catalog
    assert cat.sources == ("DAK", "PAD")
    assert cat.cost_matrix()[:, 0].tolist() == [6 * G, 3 * G, 4 * G, 3 * G]
    assert cat.source_cost_matrix("DAK")[:, 0].tolist() == [4 * G, 3 * G, 0.0, 0.0]


@pytest.mark.skipif("cbc" not in tp.available_solvers(), reason="CBC not available here")
def test_source_ceiling_with_cbc() -> None:
    plan = solve(CEIL_PROGS, CEIL_RULES, solver="cbc")
    assert plan.total_value == pytest.approx(16)
    assert plan.selected_ids == ["A", "C"]


# X is paid from three sources. DAU stops X + Y (DAU 7 > 6), DAK stops X + Z (DAK 5 > 4): Y + Z = 11.
MULTI_PROGS = [
    P("X", 10, ({"DAK": 2, "DAU": 3, "PAD": 1},)),
    P("Y", 6, ({"DAU": 4},)),
    P("Z", 5, ({"DAK": 3},)),
]
MULTI_RULES = Rules({2024: 12}, {"DAK": {2024: 4}, "DAU": {2024: 6}})


def test_several_sources_on_one_programme() -> None:
    plan = assert_brute_force_optimum(MULTI_PROGS, MULTI_RULES, 11)
    assert plan.selected_ids == ["Y", "Z"]
    # each source ceiling binds on its own
    only_dak = Rules(MULTI_RULES.ceilings, {"DAK": MULTI_RULES.sources["DAK"]})
    only_dau = Rules(MULTI_RULES.ceilings, {"DAU": MULTI_RULES.sources["DAU"]})
    assert solve(MULTI_PROGS, only_dak).selected_ids == ["X", "Y"]  # 16
    assert solve(MULTI_PROGS, only_dau).selected_ids == ["X", "Z"]  # 15
    assert assert_brute_force_optimum(MULTI_PROGS, without_sources(MULTI_RULES), 16).selected_ids == ["X", "Y"]


# Two years, each with a total ceiling of 3 G. A (10) spends DAK 3 in its one year and may start in 2024
# or 2025; B (5) spends PAD 3 in 2025. DAK has a ceiling (2 G) in 2024 only: A cannot start in 2024 and,
# started in 2025 (no DAK ceiling that year), it crowds B out. Best 10 instead of 15.
SOME_YEARS_PROGS = [P("A", 10, ({"DAK": 3},), latest=2025), P("B", 5, ({"PAD": 3},), earliest=2025)]
SOME_YEARS_RULES = Rules({2024: 3, 2025: 3}, {"DAK": {2024: 2}})


def test_source_with_ceilings_in_some_years_only() -> None:
    plan = assert_brute_force_optimum(SOME_YEARS_PROGS, SOME_YEARS_RULES, 10)
    assert starts_of(plan) == {"A": 2025, "B": None}
    # the DAK part moves with the start: paid in 2025, where DAK has no ceiling of its own
    table = plan.efficiency(baselines=False, marginal=False).by_source
    assert table.at[("DAK", 2025), "spend"] == pytest.approx(3 * G)
    assert math.isnan(table.at[("DAK", 2025), "ceiling"])
    assert not table.at[("DAK", 2025), "binding"]
    free = assert_brute_force_optimum(SOME_YEARS_PROGS, without_sources(SOME_YEARS_RULES), 15)
    assert starts_of(free) == {"A": 2024, "B": 2025}
    # a ceiling in the other year only does not bind
    other_year = Rules(SOME_YEARS_RULES.ceilings, {"DAK": {2025: 2}})
    assert starts_of(assert_brute_force_optimum(SOME_YEARS_PROGS, other_year, 15)) == {"A": 2024, "B": 2025}


def test_source_ceiling_with_a_scalable_programme_is_met_exactly() -> None:
    """S (scalable, min_level 0) pays DAK 4 a year; W (whole) DAK 2 in 2025; DAK ceilings 4 and 5.

    Worked out: with W the level of S is at most (5 - 2) / 4 = 0.75 (value 9 + 4 = 13) against
    12 for S alone at full scope: S runs at 0.75 and DAK is used to its 2025 ceiling.
    """
    progs = [
        P("S", 12, ({"DAK": 4, "PAD": 2}, {"DAK": 4, "PAD": 2}), mode="scalable", min_level=0.0),
        P("W", 4, ({}, {"DAK": 2, "PAD": 1})),
    ]
    rules = Rules({2024: 20, 2025: 20}, {"DAK": {2024: 4, 2025: 5}})
    plan = solve(progs, rules)
    assert plan.total_value == pytest.approx(13)
    assert plan.selection.at["S", "level"] == pytest.approx(0.75)
    assert plan.selected_ids == ["S", "W"]
    free = solve(progs, without_sources(rules))
    assert free.total_value == pytest.approx(16)


# --------------------------------------------------------------------------- earmarks
EARMARK_PROGS = [
    P("L1", 8, ({"DAK": 3, "PAD": 1},), dimension="living", agency="Dinkes"),
    P("L2", 5, ({"DAK": 2},), dimension="living", agency="Dishub"),
    P("G1", 6, ({"DAK": 2, "PAD": 2},), dimension="governance", agency="Diskominfo"),
]
EARMARK_RULES = Rules({2024: 10}, {"DAK": {2024: 5}})


def test_earmark_rejects_a_programme_paid_from_a_source_it_may_not_use() -> None:
    years = [2024]
    budget = budget_of(EARMARK_RULES, earmarks={"DAK": {"dimension": ("living",)}})
    with pytest.raises(tp.BudgetValidationError) as info:
        tp.optimize(catalog_of(EARMARK_PROGS, years), budget)
    cases = info.value.failure_cases
    assert cases["id"].tolist() == ["G1"]
    assert cases["column"].tolist() == ["cost_<year>_DAK"]
    assert "DAK" in cases["problem"].iloc[0] and "living" in cases["problem"].iloc[0]
    assert "G1" in str(info.value) and "DAK" in str(info.value)


def test_earmark_by_agency_names_every_programme_at_once() -> None:
    budget = budget_of(EARMARK_RULES, earmarks={"dak": {"perangkat_daerah": ("Dinkes",)}})
    assert budget.earmarks == {"DAK": {"agency": ("Dinkes",)}}
    with pytest.raises(tp.BudgetValidationError) as info:
        tp.optimize(catalog_of(EARMARK_PROGS, [2024]), budget)
    assert sorted(info.value.failure_cases["id"]) == ["G1", "L2"]


def test_earmark_respected() -> None:
    """G1 paid from PAD only: the earmark holds; a DAK ceiling of 4 G keeps L1 and L2 apart (DAK 5)."""
    progs = [*EARMARK_PROGS[:2], P("G1", 6, ({"PAD": 4},), dimension="governance")]
    rules = Rules({2024: 10}, {"DAK": {2024: 4}})
    budget = budget_of(rules, earmarks={"DAK": {"dimension": ("living",)}})
    plan = tp.optimize(catalog_of(progs, [2024]), budget, mip_gap=0).check()
    best, choices = brute_force(progs, rules)
    assert plan.total_value == best == 14  # L1 + G1
    assert starts_of(plan) in choices
    assert brute_force(progs, without_sources(rules))[0] == 19  # all three


def test_check_catches_a_plan_that_breaks_an_earmark() -> None:
    cat = catalog_of(EARMARK_PROGS, [2024])
    budget = budget_of(EARMARK_RULES, earmarks={"DAK": {"dimension": ("living",)}})
    plan = tp.Plan.from_choices(cat, budget, tp.Policy(), {"G1": 2024}, {"G1": 1.0})
    with pytest.raises(tp.CheckFailedError) as info:
        plan.check()
    assert any("G1" in v and "DAK" in v for v in info.value.violations)


def test_read_budget_passes_earmarks(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text("year,ceiling,source\n2024,10000000000,\n2024,5000000000,DAK\n", encoding="utf-8")
    budget = tp.read_budget(path, earmarks={"DAK": {"dimension": ("living",)}})
    assert budget.earmarks == {"DAK": {"dimension": ("living",)}}
    assert budget.source_ceilings == {"DAK": {2024: 5 * G}}
    with pytest.raises(tp.BudgetValidationError, match="G1"):
        tp.optimize(catalog_of(EARMARK_PROGS, [2024]), budget)


# --------------------------------------------------------------------------- required alternatives
# One year, ceiling 10. The alternatives G1 (3, cost 6) and G2 (2, cost 5) form group DC; A (8) and B (7)
# cost 5 each. Without group_required A + B (15) leaves the group out; with it exactly one runs: G2 + A (10).
def required_progs(required: bool) -> list[P]:
    return [
        P("G1", 3, ({"": 6},), group="DC", required=required),
        P("G2", 2, ({"": 5},), group="DC", required=required),
        P("A", 8, ({"": 5},)),
        P("B", 7, ({"": 5},)),
    ]


def test_group_required_takes_exactly_one() -> None:
    rules = Rules({2024: 10})
    plan = assert_brute_force_optimum(required_progs(True), rules, 10)
    assert plan.selected_ids == ["G2", "A"]
    free = assert_brute_force_optimum(required_progs(False), rules, 15)
    assert free.selected_ids == ["A", "B"]


def test_group_required_with_start_windows_and_sources() -> None:
    """The data-centre choice of the sample in miniature: build (DAK, may start in 2024 or 2025) or rent.

    Without source ceilings: build from 2025 beside the app (15). DAK at most 3 G from 2025 leaves only a
    2024 build, which crowds the app out (9): renting beside the app is better (10).
    """
    progs = [
        P("BUILD", 9, ({"DAK": 4, "PAD": 1}, {"PAD": 2}), group="DC", required=True, latest=2025),
        P("RENT", 4, ({"PAD": 2}, {"PAD": 2}, {"PAD": 2}), group="DC", required=True),
        P("APP", 6, ({"PAD": 3}, {"PAD": 1})),
    ]
    rules = Rules({2024: 6, 2025: 6, 2026: 6}, {"DAK": {2024: 5, 2025: 3, 2026: 3}})
    plan = assert_brute_force_optimum(progs, rules, 10)
    assert starts_of(plan) == {"BUILD": None, "RENT": 2024, "APP": 2024}
    free = assert_brute_force_optimum(progs, without_sources(rules), 15)
    assert starts_of(free) == {"BUILD": 2025, "RENT": None, "APP": 2024}


def test_group_required_infeasible_when_no_alternative_fits() -> None:
    progs = [P("G1", 3, ({"": 11},), group="DC", required=True), P("G2", 2, ({"": 12},), group="DC", required=True)]
    assert brute_force(progs, Rules({2024: 10})) == (-1, [])
    catalog, budget = catalog_of(progs, [2024]), budget_of(Rules({2024: 10}))
    with pytest.raises(tp.InfeasiblePlanError) as info:
        tp.optimize(catalog, budget, mip_gap=0)
    assert info.value.reasons
    plan = tp.optimize(catalog, budget, mip_gap=0, raise_on_failure=False)
    assert plan.status == tp.SolveStatus.INFEASIBLE


def test_group_required_infeasible_reason_names_the_group() -> None:
    progs = [P("G1", 3, ({"": 11},), group="DC", required=True), P("G2", 2, ({"": 12},), group="DC", required=True)]
    with pytest.raises(tp.InfeasiblePlanError) as info:
        tp.optimize(catalog_of(progs, [2024]), budget_of(Rules({2024: 10})), mip_gap=0)
    assert any("DC" in reason for reason in info.value.reasons), info.value.reasons


def test_group_required_is_checked() -> None:
    catalog, budget = catalog_of(required_progs(True), [2024]), budget_of(Rules({2024: 10}))
    for starts in ({"A": 2024, "B": 2024}, {"G1": 2024, "G2": 2024}):
        plan = tp.Plan.from_choices(catalog, budget, tp.Policy(), starts, dict.fromkeys(starts, 1.0))
        with pytest.raises(tp.CheckFailedError, match="exclusive group DC"):
            plan.check()


# --------------------------------------------------------------------------- count caps
# One year, ceiling 4. A (6) costs 2; B (5), C (4), D (3) cost 1. Agencies: X runs A and B, Y runs C and D.
COUNT_PROGS = [
    P("A", 6, ({"": 2},), agency="X"),
    P("B", 5, ({"": 1},), agency="X"),
    P("C", 4, ({"": 1},), agency="Y"),
    P("D", 3, ({"": 1},), agency="Y"),
]


@pytest.mark.parametrize(
    ("cap", "expected", "chosen"),
    [
        pytest.param(None, 15, ["A", "B", "C"], id="no cap"),
        pytest.param(tp.CountCap(max_running=2), 11, ["A", "B"], id="overall"),
        pytest.param(tp.CountCap(max_running=1), 6, ["A"], id="overall-1"),
        pytest.param(tp.CountCap(group_by="agency", max_running=1), 10, ["A", "C"], id="each agency"),
        pytest.param(tp.CountCap(group_by="agency", group="X", max_running=1), 13, ["A", "C", "D"], id="one agency"),
        pytest.param(tp.CountCap(group_by="perangkat_daerah", group="Y", max_running=1), 15, ["A", "B", "C"], id="Y"),
        pytest.param(tp.CountCap(max_new=2), 11, ["A", "B"], id="max_new"),
    ],
)
def test_count_cap_max_running(cap: tp.CountCap | None, expected: int, chosen: list[str]) -> None:
    rules = Rules({2024: 4}, caps=[cap] if cap is not None else [])
    plan = assert_brute_force_optimum(COUNT_PROGS, rules, expected)
    assert plan.selected_ids == chosen


def test_count_cap_in_one_year() -> None:
    """P1 runs in 2024, P2 and P3 in 2025, P4 in both; at most one running in 2025 leaves 2024 free."""
    progs = [
        P("P1", 3, ({"": 1},)),
        P("P2", 4, ({"": 1},), earliest=2025),
        P("P3", 5, ({"": 1},), earliest=2025),
        P("P4", 2, ({"": 1}, {"": 1})),
    ]
    ceilings = {2024: 10, 2025: 10}
    assert assert_brute_force_optimum(progs, Rules(ceilings), 14).selected_ids == ["P1", "P2", "P3", "P4"]
    in_2025 = assert_brute_force_optimum(progs, Rules(ceilings, caps=[tp.CountCap(year=2025, max_running=1)]), 8)
    assert in_2025.selected_ids == ["P1", "P3"]
    in_2024 = assert_brute_force_optimum(progs, Rules(ceilings, caps=[tp.CountCap(year=2024, max_running=1)]), 12)
    assert in_2024.selected_ids == ["P1", "P2", "P3"]


def test_max_new_does_not_count_carry_overs() -> None:
    """C1, C2 continue; N1 (5) and N2 (4) may start in 2024 or 2025, N3 (3) only in 2025.

    At most one new start a year: N1 and N2 start in different years and N3 is left out. The
    carry-overs run although they start in 2024 too.
    """
    progs = [
        P("C1", 2, ({"": 1}, {"": 1}), status="continuing"),
        P("C2", 2, ({"": 1}, {"": 1}), status="continuing"),
        P("N1", 5, ({"": 1},), latest=2025),
        P("N2", 4, ({"": 1},), latest=2025),
        P("N3", 3, ({"": 1},), earliest=2025),
    ]
    ceilings = {2024: 10, 2025: 10}
    assert assert_brute_force_optimum(progs, Rules(ceilings), 16).selected_ids == ["C1", "C2", "N1", "N2", "N3"]
    plan = assert_brute_force_optimum(progs, Rules(ceilings, caps=[tp.CountCap(max_new=1)]), 13)
    assert plan.selected_ids == ["C1", "C2", "N1", "N2"]
    assert {starts_of(plan)["N1"], starts_of(plan)["N2"]} == {2024, 2025}
    none_new = assert_brute_force_optimum(progs, Rules(ceilings, caps=[tp.CountCap(max_new=0)]), 4)
    assert none_new.selected_ids == ["C1", "C2"]


def test_count_cap_counts_a_flexible_programme_at_level_zero_as_running() -> None:
    """F (flexible, min_level 0) spends 4 in 2024 and 4 in 2025; W (whole, 6) spends 4 in 2025; ceilings 4.

    Without a cap F runs at level 1 in 2024 and 0 in 2025 beside W: 5 + 6 = 11. With at most one programme
    running in 2025, F counts as running there whenever it is chosen (its schedule is active), so the best
    is F alone at full scope, 10.
    """
    progs = [
        P("F", 10, ({"": 4}, {"": 4}), mode="flexible", min_level=0.0),
        P("W", 6, ({}, {"": 4})),
    ]
    rules = Rules({2024: 4, 2025: 4}, caps=[tp.CountCap(year=2025, max_running=1)])
    free = solve(progs, without_caps(rules))
    assert free.total_value == pytest.approx(11)
    assert free.levels.loc["F"].tolist() == pytest.approx([1.0, 0.0])
    plan = solve(progs, rules)
    assert plan.total_value == pytest.approx(10)
    assert plan.selected_ids == ["F"]


def test_count_cap_counts_a_scalable_programme_with_min_level_zero_once() -> None:
    """A (10, cost 10) and B (3, cost 2) are scalable with min_level 0; the ceiling is 5.

    Without a cap: B in full and A at 0.3 (6). With one programme at most: A at 0.5 (5). A model that
    counted a programme by its level would allow A at 0.375 and B at 0.625 (5.625).
    """
    progs = [
        P("A", 10, ({"": 10},), mode="scalable", min_level=0.0),
        P("B", 3, ({"": 2},), mode="scalable", min_level=0.0),
    ]
    rules = Rules({2024: 5}, caps=[tp.CountCap(max_running=1)])
    assert solve(progs, without_caps(rules)).total_value == pytest.approx(6)
    plan = solve(progs, rules)
    assert plan.total_value == pytest.approx(5)
    assert plan.selected_ids == ["A"]
    assert plan.selection.at["A", "level"] == pytest.approx(0.5)


# --------------------------------------------------------------------------- check()
def test_check_catches_a_plan_over_a_source_ceiling() -> None:
    cat, budget = catalog_of(CEIL_PROGS, [2024]), budget_of(CEIL_RULES)
    tampered = tp.Plan.from_choices(cat, budget, tp.Policy(), {"A": 2024, "B": 2024}, {"A": 1.0, "B": 1.0})
    with pytest.raises(tp.CheckFailedError) as info:
        tampered.check()
    assert len(info.value.violations) == 1
    assert "source DAK" in info.value.violations[0] and "2024" in info.value.violations[0]
    # the same choices without the source ceiling are fine
    tp.Plan.from_choices(
        cat, budget_of(without_sources(CEIL_RULES)), tp.Policy(), {"A": 2024, "B": 2024}, {"A": 1.0, "B": 1.0}
    ).check()


def test_check_catches_a_plan_over_a_source_ceiling_at_a_partial_level() -> None:
    """S (scalable) pays DAK 4 a year; at level 0.75 it uses 3, at 0.8 it would use 3.2 against 3."""
    progs = [P("S", 12, ({"DAK": 4, "PAD": 2},), mode="scalable", min_level=0.0)]
    cat, budget = catalog_of(progs, [2024]), budget_of(Rules({2024: 20}, {"DAK": {2024: 3}}))
    tp.Plan.from_choices(cat, budget, tp.Policy(), {"S": 2024}, {"S": 0.75}).check()
    with pytest.raises(tp.CheckFailedError, match="source DAK"):
        tp.Plan.from_choices(cat, budget, tp.Policy(), {"S": 2024}, {"S": 0.8}).check()


@pytest.mark.parametrize(
    ("cap", "message"),
    [
        (tp.CountCap(max_running=2), "3 programmes running (all programmes), above the cap of 2"),
        (tp.CountCap(group_by="agency", max_running=1), "2 programmes running (agency X), above the cap of 1"),
        (tp.CountCap(group_by="agency", group="X", max_new=1), "2 programmes start (agency X), above the cap of 1"),
        (tp.CountCap(year=2024, max_new=2), "3 programmes start (all programmes), above the cap of 2"),
    ],
)
def test_check_catches_a_plan_over_a_count_cap(cap: tp.CountCap, message: str) -> None:
    cat, budget = catalog_of(COUNT_PROGS, [2024]), budget_of(Rules({2024: 10}))
    starts = {"A": 2024, "B": 2024, "C": 2024}
    tampered = tp.Plan.from_choices(cat, budget, tp.Policy(count_caps=[cap]), starts, dict.fromkeys(starts, 1.0))
    with pytest.raises(tp.CheckFailedError) as info:
        tampered.check()
    assert info.value.violations == [f"2024: {message}"]


# --------------------------------------------------------------------------- baselines
def test_baselines_respect_source_ceilings() -> None:
    """By priority: A fits, B would take DAK to 7 > 5 and is skipped, C fits, D does not fit the total."""
    cat = catalog_of(CEIL_PROGS, [2024])
    base = tp.rank_and_fund(cat, budget_of(CEIL_RULES), ranking="priority")
    assert base.selected_ids == ["A", "C"]
    assert base.message == ""
    base.check()
    assert tp.rank_and_fund(cat, budget_of(without_sources(CEIL_RULES)), ranking="priority").selected_ids == ["A", "B"]
    for plan in tp.run_baselines(cat, budget_of(CEIL_RULES)).values():
        plan.check()
        assert plan.total_value <= 16


def test_baselines_respect_count_caps() -> None:
    cat, budget = catalog_of(COUNT_PROGS, [2024]), budget_of(Rules({2024: 4}))
    policy = tp.Policy(count_caps=[tp.CountCap(group_by="agency", max_running=1)])
    base = tp.rank_and_fund(cat, budget, policy, ranking="priority")
    assert base.selected_ids == ["A", "C"]
    assert base.message == ""
    for name, plan in tp.run_baselines(cat, budget, policy).items():
        plan.check()
        assert plan.message == "", name
    assert tp.rank_and_fund(cat, budget, ranking="priority").selected_ids == ["A", "B", "C"]


def test_baselines_respect_max_new_with_carry_overs() -> None:
    progs = [
        P("C1", 9, ({"": 1}, {"": 1}), status="continuing"),
        P("N1", 5, ({"": 1},), latest=2025),
        P("N2", 4, ({"": 1},), latest=2025),
        P("N3", 3, ({"": 1},)),
    ]
    cat, budget = catalog_of(progs, [2024, 2025]), budget_of(Rules({2024: 10, 2025: 10}))
    policy = tp.Policy(count_caps=[tp.CountCap(max_new=1)])
    base = tp.rank_and_fund(cat, budget, policy, ranking="priority").check()
    assert starts_of(base) == {"C1": 2024, "N1": 2024, "N2": 2025, "N3": None}


def test_baselines_take_a_later_start_when_the_source_is_full() -> None:
    cat, budget = catalog_of(SOME_YEARS_PROGS, [2024, 2025]), budget_of(SOME_YEARS_RULES)
    base = tp.rank_and_fund(cat, budget, ranking="priority").check()
    assert starts_of(base) == {"A": 2025, "B": None}


# --------------------------------------------------------------------------- infeasibility explanations
@pytest.mark.usefixtures("english")
def test_infeasibility_names_the_source() -> None:
    progs = [P("M", 3, ({"DAK": 6, "PAD": 1},), mandatory=True), P("N", 2, ({"DAK": 1},))]
    rules = Rules({2024: 10}, {"DAK": {2024: 5}})
    with pytest.raises(tp.InfeasiblePlanError) as info:
        solve(progs, rules)
    assert info.value.reasons == [
        f"source DAK 2024: this funding source's ceiling would have to rise by {tp.format_money(1e9)}"
    ]
    assert brute_force(progs, rules) == (-1, [])


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("cap", "reason"),
    [
        (tp.CountCap(max_running=1), "at most 1 running in 2024 (all programmes)"),
        (tp.CountCap(max_new=1), "at most 1 new starts in 2024 (all programmes)"),
        (tp.CountCap(group_by="agency", group="X", max_running=1), "at most 1 running in 2024 (agency X)"),
    ],
)
def test_infeasibility_names_the_count_cap(cap: tp.CountCap, reason: str) -> None:
    progs = [P("M", 3, ({"": 1},), mandatory=True), P("N", 3, ({"": 1},), mandatory=True)]
    rules = Rules({2024: 10}, caps=[cap])
    assert brute_force(progs, rules) == (-1, [])
    with pytest.raises(tp.InfeasiblePlanError) as info:
        solve(progs, rules)
    assert info.value.reasons == [f"{reason}: 1 more programme(s) would have to be allowed"]


@pytest.mark.usefixtures("english")
def test_infeasibility_of_a_required_group_blocked_by_a_count_cap_names_the_cap() -> None:
    progs = [
        P("G1", 3, ({"": 1},), group="DC", required=True),
        P("G2", 2, ({"": 1},), group="DC", required=True),
        P("A", 8, ({"": 5},), mandatory=True),
    ]
    rules = Rules({2024: 10}, caps=[tp.CountCap(max_running=1)])
    assert brute_force(progs, rules) == (-1, [])
    with pytest.raises(tp.InfeasiblePlanError) as info:
        solve(progs, rules)
    assert any("at most 1 running in 2024" in r for r in info.value.reasons)


# --------------------------------------------------------------------------- Indonesian files
def test_indonesian_source_columns_and_semicolon_budget_with_sumber_dana(tmp_path: Path) -> None:
    """``pagu_2024_DAK`` (any case) is the DAK part of ``pagu_2024``; ``sumber_dana`` names a ceiling's source."""
    programs = tmp_path / "program.csv"
    programs.write_text(
        "kode;nama_program;prioritas;pagu_2024;pagu_2024_DAK;pagu_2024_pad;Pagu_2025_DAK;biaya_2025_PAD\n"
        "A;Satu;10;6.000.000.000;4.000.000.000;2.000.000.000;0;0\n"
        "B;Dua;7;;3.000.000.000;0;1.000.000.000;500.000.000\n"
        "C;Tiga;6;4.000.000.000;;4.000.000.000;;\n"
        "D;Empat;2;3.000.000.000;;;;\n",
        encoding="utf-8",
    )
    budget_file = tmp_path / "pagu.csv"
    budget_file.write_text(
        "tahun;pagu;sumber_dana\n"
        "2024;10.000.000.000;\n"
        "2025;10.000.000.000;\n"
        "2024;5.000.000.000;DAK\n"
        "2024;7.500.000.000,50;pad\n",
        encoding="utf-8",
    )
    cat = tp.read_catalog(programs)
    assert cat.sources == ("DAK", "PAD")
    assert cat.years == (2024, 2025)
    assert cat.cost_matrix().tolist() == [[6 * G, 0.0], [3 * G, 1.5 * G], [4 * G, 0.0], [3 * G, 0.0]]
    assert cat.source_cost_matrix("DAK").tolist() == [[4 * G, 0.0], [3 * G, 1 * G], [0.0, 0.0], [0.0, 0.0]]
    assert cat.source_cost_matrix("PAD")[:, 1].tolist() == [0.0, 0.5 * G, 0.0, 0.0]
    budget = tp.read_budget(budget_file)
    assert budget.ceilings == {2024: 10 * G, 2025: 10 * G}
    assert budget.source_ceilings == {"DAK": {2024: 5 * G}, "PAD": {2024: 7_500_000_000.5}}
    plan = tp.optimize(cat, budget, mip_gap=0).check()
    # the same problem as CEIL_PROGS in 2024 (B also spends 1.5 G in 2025): A + C
    assert plan.selected_ids == ["A", "C"]
    assert plan.total_value == pytest.approx(16)


@pytest.mark.usefixtures("english")
def test_source_column_that_disagrees_with_its_total_is_an_error() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A"],
            "name": ["a"],
            "priority": [1],
            "pagu_2024": [5e9],
            "pagu_2024_DAK": [4e9],
            "cost_2024_PAD": [2e9],
        }
    )
    with pytest.raises(tp.CatalogValidationError) as info:
        tp.Catalog.from_frame(frame)
    case = info.value.failure_cases.iloc[0]
    assert (case["id"], case["column"]) == ("A", "cost_2024")
    assert "differs from the sum of its sources" in case["problem"]


def test_budget_scale_scales_source_ceilings() -> None:
    budget = budget_of(CEIL_RULES)
    half = budget.scale(0.5)
    assert half.source_ceilings == {"DAK": {2024: 2.5 * G}}
    assert half.ceilings == {2024: 5 * G}
    assert budget.source_ceilings == {"DAK": {2024: 5 * G}}  # unchanged
    cat = catalog_of(CEIL_PROGS, [2024])
    # doubled, the DAK ceiling (10) no longer binds: A + B as without it
    assert tp.optimize(cat, budget.scale(2.0).with_ceilings({2024: 10 * G}), mip_gap=0).selected_ids == ["A", "B"]
    # halved: total 5 and DAK 2.5: only B (DAK 3) is out; C alone (6) beats D (2)
    best, _ = brute_force(CEIL_PROGS, Rules({2024: 5}, {"DAK": {2024: 2}}))  # DAK 2.5 admits the same sets as 2
    assert tp.optimize(cat, half, mip_gap=0).check().total_value == best == 6


# --------------------------------------------------------------------------- re-plan
def test_replan_keeps_sources() -> None:
    """A (carry-over) is half done after 2024; B (10) and C (8) both need DAK in 2025, at most 4 G of it.

    The re-plan still pays B and C from DAK, so they cannot both run: A + B + D (1.5 + 10 + 1). The
    remaining scope of A is paid from DAU and PAD in A's own proportions.
    """
    progs = [
        P("A", 3, ({"DAU": 1, "PAD": 1}, {"DAU": 1, "PAD": 1}), status="continuing", mode="flexible", min_level=0.0),
        P("B", 10, ({"DAK": 4},), earliest=2025),
        P("C", 8, ({"DAK": 3},), earliest=2025),
        P("D", 1, ({"PAD": 3},), earliest=2025),
    ]
    rules = Rules({2024: 10, 2025: 10}, {"DAK": {2024: 4, 2025: 4}})
    plan = solve(progs, rules)
    assert plan.selected_ids == ["A", "B", "D"]
    realised = pd.DataFrame({"id": ["A"], "year": [2024], "spent": [2 * G], "achieved": [np.nan]})
    again = tp.replan(plan, realised, from_year=2025, mip_gap=0).check()
    new = again.plan
    assert new.catalog.sources == ("DAK", "DAU", "PAD")
    assert new.budget.source_ceilings == {"DAK": {2025: 4 * G}}
    assert new.selected_ids == ["A", "B", "D"]
    assert new.total_value == pytest.approx(12.5)
    table = new.efficiency(baselines=False, marginal=False).by_source
    assert table["spend"].to_dict() == pytest.approx({("DAK", 2025): 4 * G, ("DAU", 2025): 1 * G, ("PAD", 2025): 4 * G})
    assert table.at[("DAK", 2025), "binding"]
    # without the DAK ceiling the re-plan takes C instead of D: 1.5 + 10 + 8
    loose = tp.replan(plan, realised, from_year=2025, budget=budget_of(without_sources(rules)), mip_gap=0)
    assert loose.plan.selected_ids == ["A", "B", "C"]
    assert loose.plan.total_value == pytest.approx(19.5)


def test_reference_never_lowers_the_value_with_a_mandatory_programme_at_level_zero() -> None:
    """A (flexible, min_level 0, mandatory, 1) costs 2 G; B (5) costs 10 G; the ceiling is 10 G.

    The optimum runs A at level 0 beside B: 5. Preferring a reference in which A ran must not lose value.
    """
    progs = [P("A", 1, ({"PAD": 2},), mode="flexible", min_level=0.0, mandatory=True), P("B", 5, ({"PAD": 10},))]
    catalog, budget = catalog_of(progs, [2024]), budget_of(Rules({2024: 10}))
    assert tp.optimize(catalog, budget, mip_gap=0).total_value == pytest.approx(5)
    again = tp.optimize(catalog, budget, mip_gap=0, reference={"A": 2024, "B": None}).check()
    assert again.total_value == pytest.approx(5)


# --------------------------------------------------------------------------- reports
# S (scalable, min_level 0) pays DAK 4 + PAD 2 a year; W pays DAK 2 + PAD 1 in 2025; V pays PAD 3 in 2024.
# DAK ceilings 4 (2024) and 5 (2025); the totals (20) do not bind. S runs at 0.75 (DAK 3 + 2 = 5 in 2025).
REPORT_PROGS = [
    P("S", 12, ({"DAK": 4, "PAD": 2}, {"DAK": 4, "PAD": 2}), mode="scalable", min_level=0.0),
    P("W", 4, ({}, {"DAK": 2, "PAD": 1})),
    P("V", 5, ({"PAD": 3},)),
]
REPORT_RULES = Rules({2024: 20, 2025: 20}, {"DAK": {2024: 4, 2025: 5}})


@pytest.fixture(scope="module")
def report_plan() -> tp.Plan:
    plan = solve(REPORT_PROGS, REPORT_RULES)
    assert plan.selection.at["S", "level"] == pytest.approx(0.75)
    assert plan.total_value == pytest.approx(12 * 0.75 + 4 + 5)
    return plan


@pytest.fixture(scope="module")
def report(report_plan: tp.Plan) -> tp.EfficiencyReport:
    return report_plan.efficiency()


def test_by_source_figures_by_hand(report: tp.EfficiencyReport) -> None:
    table = report.by_source
    assert list(table.index) == [("DAK", 2024), ("DAK", 2025), ("PAD", 2024), ("PAD", 2025)]
    assert table["spend"].tolist() == pytest.approx([3 * G, 5 * G, 4.5 * G, 2.5 * G])  # 4·0.75; 3 + 2; 1.5 + 3; 1.5 + 1
    assert table["ceiling"].iloc[:2].tolist() == [4 * G, 5 * G]
    assert table["ceiling"].iloc[2:].isna().all()  # PAD has no ceiling of its own
    assert table["utilisation"].iloc[:2].tolist() == pytest.approx([0.75, 1.0])
    assert table["utilisation"].iloc[2:].isna().all()
    assert table["binding"].tolist() == [False, True, False, False]
    # every rupiah of the plan is paid from a named source
    assert table["spend"].groupby(level="year").sum().tolist() == pytest.approx(report.plan.costs.sum(axis=0).tolist())
    assert "by_source" in report.tables and "source_marginal" in report.tables


def test_by_source_lists_costs_without_a_source_as_unspecified() -> None:
    progs = [*CEIL_PROGS, P("E", 1, ({"": 1},))]  # E has a plain cost only
    plan = solve(progs, Rules({2024: 11}, {"DAK": {2024: 5}}))
    assert plan.selected_ids == ["A", "C", "E"]
    table = plan.efficiency(baselines=False, marginal=False).by_source
    assert table["spend"].to_dict() == pytest.approx(
        {("DAK", 2024): 4 * G, ("PAD", 2024): 6 * G, ("(unspecified)", 2024): 1 * G}
    )
    assert not table.at[("(unspecified)", 2024), "binding"]


def test_by_source_is_none_without_sources(small_catalog: tp.Catalog) -> None:
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}))
    report = plan.efficiency(baselines=False, marginal=False)
    assert report.by_source is None and report.source_marginal is None
    assert "by_source" not in report.tables
    with pytest.raises(tp.TargetplanError, match="names no funding source"):
        report.plot_sources()


def test_source_marginal_is_the_gain_of_a_re_solve_with_the_source_ceiling_raised(
    report_plan: tp.Plan, report: tp.EfficiencyReport
) -> None:
    """Raising DAK 2025 by δ lets S rise by δ / 4: 12 / 4 = 3 value per G. DAK 2024 is slack: 0."""
    marginal = report.source_marginal
    assert list(marginal.index) == [("DAK", 2024), ("DAK", 2025)]
    assert marginal["step"].tolist() == pytest.approx([0.025 * 4 * G, 0.025 * 5 * G])
    assert marginal.at[("DAK", 2024), "value_gain"] == pytest.approx(0.0, abs=1e-6)
    assert marginal.at[("DAK", 2025), "marginal_per_miliar"] == pytest.approx(3.0, rel=1e-6)
    for (source, year), row in marginal.iterrows():
        assert row["ceiling"] == REPORT_RULES.sources[source][year] * G
        raised = {y: c * G for y, c in REPORT_RULES.sources[source].items()} | {year: row["ceiling"] + row["step"]}
        budget = tp.Budget(
            ceilings={y: c * G for y, c in REPORT_RULES.ceilings.items()}, source_ceilings={source: raised}
        )
        again = tp.optimize(report_plan.catalog, budget, mip_gap=0).check()
        assert row["value_gain"] == pytest.approx(again.total_value - report_plan.total_value, abs=1e-6)
        assert row["marginal_per_miliar"] == pytest.approx(row["value_gain"] / (row["step"] / G), abs=1e-6)


def test_source_marginal_with_a_step(report_plan: tp.Plan) -> None:
    from targetplan.planning import source_marginal_values

    table = source_marginal_values(report_plan, step=0.4 * G)
    assert table["step"].tolist() == [0.4 * G, 0.4 * G]
    assert table.at[("DAK", 2025), "value_gain"] == pytest.approx(1.2)  # S from 0.75 to 0.85


def test_plot_sources_bars_and_markers(report: tp.EfficiencyReport) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    ax = report.plot_sources()
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 2 * 2  # two sources × two years
    assert sorted(round(b.get_height(), 9) for b in bars) == sorted([3.0, 5.0, 4.5, 2.5])
    markers = [line for line in ax.lines if isinstance(line, Line2D) and line.get_marker() not in (None, "None", "")]
    assert len(markers) == 1  # only DAK has ceilings
    assert markers[0].get_ydata().tolist() == pytest.approx([4.0, 5.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["DAK", "PAD"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024", "2025"]


# --------------------------------------------------------------------------- property: brute force
@st.composite
def random_cases(draw: st.DrawFn) -> tuple[list[P], Rules]:
    """2–5 whole programmes over 1–3 years, paid from DAK / PAD, with source ceilings, groups and count caps."""
    n_years = draw(st.integers(1, 3))
    years = list(range(FIRST, FIRST + n_years))
    last = years[-1]
    amount = st.integers(0, 4)
    progs = []
    n = draw(st.integers(2, 5))
    with_group = n >= 3 and draw(st.booleans())
    required = with_group and draw(st.booleans())
    for i in range(n):
        duration = draw(st.integers(1, n_years))
        earliest = draw(st.integers(FIRST, last - duration + 1))
        latest = draw(st.integers(earliest, last))
        money = tuple(
            {s: a for s, a in (("DAK", draw(amount)), ("PAD", draw(amount))) if a} or {"PAD": 0}
            for _ in range(duration)
        )
        progs.append(
            P(
                f"P{i}",
                draw(st.integers(1, 20)),
                money,
                earliest=earliest,
                latest=latest,
                status=draw(st.sampled_from(["new", "continuing"])),
                agency=draw(st.sampled_from(["X", "Y"])),
                group="G" if with_group and i < 2 else "",
                required=required and i < 2,
            )
        )
    ceilings = {y: draw(st.integers(2, 12)) for y in years}
    sources = {}
    named = {s for p in progs for part in p.money for s, a in part.items() if a}
    for source in sorted(named):  # a ceiling for a source no programme pays from is an input error
        by_year = {y: draw(st.integers(0, 8)) for y in years if draw(st.booleans())}
        if by_year:
            sources[source] = by_year
    year = st.none() | st.sampled_from(years)
    caps = draw(
        st.lists(
            st.one_of(
                st.builds(tp.CountCap, max_running=st.integers(0, 3), year=year),
                st.builds(tp.CountCap, group_by=st.just("agency"), max_running=st.integers(1, 2), year=year),
                st.builds(
                    tp.CountCap,
                    group_by=st.just("agency"),
                    group=st.sampled_from(sorted({p.agency for p in progs})),
                    max_new=st.integers(0, 2),
                ),
                st.builds(tp.CountCap, max_new=st.integers(0, 2), max_running=st.none() | st.integers(1, 3)),
            ),
            max_size=2,
        )
    )
    return progs, Rules(ceilings, sources, caps)


@given(case=random_cases())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_catalogues_with_sources_and_count_caps_match_brute_force(case: tuple[list[P], Rules]) -> None:
    progs, rules = case
    years = sorted(rules.ceilings)
    best, choices = brute_force(progs, rules)
    catalog, budget, policy = catalog_of(progs, years), budget_of(rules), policy_of(rules)
    if best >= 0 and brute_force(progs, without_sources(rules))[0] > best:
        event("a source ceiling binds")
    if best >= 0 and brute_force(progs, without_caps(rules))[0] > best:
        event("a count cap binds")
    if best < 0:
        event("infeasible")
        with pytest.raises(tp.InfeasiblePlanError):
            tp.optimize(catalog, budget, policy, mip_gap=0)
        return
    plan = tp.optimize(catalog, budget, policy, mip_gap=0).check()
    assert plan.total_value == pytest.approx(best, abs=1e-9)
    assert starts_of(plan) in choices
    # the efficiency tables agree with the plan, and the baselines keep every rule they can steer
    table = plan.efficiency(baselines=False, marginal=False).by_source
    spent = table["spend"].groupby(level="year").sum()
    assert spent.reindex(years, fill_value=0.0).tolist() == pytest.approx(plan.costs.sum(axis=0).tolist(), abs=1.0)
    for base in tp.run_baselines(catalog, budget, policy).values():
        if not any(p.required for p in progs):
            base.check()
        assert base.total_value <= best + 1e-9 or base.message


# --------------------------------------------------------------------------- editing and explaining
def _two_programmes_with_sources() -> tp.Catalog:
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "name": ["a", "b"],
            "priority": [10, 7],
            "cost_2024_DAK": [4e9, 3e9],
            "cost_2024_PAD": [2e9, 0.0],
        }
    )
    return tp.Catalog.from_frame(frame)


@pytest.mark.usefixtures("english")
def test_replace_a_source_column() -> None:
    cat = _two_programmes_with_sources()
    for part, total in (("cost_2024_DAK", "cost_2024"), ("pagu_2024_dak", "pagu_2024")):
        again = cat.replace(**{part: {"A": 1e9}, total: {"A": 3e9}})
        assert again.source_cost_matrix("DAK")[:, 0].tolist() == [1e9, 3e9]
        assert again.cost_matrix()[:, 0].tolist() == [3e9, 3e9]
    # a part changed without its total no longer adds up: said so, naming the programme and the column
    with pytest.raises(tp.CatalogValidationError) as info:
        cat.replace(cost_2024_DAK={"A": 1e9})
    case = info.value.failure_cases.iloc[0]
    assert (case["id"], case["column"]) == ("A", "cost_2024")
    assert "differs from the sum of its sources" in case["problem"]


def test_explain_a_left_out_programme_paid_from_a_source() -> None:
    """B (7) is left out for A (10): forced in, B runs alone. Its cost cut scales its source parts too."""
    plan = tp.optimize(
        _two_programmes_with_sources(), tp.Budget(ceilings={2024: 7e9}, source_ceilings={"DAK": {2024: 5e9}})
    )
    assert plan.selected_ids == ["A"]
    row = plan.efficiency(baselines=False, marginal=False).explain(["B"]).loc["B"]
    assert row["value_change"] == pytest.approx(-3.0)
    # B enters beside A once it fits the total (6 + 3f <= 7) and DAK (4 + 3f <= 5): a cut of 2/3
    assert row["cost_cut_to_enter"] == pytest.approx(2 / 3, abs=1 / 64)


def test_programmes_keep_their_sources() -> None:
    cat = _two_programmes_with_sources()
    assert cat["A"].source_costs == {"DAK": {2024: 4e9}, "PAD": {2024: 2e9}}
    assert cat["B"].source_costs == {"DAK": {2024: 3e9}}
    again = tp.Catalog.from_programs([cat[pid] for pid in cat.ids])
    assert again.sources == ("DAK", "PAD")
    for source in again.sources:
        assert again.source_cost_matrix(source).tolist() == cat.source_cost_matrix(source).tolist()
    assert again.cost_matrix().tolist() == cat.cost_matrix().tolist() == [[6e9], [3e9]]
    # a programme given by its sources only (the total is their sum), another with no source at all
    mixed = tp.Catalog.from_programs(
        [
            tp.Program(id="C", name="c", priority=1, source_costs={"DAK": {2024: 2e9}, "PAD": {2024: 3e9}}),
            tp.Program(id="D", name="d", priority=1, costs={2024: 1e9}),
        ]
    )
    assert mixed.source_cost_matrix("DAK").tolist() == [[2e9], [0.0]]
    assert mixed.cost_matrix().tolist() == [[5e9], [1e9]]
    assert mixed["C"].source_costs == {"DAK": {2024: 2e9}, "PAD": {2024: 3e9}} and mixed["D"].source_costs == {}
    assert mixed["C"].costs == {2024: 5e9}


# --------------------------------------------------------------------------- the sample data
def test_sample_names_funding_sources_and_a_required_pair() -> None:
    ex = tp.load_example("bogor")
    cat, budget = ex.catalog, ex.budget
    assert cat.sources == ("BANPROV", "DAK", "DAU", "PAD")
    frame = cat.to_frame().set_index("id")
    # each split programme's sources add up to its plain yearly cost, exactly
    split = np.zeros(len(cat))
    for source in cat.sources:
        split = split + cat.source_cost_matrix(source).sum(axis=1)
    paid = split > 0
    assert 10 <= paid.sum() < len(cat)  # a realistic subset
    parts = sum(cat.source_cost_matrix(s) for s in cat.sources)
    assert np.array_equal(parts[paid], cat.cost_matrix()[paid])
    # the data-centre alternatives: build or rent, exactly one
    pair = frame[frame["exclusive_group"] == "DATA-CENTER"]
    assert sorted(pair.index) == ["GOV-08", "GOV-09"]
    assert pair["group_required"].all() and frame["group_required"].sum() == 2
    # ceilings of their own for DAK and BANPROV (PAD and DAU: only the total ceiling)
    assert sorted(budget.source_ceilings) == ["BANPROV", "DAK"]
    assert set(budget.source_ceilings["DAK"]) == set(budget.years)
    assert budget.source_ceilings["DAK"][2022] == 4_200_000_000
    assert budget.ceilings[2022] == 38_150_000_000
    # DAK pays for health, education, transport, water and civil-registration programmes only
    dak = frame.loc[cat.source_cost_matrix("DAK").sum(axis=1) > 0]
    assert set(dak["agency"]) <= {"Dinkes", "Disdik", "Dishub", "DPUPR", "Disdukcapil"}
    tp.build(cat, budget.model_copy(update={"earmarks": {"DAK": {"dimension": ("living", "society", "environment")}}}))
