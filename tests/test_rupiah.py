"""Never over the pagu: plans keep every ceiling, cap, floor, source ceiling and commitment cap to the rupiah.

A solver accepts rows within a tolerance of their scale (thousands of rupiah on rows of
Rp 10 M programmes); the plan ``optimize`` returns is checked with exact sums and
repaired, and ``plan.check()`` uses the same rule: half a rupiah of rounding, no more.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog
from targetplan.results.check import RUPIAH, money_overruns

pytestmark = pytest.mark.usefixtures("english")

M = 1e10  # Rp 10 M


def spent(plan: tp.Plan, year: int) -> float:
    return math.fsum(plan.costs[year].tolist())


@pytest.mark.parametrize("unit", [1e10, 1e13])
def test_three_whole_programmes_do_not_pass_a_ceiling_ten_thousand_rupiah_below_them(unit: float) -> None:
    catalog = make_catalog([{"id": p, "priority": 1, "cost_2024": unit} for p in "ABC"])
    budget = tp.Budget(ceilings={2024: 3 * unit - 10_000})
    plan = tp.optimize(catalog, budget).check()
    assert len(plan.selected_ids) == 2
    assert spent(plan, 2024) <= budget.ceilings[2024]
    assert plan.yearly.loc[2024, "unallocated"] >= 0
    assert plan.yearly.loc[2024, "utilisation"] < 1


def test_an_exact_fit_is_still_chosen() -> None:
    # the repair cuts off only plans above the limit: three programmes that fit exactly all run
    catalog = make_catalog([{"id": p, "priority": 1, "cost_2024": 1e13} for p in "ABC"])
    plan = tp.optimize(catalog, tp.Budget(ceilings={2024: 3e13})).check()
    assert plan.selected_ids == ["A", "B", "C"]


def test_mandatory_programmes_ten_thousand_rupiah_over_have_no_plan() -> None:
    catalog = make_catalog([{"id": p, "priority": 1, "cost_2024": M, "mandatory": True} for p in "ABC"])
    with pytest.raises(tp.InfeasiblePlanError, match="mandatory programmes alone"):
        tp.optimize(catalog, tp.Budget(ceilings={2024: 3 * M - 10_000}))


def test_group_cap_and_floor_to_the_rupiah() -> None:
    rows = [{"id": p, "priority": 1, "cost_2024": M, "dimension": "g"} for p in "ABC"]
    rows.append({"id": "D", "priority": 0.5, "cost_2024": M, "dimension": "h"})
    capped = tp.Budget(
        ceilings={2024: 10 * M}, limits=[tp.GroupLimit(group_by="dimension", group="g", cap=3 * M - 10_000)]
    )
    plan = tp.optimize(make_catalog(rows), capped).check()
    assert plan.selected_ids == ["A", "B", "D"]
    # a floor 10 000 above two programmes needs the third (the ceiling allows exactly three)
    rows[3]["priority"] = 5
    floored = tp.Budget(
        ceilings={2024: 3 * M}, limits=[tp.GroupLimit(group_by="dimension", group="g", floor=2 * M + 1e4)]
    )
    plan = tp.optimize(make_catalog(rows), floored).check()
    assert plan.selected_ids == ["A", "B", "C"]


def test_source_ceiling_and_commitment_cap_to_the_rupiah() -> None:
    rows = [{"id": p, "priority": 1, "cost_2024_DAK": M} for p in "ABC"]
    budget = tp.Budget(ceilings={2024: 10 * M}, source_ceilings={"DAK": {2024: 3 * M - 1}})
    plan = tp.optimize(make_catalog(rows), budget).check()
    assert len(plan.selected_ids) == 2
    rows = [{"id": p, "priority": 1, "cost_2024": 1.0, "cost_2025": M} for p in "ABC"]
    policy = tp.Policy(terms=[tp.Term("a", 2024, 2024), tp.Term("b", 2025, 2025)], commitment_cap=0.5)
    budget = tp.Budget(ceilings={2024: 10 * M, 2025: 6 * M - 2})  # half of it: 3 M - 1
    plan = tp.optimize(make_catalog(rows), budget, policy).check()
    assert len(plan.selected_ids) == 2


def test_scalable_levels_stay_within_the_ceiling() -> None:
    rows = [
        {"id": "A", "priority": 3, "cost_2024": 1.23456789e13, "mode": "scalable"},
        {"id": "B", "priority": 2, "cost_2024": 7.7777e12, "mode": "scalable"},
        {"id": "C", "priority": 1, "cost_2024": 3.3e12, "mode": "flexible"},
    ]
    budget = tp.Budget(ceilings={2024: 1.5e13 + 0.3})
    plan = tp.optimize(make_catalog(rows), budget).check()
    assert spent(plan, 2024) - budget.ceilings[2024] < RUPIAH
    assert spent(plan, 2024) > budget.ceilings[2024] - 1e6  # and the money is used


@pytest.mark.parametrize("seed", range(8))
def test_random_large_catalogues_keep_every_ceiling_to_the_rupiah(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, years = 40, (2024, 2025, 2026)
    rows = pd.DataFrame(
        {
            "id": [f"P{i:02d}" for i in range(n)],
            "name": "x",
            "priority": rng.uniform(1, 10, n).round(3),
            "mode": rng.choice(["whole", "whole", "scalable", "flexible"], n),
            **{f"cost_{y}": (rng.uniform(1, 9, n) * 10 ** rng.uniform(9, 13)).round(0) for y in years},
        }
    )
    catalog = tp.Catalog.from_frame(rows)
    total = catalog.cost_matrix().sum(axis=0)
    budget = tp.Budget(ceilings={y: float(total[j] * 0.4 + rng.uniform(0, 1e6)) for j, y in enumerate(years)})
    plan = tp.optimize(catalog, budget).check()
    assert money_overruns(plan) == []
    for y in years:
        assert spent(plan, y) - budget.available(y) < RUPIAH


def test_check_finds_a_plan_ten_thousand_rupiah_over_the_ceiling() -> None:
    catalog = make_catalog([{"id": p, "priority": 1, "cost_2024": 1e13} for p in "ABC"])
    budget = tp.Budget(ceilings={2024: 3e13 - 10_000})
    plan = tp.Plan.from_choices(catalog, budget, tp.Policy(), [2024, 2024, 2024], {"A": 1, "B": 1, "C": 1})
    with pytest.raises(tp.CheckFailedError, match=r"2024: spending Rp 30\.000\.000\.000\.000 is Rp 10\.000 above"):
        plan.check()
    (over,) = money_overruns(plan)
    assert (over.kind, over.year, over.amount) == ("ceiling", 2024, 10_000)


def test_check_allows_less_than_half_a_rupiah_of_rounding() -> None:
    catalog = make_catalog([{"id": "A", "priority": 1, "cost_2024": 1e9 + 0.4}])
    plan = tp.Plan.from_choices(catalog, tp.Budget(ceilings={2024: 1e9}), tp.Policy(), [2024], {"A": 1})
    plan.check()
    worse = make_catalog([{"id": "A", "priority": 1, "cost_2024": 1e9 + 0.6}])
    plan = tp.Plan.from_choices(worse, tp.Budget(ceilings={2024: 1e9}), tp.Policy(), [2024], {"A": 1})
    with pytest.raises(tp.CheckFailedError, match="above the ceiling"):
        plan.check()
