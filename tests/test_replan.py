"""The yearly cycle: realisation in, remaining years re-planned, progress against the plan."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog

G = 1e9
YEARS = (2024, 2025, 2026)


def _catalog() -> tp.Catalog:
    # W: a whole 3-year project (3 G a year, target 1 per year: "km of fibre").
    # S: a scalable programme, 2 G a year, target 10 a year.
    # F: a flexible yearly service, 1 G a year, target 100 a year.
    # N: a new whole project that may start 2024-2025 (2 G for two years).
    return make_catalog(
        [
            {
                "id": "W",
                "priority": 9,
                "status": "continuing",
                "unit": "km",
                "cost_2024": 3 * G,
                "cost_2025": 3 * G,
                "cost_2026": 3 * G,
                "target_2024": 1,
                "target_2025": 1,
                "target_2026": 1,
            },
            {
                "id": "S",
                "priority": 6,
                "mode": "scalable",
                "unit": "titik",
                "cost_2024": 2 * G,
                "cost_2025": 2 * G,
                "cost_2026": 2 * G,
                "target_2024": 10,
                "target_2025": 10,
                "target_2026": 10,
            },
            {
                "id": "F",
                "priority": 3,
                "mode": "flexible",
                "unit": "orang",
                "cost_2024": 1 * G,
                "cost_2025": 1 * G,
                "cost_2026": 1 * G,
                "target_2024": 100,
                "target_2025": 100,
                "target_2026": 100,
            },
            {"id": "N", "priority": 4, "latest_start": 2025, "cost_2024": 2 * G, "cost_2025": 2 * G, "cost_2026": 0.0},
        ]
    )


@pytest.fixture(scope="module")
def plan() -> tp.Plan:
    # 8 G a year funds W (3) + S (2) + F (1) + N (2) in every year: everything runs at full scope.
    p = tp.optimize(_catalog(), tp.Budget(ceilings=dict.fromkeys(YEARS, 8 * G)), mip_gap=0)
    assert set(p.selected_ids) == {"W", "S", "F", "N"}
    return p


# 2024 as realised: W spent 2.4 G and built 0.8 km (behind); S spent 2 G for 10 points (on);
# F spent 1.2 G for 130 people (ahead); N spent nothing (not started).
REALISATION = pd.DataFrame(
    {
        "id": ["W", "S", "F"],
        "year": [2024, 2024, 2024],
        "spent": [2.4 * G, 2 * G, 1.2 * G],
        "achieved": [0.8, 10, 130],
    }
)


def test_progress_percentages_equal_hand_computed_values(plan: tp.Plan) -> None:
    report = plan.progress(REALISATION)
    rows = report.programmes
    # achievement = realised / target: W 0.8/1, S 10/10, F 130/100; N planned 2 G in 2024, nothing realised
    assert rows.at["W", "achievement"] == pytest.approx(0.8)
    assert rows.at["S", "achievement"] == pytest.approx(1.0)
    assert rows.at["F", "achievement"] == pytest.approx(1.3)
    assert rows.loc[["W", "S", "F", "N"], "status"].tolist() == ["behind", "on", "ahead", "not_started"]
    # spending rate = spent / planned: W 2.4/3, F 1.2/1
    assert rows.at["W", "spend_rate"] == pytest.approx(0.8)
    assert rows.at["F", "spend_rate"] == pytest.approx(1.2)
    # overall: priority-weighted, each capped at 100 %: (9*0.8 + 6*1 + 3*1 + 4*0) / 22
    assert report.overall_achievement == pytest.approx((9 * 0.8 + 6 + 3 + 0) / 22)
    # the masterplan's money to date: (2.4 + 2 + 1.2) / (3 + 2 + 1 + 2)
    assert report.spend_rate == pytest.approx(5.6 / 8)
    assert report.as_of == 2024
    assert report.behind == ["W"]
    assert "Terlambat: W" in report.summary_text()
    assert "Behind: W" in report.summary_text("en")


def test_progress_plot_has_planned_and_realised_bars(plan: tp.Plan) -> None:
    ax = plan.progress(REALISATION).plot(lang="en")
    assert len(ax.patches) == 2 and ax.get_title() == "Planned and realised spending"


@pytest.fixture(scope="module")
def again(plan: tp.Plan) -> tp.Replan:
    # 2025-2026 at 7 G a year instead of 8 G
    budget = tp.Budget(ceilings={2024: 8 * G, 2025: 7 * G, 2026: 7 * G})
    return tp.replan(plan, REALISATION, from_year=2025, budget=budget, mip_gap=0)


def test_past_years_are_untouched(again: tp.Replan) -> None:
    again.check()
    assert again.costs.loc["W", 2024] == 2.4 * G
    assert again.costs.loc["F", 2024] == 1.2 * G
    assert again.costs.loc["N", 2024] == 0.0  # N was planned for 2024 but nothing was realised
    assert again.targets.loc["W", 2024] == pytest.approx(0.8)
    assert again.plan.years == (2025, 2026)


def test_carried_scope_is_conserved(again: tp.Replan) -> None:
    carried = again.carried
    # W: planned 9 G, spent 2.4 G -> 6.6 G remain, in the 3:3 proportion of 2025 and 2026; 3 - 0.8 = 2.2 km remain
    assert carried.at["W", "state"] == "started"
    assert carried.at["W", "remaining_cost"] == pytest.approx(6.6 * G)
    assert carried.at["W", "remaining_target"] == pytest.approx(2.2)
    w = again.plan.catalog["W"]
    assert w.costs == pytest.approx({2025: 3.3 * G, 2026: 3.3 * G})
    assert w.mandatory  # a started whole project continues by default
    assert carried.at["W", "spent"] + carried.at["W", "remaining_cost"] == pytest.approx(
        carried.at["W", "planned_cost"]
    )
    # N was not started: its schedule moves to 2025 at the earliest
    assert carried.at["N", "state"] == "not_started"
    n = again.plan.catalog["N"]
    assert n.earliest_start == 2025 and n.costs == pytest.approx({2025: 2 * G, 2026: 2 * G})


def test_new_ceilings_hold(again: tp.Replan) -> None:
    spent = again.plan.costs.sum(axis=0)
    assert spent[2025] <= 7 * G * (1 + 1e-9)
    assert spent[2026] <= 7 * G * (1 + 1e-9)
    assert again.plan.status == tp.SolveStatus.OPTIMAL


def test_replan_is_the_best_plan_of_the_remaining_years(again: tp.Replan) -> None:
    # W must continue (3.3 G a year); 3.7 G remain each year for S (2 G at full scope, 2/3 of its
    # scope left), F (1 G) and N (2 G, 2025-2026). S + F + N = 5 G > 3.7 G: the optimum drops the
    # lowest value per rupiah first. Check against an independent optimize of the same remaining catalogue.
    direct = tp.optimize(again.plan.catalog, again.plan.budget, again.plan.policy, mip_gap=0)
    assert again.plan.total_value == pytest.approx(direct.total_value)


def test_replan_stays_close_to_the_previous_plan(plan: tp.Plan) -> None:
    budget = tp.Budget(ceilings={2024: 8 * G, 2025: 8 * G, 2026: 8 * G})
    same = tp.replan(plan, REALISATION, from_year=2025, budget=budget, mip_gap=0)
    # with the same money, nothing that could keep its previous start moves (the money of programmes
    # already running may be resized: what they still need is the plan's less what was spent)
    moved = same.changes[same.changes["change"] != "resized"]
    assert moved.empty or set(moved.index) <= {"N"}


@pytest.mark.usefixtures("english")
def test_realisation_for_replanned_years_is_refused(plan: tp.Plan) -> None:
    late = pd.concat([REALISATION, pd.DataFrame({"id": ["W"], "year": [2025], "spent": [1.0], "achieved": [0.1]})])
    with pytest.raises(tp.RealisationValidationError, match=r"being re-planned \(2025 onwards\)"):
        tp.replan(plan, late, from_year=2025)


@pytest.mark.usefixtures("english")
def test_realisation_validation_lists_every_problem() -> None:
    bad = pd.DataFrame({"id": ["W", "", "S", "S"], "year": [2024, 2024, "x", "x"], "spent": [-1, 1, 1, 1]})
    with pytest.raises(tp.RealisationValidationError) as info:
        tp.read_realisation(bad)
    problems = set(info.value.failure_cases["problem"])
    assert {"not an amount of 0 or more", "missing id", "not a year"} <= problems


@pytest.mark.usefixtures("english")
def test_unknown_programme_in_realisation(plan: tp.Plan) -> None:
    odd = pd.DataFrame({"id": ["WW"], "year": [2024], "spent": [1.0], "achieved": [math.nan]})
    with pytest.raises(tp.RealisationValidationError, match=r"id WW.*not a programme of the catalogue"):
        plan.progress(odd)


@pytest.mark.usefixtures("english")
def test_unknown_programme_in_realisation_gets_a_hint(bogor: tp.Example) -> None:
    base = tp.optimize(bogor.catalog, bogor.budget, mip_gap=1e-2)
    odd = pd.DataFrame({"id": ["GOV-1"], "year": [2022], "spent": [1.0], "achieved": [math.nan]})
    with pytest.raises(tp.RealisationValidationError, match=r"did you mean 'GOV-1\d'"):
        base.progress(odd)


def test_sample_replan_from_2024(bogor: tp.Example) -> None:
    base = tp.optimize(bogor.catalog, bogor.budget, mip_gap=1e-3)
    result = tp.replan(base, bogor.folder / "realisation.csv", from_year=2024, mip_gap=1e-3).check()
    assert result.plan.years == (2024, 2025, 2026, 2027)
    real = tp.read_realisation(bogor.folder / "realisation.csv")
    spent = real.groupby(["id", "year"])["spent"].sum()
    for (pid, year), amount in spent.items():
        assert result.costs.at[pid, year] == pytest.approx(amount)
