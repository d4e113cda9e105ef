"""Targets that mean what the analyst means: annual, cumulative and index indicators.

Hand-computed values for each kind through the plan, the progress report and the
re-plan, the catalogue columns that say the kind, and the sample, where no cumulative or
index target may exceed its programme's largest catalogue target.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

G = 1e9

# Three scalable programmes over 2024-2025, each 2 G a year at full scope; a ceiling of 3 G a
# year funds them at level 0.5 (equal priority per rupiah). C is cumulative from 20 %, I an
# index from 25, A annual.
ROWS = [
    {
        "id": "C",
        "priority": 10,
        "mode": "scalable",
        "unit": "%",
        "target_kind": "kumulatif",
        "target_baseline": 20,
        "cost_2024": 2 * G,
        "cost_2025": 2 * G,
        "target_2024": 55,
        "target_2025": 100,
    },
    {
        "id": "I",
        "priority": 10,
        "mode": "scalable",
        "unit": "indeks",
        "target_kind": "indeks",
        "target_baseline": 25,
        "cost_2024": 2 * G,
        "cost_2025": 2 * G,
        "target_2024": 28,
        "target_2025": 32,
    },
    {
        "id": "A",
        "priority": 10,
        "mode": "scalable",
        "unit": "orang",
        "cost_2024": 2 * G,
        "cost_2025": 2 * G,
        "target_2024": 10,
        "target_2025": 10,
    },
]


@pytest.fixture(scope="module")
def half() -> tp.Plan:
    """The three programmes, each funded at half its scope (equal value per rupiah, so
    the optimum is not unique: the plan is built from these choices and checked)."""
    catalog = make_catalog(ROWS)
    budget = tp.Budget(ceilings={2024: 3 * G, 2025: 3 * G})
    ids = ("C", "I", "A")
    plan = tp.Plan.from_choices(catalog, budget, tp.Policy(), dict.fromkeys(ids, 2024), dict.fromkeys(ids, 0.5))
    return plan.check()


# ============================================================================ the catalogue
def test_kinds_baselines_and_decimals_are_read_in_english_and_indonesian() -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "name": ["a", "b", "c", "d"],
            "priority": [1, 1, 1, 1],
            "satuan": ["titik", "%", "km", "layanan"],
            "sifat_target": ["tahunan", "Kumulatif", "nilai", ""],
            "kondisi_awal": ["", "40", "2,5", ""],
            "desimal_target": ["", "", "2", ""],
            "cost_2024": [1e9] * 4,
            "target_2024": [1, 50, 3, 8],
        }
    )
    table = tp.Catalog.from_frame(frame).to_frame().set_index("id")
    assert table["target_kind"].tolist() == ["annual", "cumulative", "index", "annual"]
    assert table["target_baseline"].tolist() == [0.0, 40.0, 2.5, 0.0]
    assert table["target_decimals"].tolist() == [0, 1, 2, 0]  # titik and layanan count things; % and km do not
    assert tp.Catalog.from_frame(frame)["b"].target_kind is tp.TargetKind.CUMULATIVE


def test_unknown_kind_of_target_names_the_words_it_takes() -> None:
    rows = [{"id": "A", "priority": 1, "cost_2024": G, "target_kind": "sometimes"}]
    with pytest.raises(
        tp.CatalogValidationError, match=r"unknown kind of target .*'sometimes'.*'cumulative' \(kumulatif\)"
    ):
        make_catalog(rows)


def test_rising_percentages_without_a_kind_look_cumulative() -> None:
    rows = [
        {"id": "P", "priority": 1, "unit": "%", "cost_2024": G, "cost_2025": G, "target_2024": 55, "target_2025": 100}
    ]
    with pytest.warns(
        tp.TargetKindWarning, match=r"P \(unit '%', targets 55 to 100\) looks cumulative.*set target_kind"
    ):
        make_catalog(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once, the kind is known: no warning
        make_catalog([{**rows[0], "target_kind": "annual"}])
        make_catalog([{**rows[0], "unit": "titik"}])  # a count may well rise year after year


# ============================================================================ the plan
def test_planned_targets_follow_the_kind(half: tp.Plan) -> None:
    assert half.levels.round(9).to_numpy().tolist() == [[0.5, 0.5]] * 3
    targets = half.targets
    assert targets.loc["C"].tolist() == pytest.approx([20 + 0.5 * 35, 20 + 0.5 * 35 + 0.5 * 45])  # 37.5, 60
    assert targets.loc["I"].tolist() == pytest.approx([25 + 0.5 * 3, 25 + 0.5 * 7])  # 26.5, 28.5
    assert targets.loc["A"].tolist() == pytest.approx([5, 5])


def test_full_scope_cumulative_and_index_targets_are_the_catalogues() -> None:
    plan = tp.optimize(make_catalog(ROWS), tp.Budget(ceilings={2024: 6 * G, 2025: 6 * G}), mip_gap=0).check()
    assert plan.targets.loc["C"].tolist() == [55.0, 100.0] and plan.targets.loc["I"].tolist() == [28.0, 32.0]


def test_a_blank_cumulative_target_keeps_the_level_reached() -> None:
    rows = [{**ROWS[0], "mode": "whole", "cost_2026": G, "target_2025": np.nan, "target_2026": 100}]
    plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings={y: 3 * G for y in (2024, 2025, 2026)}), mip_gap=0)
    assert plan.check().targets.loc["C"].tolist() == [55.0, 55.0, 100.0]


def test_flexible_years_weigh_by_what_a_cumulative_target_adds() -> None:
    # a flexible cumulative programme from 20 %: 2024 adds 35 points, 2025 adds 45 (weights 35/80, 45/80); money
    # for all of 2024 and none of 2025 delivers 0.4375 of the scope, worth 0.4375 x priority 8
    row = {**ROWS[0], "mode": "flexible", "priority": 8}
    plan = tp.optimize(make_catalog([row]), tp.Budget(ceilings={2024: 2 * G, 2025: 0.0}), mip_gap=0).check()
    assert plan.levels.loc["C"].tolist() == [1.0, 0.0]
    assert plan.selection.at["C", "level"] == pytest.approx(35 / 80)
    assert plan.total_value == pytest.approx(8 * 35 / 80)
    assert plan.targets.loc["C"].tolist() == [55.0, 55.0] or plan.targets.loc["C"].tolist() == [55.0, 0.0]


def test_flexible_index_years_weigh_by_their_cost() -> None:
    row = {**ROWS[1], "mode": "flexible", "cost_2024": 3 * G, "cost_2025": 1 * G}
    plan = tp.optimize(make_catalog([row]), tp.Budget(ceilings={2024: 3 * G, 2025: 0.0}), mip_gap=0).check()
    assert plan.selection.at["I", "level"] == pytest.approx(0.75)


def test_the_check_recomputes_targets_by_kind(half: tp.Plan) -> None:
    import dataclasses

    wrong = half.targets.copy()
    wrong.loc["C", 2025] = 0.5 * 100  # what an annual reading of the cumulative target would give
    with pytest.raises(tp.CheckFailedError, match=r"C target in 2025 is 50, expected 60"):
        dataclasses.replace(half, targets=wrong).check()


# ============================================================================ progress
REALISED = pd.DataFrame(
    {
        "id": ["C", "C", "I", "A", "A"],
        "year": [2024, 2025, 2024, 2024, 2025],
        "spent": [G, G, G, G, G],
        # C: the level reached by each year's end; I: the value measured; A: that year's output
        "achieved": [30.0, 57.0, 27.0, 4.0, 5.0],
    }
)


def test_progress_reads_achieved_by_kind(half: tp.Plan) -> None:
    report = half.progress(REALISED)
    yearly = report.yearly.set_index(["id", "year"])
    assert yearly.at[("C", 2024), "achievement"] == pytest.approx(30 / 37.5)
    assert yearly.at[("C", 2025), "achievement"] == pytest.approx(57 / 60)
    assert yearly.at[("I", 2024), "achievement"] == pytest.approx(27 / 26.5)
    assert yearly.at[("A", 2025), "achievement"] == pytest.approx(5 / 5)
    prog = report.programmes
    # cumulative: the latest value against that year's target, and against the final one
    assert (prog.at["C", "planned_target"], prog.at["C", "achieved"]) == (pytest.approx(60), 57.0)
    assert prog.at["C", "achievement"] == pytest.approx(57 / 60)
    assert prog.at["C", "final_target"] == pytest.approx(60) and prog.at["C", "achievement_final"] == pytest.approx(
        0.95
    )
    # index: the latest value reported (2024) against that year's target
    assert (prog.at["I", "planned_target"], prog.at["I", "achieved"]) == (pytest.approx(26.5), 27.0)
    assert prog.at["I", "final_target"] == pytest.approx(28.5)
    # annual: sums to date
    assert (prog.at["A", "planned_target"], prog.at["A", "achieved"]) == (pytest.approx(10), 9.0)
    assert prog.at["A", "achievement"] == pytest.approx(0.9) and prog.at["A", "final_target"] == pytest.approx(10)
    assert prog.loc[["C", "I", "A"], "status"].tolist() == ["on", "on", "on"]


def test_progress_to_date_counts_only_the_years_asked_for(half: tp.Plan) -> None:
    prog = half.progress(REALISED, as_of=2024).programmes
    assert prog.at["C", "achievement"] == pytest.approx(30 / 37.5)  # 80 %: behind
    assert prog.at["C", "status"] == "behind"
    assert prog.at["A", "achievement"] == pytest.approx(4 / 5)


# ============================================================================ re-plan
WHOLE = [
    {
        "id": "C",
        "priority": 10,
        "unit": "%",
        "target_kind": "cumulative",
        "target_baseline": 20,
        "cost_2024": 2 * G,
        "cost_2025": 2 * G,
        "cost_2026": 2 * G,
        "target_2024": 40,
        "target_2025": 70,
        "target_2026": 100,
    },
    {
        "id": "I",
        "priority": 5,
        "mode": "flexible",
        "unit": "indeks",
        "target_kind": "index",
        "target_baseline": 2,
        "cost_2024": G,
        "cost_2025": G,
        "cost_2026": G,
        "target_2024": 2.5,
        "target_2025": 3.0,
        "target_2026": 3.5,
    },
    {
        "id": "A",
        "priority": 5,
        "mode": "scalable",
        "unit": "orang",
        "cost_2024": G,
        "cost_2025": G,
        "cost_2026": G,
        "target_2024": 100,
        "target_2025": 100,
        "target_2026": 100,
    },
]
WHOLE_BUDGET = tp.Budget(ceilings={2024: 4 * G, 2025: 4 * G, 2026: 4 * G})


@pytest.fixture(scope="module")
def approved() -> tp.Plan:
    return tp.optimize(make_catalog(WHOLE), WHOLE_BUDGET, mip_gap=0).check()


def test_replan_carries_a_cumulative_programme_from_the_level_reached(approved: tp.Plan) -> None:
    real = pd.DataFrame(
        {"id": ["C", "I", "A"], "year": [2024] * 3, "spent": [2 * G, G, G], "achieved": [35.0, 2.4, 90.0]}
    )
    again = tp.replan(approved, real, from_year=2025, mip_gap=0).check()
    carried = again.carried
    assert carried.at["C", "state"] == "started"
    assert (carried.at["C", "planned_target"], carried.at["C", "achieved"]) == (100.0, 35.0)  # final target, level
    assert carried.at["C", "remaining_target"] == pytest.approx(65.0)  # 100 - 35, not 210 - 35
    assert carried.at["C", "remaining_cost"] == pytest.approx(4 * G)
    assert carried.at["C", "remaining_share"] == pytest.approx(65 / 80)
    row = again.plan.catalog["C"]
    assert row.target_kind is tp.TargetKind.CUMULATIVE and row.target_baseline == 35.0
    assert row.targets == {2025: 70.0, 2026: 100.0}  # the plan's levels, from the level reached
    assert again.plan.targets.loc["C"].tolist() == [70.0, 100.0]
    # an index keeps its targets; an annual programme carries what is left of its total
    assert again.plan.catalog["I"].targets == {2025: 3.0, 2026: 3.5}
    assert carried.at["A", "planned_target"] == pytest.approx(300.0)
    assert carried.at["A", "remaining_target"] == pytest.approx(210.0)
    assert again.plan.catalog["A"].targets == pytest.approx({2025: 105.0, 2026: 105.0})


def test_a_cumulative_target_reached_early_needs_no_more_target_or_money(approved: tp.Plan) -> None:
    real = pd.DataFrame({"id": ["C"], "year": [2024], "spent": [2 * G], "achieved": [100.0]})
    again = tp.replan(approved, real, from_year=2025, mip_gap=0).check()
    assert again.carried.at["C", "state"] == "finished"
    assert again.carried.at["C", "remaining_cost"] == 0.0 and again.carried.at["C", "remaining_target"] == 0.0
    assert "C" not in again.plan.catalog and again.costs.loc["C", [2025, 2026]].sum() == 0.0
    assert again.changes.loc["C", "change"] == "dropped" and again.changes.loc["C", "state"] == "finished"
    # a contract that must be completed: the analyst says so
    kept = tp.replan(approved, real, from_year=2025, finish_schedule=["C"], mip_gap=0).check()
    assert kept.carried.at["C", "state"] == "started"
    assert kept.plan.costs.loc["C"].sum() == pytest.approx(4 * G)
    assert kept.plan.targets.loc["C"].tolist() == [100.0, 100.0]
    with pytest.raises(tp.ArgumentError, match="finish_schedule names ids that are not in the catalogue: X"):
        tp.replan(approved, real, from_year=2025, finish_schedule=["X"])


def test_replan_names_every_change_with_its_money(approved: tp.Plan) -> None:
    # A spent more than planned in 2024; a smaller budget from 2025 leaves room for C only
    real = pd.DataFrame({"id": ["C", "A"], "year": [2024, 2024], "spent": [2 * G, 1.5 * G], "achieved": [40.0, 100.0]})
    small = tp.Budget(ceilings={2024: 4 * G, 2025: 2 * G, 2026: 2 * G})
    again = tp.replan(approved, real, from_year=2025, budget=small, continue_started=False, mip_gap=0).check()
    changes = again.changes
    assert set(changes["change"]) <= {"dropped", "added", "rescheduled", "resized"}
    dropped = changes[changes["change"] == "dropped"]
    assert set(dropped.index) == {"I", "A"}
    assert dropped.at["I", "cost_before"] == pytest.approx(2 * G) and dropped.at["I", "cost_after"] == 0.0
    assert changes.at["A", "start_before"] == 2024  # already running: its real start, not missing
    assert again.outside_plan.loc[("A", 2024)].to_dict() == {
        "planned": pytest.approx(G),
        "spent": pytest.approx(1.5 * G),
        "excess": pytest.approx(0.5 * G),
        "reason": "over_plan",
    }
    text = again.summary_text("en")
    assert "Changes from the approved plan:" in text
    assert "Dropped: " in text and "I (IDR 2 bn)" in text
    assert "Spending outside the plan: A 2024 (IDR 500 m above the plan)." in text
    indonesian = again.summary_text("id")
    assert "Dihentikan: " in indonesian and "A 2024 (Rp 500 jt di atas rencana)" in indonesian


# ============================================================================ the sample
@pytest.fixture(scope="module")
def sample_cycle(bogor: tp.Example, bogor_plan: tp.Plan) -> tuple[tp.ProgressReport, tp.Replan]:
    real = bogor.folder / "realisation.csv"
    return bogor_plan.progress(real), tp.replan(bogor_plan, real, from_year=2024, mip_gap=1e-4)


def test_sample_command_centre_phase_two_is_finished_in_2023(sample_cycle: tuple) -> None:
    progress, again = sample_cycle
    assert progress.programmes.at["GOV-04", "target_kind"] == "cumulative"
    assert progress.programmes.at["GOV-04", "planned_target"] == 100.0  # not 155
    assert again.carried.at["GOV-04", "state"] == "finished"
    assert again.costs.loc["GOV-04", [2024, 2025, 2026, 2027]].sum() == 0.0  # no 2024 target or money
    assert again.carried.at["GOV-13", "planned_target"] == 95.0  # the final target, not 525
    assert again.carried.at["GOV-13", "remaining_target"] == pytest.approx(95.0 - 82.0)


def test_sample_spending_outside_the_plan_and_running_programmes_starts(
    sample_cycle: tuple, bogor_plan: tp.Plan
) -> None:
    _, again = sample_cycle
    not_planned = again.outside_plan[again.outside_plan["reason"] == "not_planned"]
    for pid in not_planned.index.get_level_values("id"):
        assert not bogor_plan.selection.at[pid, "runs"] or bogor_plan.costs.loc[pid].sum() > 0
    started = again.changes[again.changes["state"] == "started"]
    for pid, row in started.iterrows():
        if row["change"] != "added":
            assert row["start_before"] == bogor_plan.selection.at[pid, "start_year"]


def test_no_cumulative_or_index_target_in_the_sample_exceeds_its_largest_catalogue_target(
    bogor: tp.Example, bogor_plan: tp.Plan, sample_cycle: tuple
) -> None:
    progress, again = sample_cycle
    catalog = bogor.catalog
    kinds = pd.Series([str(k) for k in catalog.values("target_kind")], index=catalog.ids)
    largest = pd.Series(np.nanmax(catalog.target_matrix(), axis=1), index=catalog.ids)
    levels = kinds[kinds != "annual"].index
    assert len(levels) > 20
    tables = {
        "plan": bogor_plan.targets,
        "replan": again.targets,
        "new plan": again.plan.targets,
        "progress": progress.yearly.pivot(index="id", columns="year", values="planned_target"),
    }
    for name, table in tables.items():
        shown = table.reindex(levels).dropna(how="all")
        excess = shown.max(axis=1) - largest.reindex(shown.index)
        assert (excess <= 1e-9).all(), (name, excess[excess > 1e-9].to_dict())
    assert progress.programmes.loc[levels, "final_target"].le(largest[levels] + 1e-9).all()


# ============================================================================ numbers people can copy
def test_targets_are_shown_with_their_programmes_decimals(bogor: tp.Example, bogor_plan: tp.Plan) -> None:
    decimals = bogor.catalog.to_frame().set_index("id")["target_decimals"].to_dict()
    assert (decimals["GOV-02"], decimals["GOV-13"]) == (0, 1)  # a count of services; a percentage
    table = pd.DataFrame({"planned_target": [14.0, 80.0]}, index=pd.Index(["GOV-02", "GOV-13"], name="id"))
    assert tp.text.show_table(table, "id", decimals).iloc[:, 0].tolist() == ["14", "80,0"]
    progress = bogor_plan.progress(bogor.folder / "realisation.csv")
    html = progress._repr_html_()
    assert "2.840,07" not in html and "1146,18" not in html  # annual Wi-Fi RW targets as whole numbers


def test_workbook_targets_and_money_are_rounded_for_people(half: tp.Plan, tmp_path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    catalog = make_catalog([{**ROWS[2], "target_2024": 8.4, "target_2025": 16.51}])
    plan = tp.optimize(catalog, tp.Budget(ceilings={2024: 1.3333333 * G, 2025: 2 * G}), mip_gap=0)
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "plan.xlsx", lang="en", money_unit="Rp"))
    targets = book["targets"]
    level = plan.selection.at["A", "level"]  # scalable: one level for both years, two thirds
    assert level == pytest.approx(2 / 3, rel=1e-6)
    assert [c.value for c in targets[2]][3:] == [round(8.4 * level), round(16.51 * level)]  # 6 and 11 orang
    assert targets.cell(row=2, column=4).number_format == "#,##0"
    costs = book["costs"]
    assert all(float(c.value).is_integer() for c in costs[2][2:]), [c.value for c in costs[2]]
    assert math.isclose(costs.cell(row=2, column=3).value, round(plan.costs.at["A", 2024]))
