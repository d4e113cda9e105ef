"""Manual-ranking baselines (``rank_and_fund``), checked on small hand-worked catalogues.

Every case lists the ranking and walks down it by hand: a programme is funded at full
scope in the earliest start of its window that still fits, otherwise skipped. Amounts are
in ``G`` = 10^9 rupiah (one *miliar*).
"""

from __future__ import annotations

import numpy as np
import pytest

import targetplan as tp
from helpers import make_catalog
from targetplan.planning.baselines import BASELINES

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

G = 1e9


def selected(plan: tp.Plan) -> list[str]:
    return sorted(plan.selected_ids)


def starts(plan: tp.Plan) -> dict[str, int]:
    sel = plan.selection
    return {p: int(sel.at[p, "start_year"]) for p in sel.index if sel.at[p, "runs"]}


# ---------------------------------------------------------------------------------
# The three rankings
# ---------------------------------------------------------------------------------


def test_priority_ranking_funds_down_the_list_skipping_what_does_not_fit(small_catalog):
    # A(6, 5G), B(5, 4G), C(4, 3G); ceiling 8G.
    # priority order A, B, C: A 5G fits; B 5+4=9G > 8G skipped; C 5+3=8G fits.
    plan = tp.rank_and_fund(small_catalog, tp.Budget(ceilings={2024: 8 * G}))
    assert selected(plan) == ["A", "C"]
    assert plan.total_value == pytest.approx(10.0)
    assert plan.costs.to_numpy().sum() == pytest.approx(8 * G)
    assert plan.solver == "baseline:priority"
    assert plan.status == tp.SolveStatus.FEASIBLE
    assert plan.message == ""


def test_priority_ranking_docstring_case_stops_after_the_first():
    # A(6, 5G), B(5, 4G), C(4, 4G); ceiling 8G: A fits, B and C each need 9G -> [A], value 6,
    # while the optimum is B + C = 9.
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 5 * G},
            {"id": "B", "priority": 5, "cost_2024": 4 * G},
            {"id": "C", "priority": 4, "cost_2024": 4 * G},
        ]
    )
    budget = tp.Budget(ceilings={2024: 8 * G})
    plan = tp.rank_and_fund(cat, budget)
    assert selected(plan) == ["A"]
    assert plan.total_value == pytest.approx(6.0)
    assert tp.optimize(cat, budget, mip_gap=0).total_value == pytest.approx(9.0)


def test_value_per_cost_ranking(small_catalog):
    # value per G: A 6/5 = 1.2, B 5/4 = 1.25, C 4/3 = 1.33 -> order C, B, A.
    # C 3G; B 3+4 = 7G; A 12G > 8G skipped -> [B, C], value 9, spend 7G.
    plan = tp.rank_and_fund(small_catalog, tp.Budget(ceilings={2024: 8 * G}), ranking="value_per_cost")
    assert selected(plan) == ["B", "C"]
    assert plan.total_value == pytest.approx(9.0)
    assert plan.costs.to_numpy().sum() == pytest.approx(7 * G)
    assert plan.solver == "baseline:value_per_cost"


def test_value_per_cost_uses_the_whole_schedule_cost():
    # Two years, ceilings 4G each.
    # A(6): 2G + 2G = 4G total -> 1.5 per G; B(5): 3G in 2024 -> 1.67; C(2): 1G -> 2.
    # value_per_cost: C (2024 1G), B (2024 4G), A (2024 would be 6G) skipped -> [B, C] = 7.
    # priority: A (2G, 2G), B (2024 5G) skipped, C (2024 3G) -> [A, C] = 8.
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 2 * G, "cost_2025": 2 * G},
            {"id": "B", "priority": 5, "cost_2024": 3 * G, "cost_2025": 0},
            {"id": "C", "priority": 2, "cost_2024": 1 * G, "cost_2025": 0},
        ]
    )
    budget = tp.Budget(ceilings={2024: 4 * G, 2025: 4 * G})
    by_ratio = tp.rank_and_fund(cat, budget, ranking="value_per_cost")
    by_priority = tp.rank_and_fund(cat, budget, ranking="priority")
    assert selected(by_ratio) == ["B", "C"]
    assert by_ratio.total_value == pytest.approx(7.0)
    assert selected(by_priority) == ["A", "C"]
    assert by_priority.total_value == pytest.approx(8.0)


def _carryover_catalog() -> tp.Catalog:
    return make_catalog(
        [
            {"id": "A", "priority": 9, "cost_2024": 4 * G},
            {"id": "K1", "priority": 3, "cost_2024": 5 * G, "status": "continuing"},
            {"id": "K2", "priority": 2, "cost_2024": 3 * G, "status": "continuing"},
            {"id": "B", "priority": 1, "cost_2024": 1 * G},
        ]
    )


def test_carryover_first_funds_every_carryover_before_new_programmes():
    # ceiling 9G. carryover_first: K1 (3) 5G; K2 (2) 8G; then new by priority:
    # A 12G skipped; B 9G fits -> [B, K1, K2], value 3 + 2 + 1 = 6.
    plan = tp.rank_and_fund(_carryover_catalog(), tp.Budget(ceilings={2024: 9 * G}), ranking="carryover_first")
    assert selected(plan) == ["B", "K1", "K2"]
    assert plan.total_value == pytest.approx(6.0)
    assert plan.solver == "baseline:carryover_first"


def test_priority_ranking_ignores_carryover_status():
    # Same catalogue by priority: A 4G; K1 9G; K2 12G skipped; B 10G skipped -> [A, K1] = 12.
    plan = tp.rank_and_fund(_carryover_catalog(), tp.Budget(ceilings={2024: 9 * G}))
    assert selected(plan) == ["A", "K1"]
    assert plan.total_value == pytest.approx(12.0)


def test_ties_are_broken_by_id():
    # Y and Z are identical (5, 5G); only one fits in 8G: the smaller id, Y.
    cat = make_catalog(
        [
            {"id": "Z", "priority": 5, "cost_2024": 5 * G},
            {"id": "Y", "priority": 5, "cost_2024": 5 * G},
        ]
    )
    for ranking in BASELINES:
        assert selected(tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 8 * G}), ranking=ranking)) == ["Y"]


def test_unknown_ranking_is_an_error(small_catalog):
    with pytest.raises(tp.TargetplanError, match="unknown ranking 'cheapest'"):
        tp.rank_and_fund(small_catalog, tp.Budget(ceilings={2024: 8 * G}), ranking="cheapest")  # type: ignore[arg-type]


def test_run_baselines_returns_every_ranking(small_catalog):
    plans = tp.run_baselines(small_catalog, tp.Budget(ceilings={2024: 8 * G}))
    assert list(plans) == ["priority", "value_per_cost", "carryover_first"]
    assert {name: selected(p) for name, p in plans.items()} == {
        "priority": ["A", "C"],
        "value_per_cost": ["B", "C"],
        "carryover_first": ["A", "C"],  # no carry-overs: the same as by priority
    }
    assert all(p.solver == f"baseline:{name}" for name, p in plans.items())


# ---------------------------------------------------------------------------------
# Rules a ranking respects
# ---------------------------------------------------------------------------------


def test_mandatory_programmes_are_funded_first_in_every_ranking():
    # M is mandatory with the lowest priority and ratio; it takes its 4G first.
    # Then (priority) A 9G skipped, C 7G -> [C, M] = 5; (ratio) C 4/3, A 1.2 -> same.
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 5 * G},
            {"id": "C", "priority": 4, "cost_2024": 3 * G},
            {"id": "M", "priority": 1, "cost_2024": 4 * G, "mandatory": True},
        ]
    )
    for ranking in BASELINES:
        plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 8 * G}), ranking=ranking)
        assert selected(plan) == ["C", "M"], ranking
        assert plan.total_value == pytest.approx(5.0)
        assert plan.message == ""


def test_mandatory_that_does_not_fit_is_funded_anyway_and_said_so():
    # M needs 10G of an 8G ceiling: funded anyway, nothing else fits, and the message
    # names both the note and the broken ceiling.
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 1 * G},
            {"id": "M", "priority": 1, "cost_2024": 10 * G, "mandatory": True},
        ]
    )
    plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 8 * G}))
    assert selected(plan) == ["M"]
    assert "mandatory M did not fit and was funded anyway" in plan.message
    with pytest.raises(tp.CheckFailedError):
        plan.check()


def test_mandatory_programme_brings_its_requirement():
    # M (mandatory) requires A. A ranks last by priority, so when M's turn comes A is not
    # funded yet. A manual planner funds A with M (2G of 9G), then C (8G) no longer fits:
    # [A, M], value 6, all rules respected — exactly the optimum.
    cat = make_catalog(
        [
            {"id": "A", "priority": 1, "cost_2024": 1 * G},
            {"id": "M", "priority": 5, "cost_2024": 1 * G, "mandatory": True, "requires": "A"},
            {"id": "C", "priority": 9, "cost_2024": 8 * G},
        ]
    )
    budget = tp.Budget(ceilings={2024: 9 * G})
    plan = tp.rank_and_fund(cat, budget)
    assert plan.message == ""
    assert selected(plan) == ["A", "M"]
    assert selected(tp.optimize(cat, budget, mip_gap=0)) == ["A", "M"]


def test_excluded_programmes_are_never_funded():
    # X has by far the best priority and ratio but is excluded.
    cat = make_catalog(
        [
            {"id": "A", "priority": 2, "cost_2024": 3 * G},
            {"id": "X", "priority": 100, "cost_2024": 1 * G, "excluded": True},
        ]
    )
    for ranking in BASELINES:
        plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 8 * G}), ranking=ranking)
        assert selected(plan) == ["A"], ranking


def test_requires_must_already_be_funded():
    # B (5) requires A (1); C (3). Ceiling 10G, everything fits.
    # priority order B, C, A: at B's turn A is not funded -> B skipped; C; A -> [A, C] = 4.
    cat = make_catalog(
        [
            {"id": "A", "priority": 1, "cost_2024": 1 * G},
            {"id": "B", "priority": 5, "cost_2024": 1 * G, "requires": "A"},
            {"id": "C", "priority": 3, "cost_2024": 1 * G},
        ]
    )
    plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 10 * G}))
    assert selected(plan) == ["A", "C"]
    assert plan.total_value == pytest.approx(4.0)
    # when the requirement ranks first, both run
    swapped = cat.replace(priority={"A": 6})
    assert selected(tp.rank_and_fund(swapped, tp.Budget(ceilings={2024: 10 * G}))) == ["A", "B", "C"]


def test_requires_starting_no_later_shifts_the_dependent_start():
    # Horizon 2024-2025. A (5) can only start in 2025 (2G). B (3) requires A, window
    # 2024-2025, 1G in its first year. Start 2024 is refused (A starts later), so B
    # starts 2025 and spends its 1G in 2025.
    cat = make_catalog(
        [
            {"id": "A", "priority": 5, "cost_2025": 2 * G, "earliest_start": 2025, "latest_start": 2025},
            {"id": "B", "priority": 3, "cost_2024": 1 * G, "latest_start": 2025, "requires": "A"},
        ],
        horizon=(2024, 2025),
    )
    plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 10 * G, 2025: 10 * G}))
    assert starts(plan) == {"A": 2025, "B": 2025}
    assert plan.costs.loc["B", 2025] == pytest.approx(1 * G)
    assert plan.costs[2024].sum() == 0
    plan.check()


def test_exclusive_group_takes_the_first_funded_member_only():
    # X1 (6) and X2 (5) share group g; Y (1). Everything fits in 10G.
    # priority: X1 funded, X2 skipped (group used), Y -> [X1, Y] = 7.
    rows = [
        {"id": "X1", "priority": 6, "cost_2024": 2 * G, "exclusive_group": "g"},
        {"id": "X2", "priority": 5, "cost_2024": 2 * G, "exclusive_group": "g"},
        {"id": "Y", "priority": 1, "cost_2024": 2 * G},
    ]
    plan = tp.rank_and_fund(make_catalog(rows), tp.Budget(ceilings={2024: 10 * G}))
    assert selected(plan) == ["X1", "Y"]
    assert plan.total_value == pytest.approx(7.0)
    # X1 too large to fit: skipped without taking the group, so X2 gets it -> [X2, Y] = 6
    rows[0]["cost_2024"] = 20 * G
    plan = tp.rank_and_fund(make_catalog(rows), tp.Budget(ceilings={2024: 10 * G}))
    assert selected(plan) == ["X2", "Y"]
    assert plan.total_value == pytest.approx(6.0)


def test_a_later_start_in_the_window_is_used_when_the_earliest_does_not_fit():
    # Ceilings 5G, 5G. A (6) 4G in 2024 only. B (5) 3G in its first year, window 2024-2025:
    # 2024 would need 7G -> B starts 2025 (3G in 2025). Value 11.
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 4 * G},
            {"id": "B", "priority": 5, "cost_2024": 3 * G, "latest_start": 2025},
        ],
        horizon=(2024, 2025),
    )
    plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 5 * G, 2025: 5 * G}))
    assert starts(plan) == {"A": 2024, "B": 2025}
    assert plan.costs.sum(axis=0).tolist() == pytest.approx([4 * G, 3 * G])
    assert plan.total_value == pytest.approx(11.0)
    plan.check()


@pytest.mark.parametrize(
    "limit",
    [
        tp.GroupLimit(group_by="dimension", group="gov", cap=5 * G),
        tp.GroupLimit(group_by="dimension", group="gov", cap=0.25, as_share=True),  # 25 % of 20G = 5G
    ],
    ids=["amount", "share"],
)
def test_group_caps_are_respected(limit):
    # gov cap 5G of a 20G ceiling. G1 (6, 4G gov); G2 (5, 3G gov): 7G > 5G skipped; E (1, 3G eco).
    cat = make_catalog(
        [
            {"id": "G1", "priority": 6, "cost_2024": 4 * G, "dimension": "gov"},
            {"id": "G2", "priority": 5, "cost_2024": 3 * G, "dimension": "gov"},
            {"id": "E", "priority": 1, "cost_2024": 3 * G, "dimension": "eco"},
        ]
    )
    plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 20 * G}, limits=[limit]))
    assert selected(plan) == ["E", "G1"]
    assert plan.total_value == pytest.approx(7.0)
    plan.check()


@pytest.mark.parametrize(("reserve", "expected"), [(0.2, ["A", "C"]), (0.1, ["A", "B"])])
def test_reserve_is_kept_unallocated(small_catalog, reserve, expected):
    # ceiling 10G: reserve 20 % leaves 8G -> A + C (A + B = 9G does not fit);
    # reserve 10 % leaves 9G -> A + B fits (C then needs 12G).
    plan = tp.rank_and_fund(small_catalog, tp.Budget(ceilings={2024: 10 * G}, reserve=reserve))
    assert selected(plan) == expected


def test_commitment_cap_is_respected():
    # Terms T1 = 2024, T2 = 2025; commitment cap 50 % of 10G = 5G in 2025 for programmes
    # started in 2024.
    # P (9): 1G + 6G -> commits 6G > 5G, skipped. Q (3): 1G + 4G -> commits 4G, funded.
    # R (2): 1G + 2G -> 4 + 2 = 6G > 5G, skipped. N (1) starts in 2025 (3G): not a
    # commitment, funded. -> [N, Q], value 4.
    cat = make_catalog(
        [
            {"id": "P", "priority": 9, "cost_2024": 1 * G, "cost_2025": 6 * G},
            {"id": "Q", "priority": 3, "cost_2024": 1 * G, "cost_2025": 4 * G},
            {"id": "R", "priority": 2, "cost_2024": 1 * G, "cost_2025": 2 * G},
            {"id": "N", "priority": 1, "cost_2025": 3 * G, "earliest_start": 2025},
        ],
        horizon=(2024, 2025),
    )
    policy = tp.Policy(terms=[tp.Term("T1", 2024, 2024), tp.Term("T2", 2025, 2025)], commitment_cap=0.5)
    plan = tp.rank_and_fund(cat, tp.Budget(ceilings={2024: 10 * G, 2025: 10 * G}), policy)
    assert selected(plan) == ["N", "Q"]
    assert plan.total_value == pytest.approx(4.0)
    assert plan.message == ""
    plan.check()


def test_missed_continuity_floor_is_reported_in_the_message():
    # Floor 100 % of carry-over priority; K (continuing, 1, 5G) and A (new, 6, 5G); 8G.
    # priority funds A; K no longer fits -> the floor is missed and said so.
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 5 * G},
            {"id": "K", "priority": 1, "cost_2024": 5 * G, "status": "continuing"},
        ]
    )
    policy = tp.Policy(continuity_floor=1.0)
    budget = tp.Budget(ceilings={2024: 8 * G})
    plan = tp.rank_and_fund(cat, budget, policy)
    assert selected(plan) == ["A"]
    assert "continuity" in plan.message
    # carry-overs first meets it
    first = tp.rank_and_fund(cat, budget, policy, ranking="carryover_first")
    assert selected(first) == ["K"]
    assert first.message == ""


def test_baselines_never_overspend_and_never_beat_the_optimum_on_random_catalogues():
    # Invariants on random whole-programme catalogues (two years, requires and groups):
    # a baseline that reports no broken rule passes plan.check() and is worth at most
    # the proven optimum.
    rng = np.random.default_rng(7)
    for case in range(12):
        rows = []
        for i in range(5):
            row = {
                "id": f"P{i}",
                "priority": float(rng.integers(1, 10)),
                "cost_2024": float(rng.integers(0, 5)) * G,
                "cost_2025": float(rng.integers(0, 5)) * G,
            }
            if i == 3:
                row["requires"] = "P1"
            if i in (2, 4):
                row["exclusive_group"] = "g"
            rows.append(row)
        cat = make_catalog(rows)
        budget = tp.Budget(ceilings={2024: float(rng.integers(3, 10)) * G, 2025: float(rng.integers(3, 10)) * G})
        best = tp.optimize(cat, budget, mip_gap=0).total_value
        for name, plan in tp.run_baselines(cat, budget).items():
            assert plan.message == "", (case, name)
            plan.check()
            assert plan.total_value <= best + 1e-9, (case, name)


# ---------------------------------------------------------------------------------
# Baselines in the efficiency report
# ---------------------------------------------------------------------------------


def test_efficiency_report_baseline_table(small_catalog):
    # Optimum A + C = 10 (8G).
    # priority: A + C = 10 -> gain 0, gain_pct 0, nothing entering or leaving.
    # value_per_cost: B + C = 9, spend 7G -> gain 1, gain_pct 1/9; A enters, B leaves.
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), mip_gap=0)
    report = plan.efficiency(marginal=False)
    table = report.baselines
    assert list(table.index) == ["priority", "value_per_cost", "carryover_first"]
    assert table["value"].tolist() == pytest.approx([10.0, 9.0, 10.0])
    assert table["spend"].tolist() == pytest.approx([8 * G, 7 * G, 8 * G])
    assert table["gain"].tolist() == pytest.approx([0.0, 1.0, 0.0])
    assert table["gain_pct"].tolist() == pytest.approx([0.0, 1 / 9, 0.0])
    assert table.at["value_per_cost", "entering"] == "A"
    assert table.at["value_per_cost", "leaving"] == "B"
    assert table.at["priority", "entering"] == "" and table.at["priority", "leaving"] == ""
    assert table["rules_broken"].tolist() == ["", "", ""]
    assert report.gain_over_manual == pytest.approx(0.0)
    assert set(report.baseline_plans) == set(table.index)
    assert sorted(report.baseline_plans["value_per_cost"].selected_ids) == ["B", "C"]


def test_efficiency_report_gain_over_manual_ranking():
    # Docstring case: optimum B + C = 9; by priority A = 6 -> gain 3, 50 %;
    # entering B, C; leaving A (lists sorted and comma separated).
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 5 * G},
            {"id": "B", "priority": 5, "cost_2024": 4 * G},
            {"id": "C", "priority": 4, "cost_2024": 4 * G},
        ]
    )
    plan = tp.optimize(cat, tp.Budget(ceilings={2024: 8 * G}), mip_gap=0)
    report = plan.efficiency(marginal=False)
    row = report.baselines.loc["priority"]
    assert row["value"] == pytest.approx(6.0)
    assert row["gain"] == pytest.approx(3.0)
    assert row["gain_pct"] == pytest.approx(0.5)
    assert row["entering"] == "B, C"
    assert row["leaving"] == "A"
    assert report.gain_over_manual == pytest.approx(0.5)


def test_efficiency_report_without_baselines(small_catalog):
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8 * G}), mip_gap=0)
    report = plan.efficiency(baselines=False, marginal=False)
    assert report.baselines.empty
    assert report.baseline_plans == {}


def test_a_floored_group_is_funded_first_in_ranking_order():
    """Ceiling 10 G, environment floor 2 G. By priority alone A (6 G) and B (4 G) fill the year and
    the floor is broken; an analyst meets the floor first: E1 (3 G, the better-ranked environment
    programme), then down the list A (9 G in all), B does not fit, E2 (10 G)."""
    cat = make_catalog(
        [
            {"id": "A", "priority": 9, "cost_2024": 6 * G, "dimension": "governance"},
            {"id": "B", "priority": 8, "cost_2024": 4 * G, "dimension": "governance"},
            {"id": "E1", "priority": 2, "cost_2024": 3 * G, "dimension": "environment"},
            {"id": "E2", "priority": 1, "cost_2024": 1 * G, "dimension": "environment"},
        ]
    )
    budget = tp.Budget(
        ceilings={2024: 10 * G}, limits=[tp.GroupLimit(group_by="dimension", group="environment", floor=2 * G)]
    )
    plan = tp.rank_and_fund(cat, budget).check()
    assert plan.selected_ids == ["A", "E1", "E2"] and plan.total_value == 12
    assert plan.message == ""
    assert tp.optimize(cat, budget, mip_gap=0).total_value == 12  # here the manual method is optimal
    # a floor the group cannot reach is still reported
    short = tp.Budget(
        ceilings={2024: 10 * G}, limits=[tp.GroupLimit(group_by="dimension", group="environment", floor=5 * G)]
    )
    missed = tp.rank_and_fund(cat, short)
    assert "environment" in missed.message and missed.selected_ids == ["A", "E1", "E2"]
