"""Every rule has a price, every left-out programme its real reason, every rupiah left unspent its cause.

The price of each rule (``report.rules``) is checked against an independent solve of the
inputs with that rule taken out of them, on hand-made cases with known answers and on
random catalogues carrying every kind of rule; ``why`` is checked for each kind of
reason on a small case where the reason is known; ``unspent`` on a case where the
commitment cap leaves money unused; and the sample, with the README policy, shows the
commitment cap, its price and the 2024 money it holds back.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

import targetplan as tp
from helpers import make_catalog

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

G = 1e9


def solve(rows: list[dict], ceilings: dict[int, float], policy: tp.Policy | None = None, **budget: Any) -> tp.Plan:
    return tp.optimize(make_catalog(rows), tp.Budget(ceilings=ceilings, **budget), policy=policy, mip_gap=0)


def without(plan: tp.Plan, key: str) -> tuple[tp.Catalog, tp.Budget, tp.Policy]:
    """The plan's inputs with one rule taken out of them (independently of how the model holds it)."""
    catalog, budget, policy = plan.catalog, plan.budget, plan.policy
    kind, _, what = key.partition(":")
    if kind == "ceiling":
        budget = budget.model_copy(update={"ceilings": {**budget.ceilings, int(what): 1e15}})
    elif kind == "reserve":
        budget = budget.model_copy(update={"reserve": 0.0})
    elif kind in ("group_cap", "group_floor"):
        limits = list(budget.limits)
        field = "cap" if kind == "group_cap" else "floor"
        limits[int(what)] = limits[int(what)].model_copy(update={field: None})
        limits = [lim for lim in limits if lim.cap is not None or lim.floor is not None]
        budget = budget.model_copy(update={"limits": limits})
    elif kind == "source_ceiling":
        budget = budget.model_copy(
            update={"source_ceilings": {s: c for s, c in budget.source_ceilings.items() if s != what}}
        )
    elif kind == "count_cap":
        caps = [c for i, c in enumerate(policy.count_caps) if i != int(what)]
        policy = policy.model_copy(update={"count_caps": caps})
    elif kind == "continuity":
        policy = policy.model_copy(update={"continuity_floor": 0.0})
    elif kind == "commitment":
        policy = policy.model_copy(update={"commitment_cap": None})
    elif kind == "mandatory":
        catalog = catalog.replace(mandatory={what: False})
    elif kind == "excluded":
        catalog = catalog.replace(excluded={what: False})
    elif kind == "required_group":
        members = [p for p in catalog.ids if catalog[p].exclusive_group == what]
        catalog = catalog.replace(group_required=dict.fromkeys(members, False))
    elif kind == "requires":
        catalog = catalog.replace(requires={what: ""})
    else:
        raise AssertionError(key)
    return catalog, budget, policy


def assert_prices_match_independent_solves(plan: tp.Plan) -> pd.DataFrame:
    rules = plan.efficiency(baselines=False, marginal=False, lang="en").rules
    assert rules is not None
    for key, row in rules.iterrows():
        if row["rule_kind"] == "earmark":
            assert not row["binds"] and row["price"] == 0.0
            continue
        free = tp.optimize(*without(plan, str(key)), mip_gap=0, tie_break=False)
        gain = free.total_value - plan.total_value
        assert row["price"] == pytest.approx(max(gain, 0.0), abs=1e-6), (key, gain)
        assert bool(row["binds"]) == (gain > 1e-6), (key, gain)
    return rules


# ============================================================================ hand-made prices
def test_a_count_cap_of_one_new_start_costs_the_second_programme() -> None:
    # A (6, 3G) and B (5, 3G) of one agency; ceiling 10G; at most 1 new start per agency: A alone.
    # Without the cap both run: the cap costs 5.
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 3 * G, "agency": "Diskominfo"},
        {"id": "B", "priority": 5, "cost_2024": 3 * G, "agency": "Diskominfo"},
    ]
    plan = solve(rows, {2024: 10 * G}, tp.Policy(count_caps=[tp.CountCap(group_by="agency", max_new=1)]))
    rules = assert_prices_match_independent_solves(plan)
    cap = rules.loc["count_cap:0"]
    assert (cap["binds"], cap["price"], cap["enter_without"], cap["tight_years"]) == (True, 5.0, "B", "2024")
    assert cap["extra_spend_years"] == {2024: 3 * G}
    assert cap["description"] == "the count cap: at most 1 new start a year for each agency"
    ceiling = rules.loc["ceiling:2024"]
    assert not ceiling["binds"] and ceiling["price"] == 0.0 and ceiling["tight_years"] == ""


def test_the_commitment_cap_prices_and_holds_back_the_year_before_the_new_term() -> None:
    # Terms 2024 and 2025-2026; programmes started in 2024 may take at most 30 % of each later ceiling
    # (3G of 10G). L (8; 2G, 5G, 5G) started in 2024 would need 5G later: it cannot start. S (2; 1G)
    # runs. 2024 leaves 9G of 10G unused. Without the cap L runs too: the cap costs 8.
    rows = [
        {"id": "L", "priority": 8, "cost_2024": 2 * G, "cost_2025": 5 * G, "cost_2026": 5 * G, "latest_start": 2024},
        {"id": "S", "priority": 2, "cost_2024": 1 * G},
    ]
    policy = tp.Policy(terms=[tp.Term("T1", 2024, 2024), tp.Term("T2", 2025, 2026)], commitment_cap=0.3)
    plan = solve(rows, dict.fromkeys((2024, 2025, 2026), 10 * G), policy)
    assert plan.selected_ids == ["S"]
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    rules = assert_prices_match_independent_solves(plan)
    commitment = rules.loc["commitment:2025"]
    assert commitment["price"] == pytest.approx(8.0) and commitment["enter_without"] == "L"
    assert commitment["description"] == "the 30% commitment cap on the term from 2025"
    assert commitment["extra_spend_years"] == pytest.approx({2024: 2 * G, 2025: 5 * G, 2026: 5 * G})
    unspent = report.unspent
    assert unspent is not None
    assert list(unspent.index) == [2024, 2025, 2026]
    assert unspent.at[2024, "unallocated"] == pytest.approx(9 * G)
    assert unspent.at[2024, "causes"] == "commitment:2025"
    assert unspent.at[2024, "fill"] == pytest.approx(2 * G)
    assert unspent.at[2024, "sentence"] == (
        "2024: IDR 9 bn (90%) of the ceiling unused; what holds spending back: "
        "the 30% commitment cap on the term from 2025 (without it +IDR 2 bn)."
    )
    text = report.summary_text()
    assert (
        "The most expensive rules:\n  the 30% commitment cap on the term from 2025: 8.0 value points (400.0%)" in text
    )
    assert "without it IDR 5 bn more of 2025 would be used" in text
    assert report.summary()["costliest_rule"] == "commitment:2025"


def test_money_unspent_because_what_is_left_is_too_little() -> None:
    # Ceiling 10G: A (6, 7G) beats B + C (5 + 0.5, 7.5G); 3G stays unused, too little for B or C.
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 7 * G},
        {"id": "B", "priority": 5, "cost_2024": 4 * G},
        {"id": "C", "priority": 0.5, "cost_2024": 3.5 * G},
    ]
    plan = solve(rows, {2024: 10 * G})
    report = plan.efficiency(baselines=False, marginal=False, lang="id")
    unspent = report.unspent
    assert unspent is not None
    row = unspent.loc[2024]
    assert (row["causes"], row["fill"]) == ("ceiling:2024", 7.5 * G)  # without the ceiling B and C run too
    assert row["sentence"] == (
        "2024: Rp 3 M (30%) pagu tidak terpakai; yang menahan belanja: sisanya tidak cukup untuk B, C "
        "(tanpanya +Rp 7,5 M)."
    )


def test_unspent_with_no_programme_left_says_so() -> None:
    # A and C can only start in 2024, B only in 2025; 2025 has nothing else that could spend.
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 2 * G, "latest_start": 2024},
        {"id": "B", "priority": 5, "cost_2025": 3 * G, "earliest_start": 2025, "latest_start": 2025},
        {"id": "C", "priority": 4, "cost_2024": 9 * G, "latest_start": 2024},
    ]
    plan = solve(rows, {2024: 10 * G, 2025: 10 * G})
    assert sorted(plan.selected_ids) == ["A", "B"]
    unspent = plan.efficiency(baselines=False, marginal=False, lang="en").unspent
    assert unspent is not None
    assert unspent.at[2024, "causes"] == "ceiling:2024"  # without it C runs beside A
    assert unspent.at[2025, "causes"] == ""
    assert unspent.at[2025, "sentence"] == (
        "2025: IDR 7 bn (70%) of the ceiling unused; no programme left that could spend in that year."
    )


def test_reserve_mandatory_excluded_requires_and_required_group_have_their_prices() -> None:
    # Ceiling 10G with a 10 % reserve (9G). M mandatory (1, 2G); X excluded (9, 1G); R (4, 2G) requires
    # Q (1, 3G); P (3, 3G) and Q' (2, 1G) form a required exclusive group.
    rows = [
        {"id": "M", "priority": 1, "cost_2024": 2 * G, "mandatory": True},
        {"id": "X", "priority": 9, "cost_2024": 1 * G, "excluded": True},
        {"id": "R", "priority": 4, "cost_2024": 2 * G, "requires": "Q"},
        {"id": "Q", "priority": 1, "cost_2024": 3 * G},
        {"id": "P", "priority": 3, "cost_2024": 3 * G, "exclusive_group": "g", "group_required": True},
        {"id": "W", "priority": 2, "cost_2024": 1 * G, "exclusive_group": "g", "group_required": True},
        {"id": "F", "priority": 2.5, "cost_2024": 2 * G},
    ]
    plan = solve(rows, {2024: 10 * G}, reserve=0.1)
    rules = assert_prices_match_independent_solves(plan)
    assert set(rules["rule_kind"]) == {"ceiling", "reserve", "mandatory", "excluded", "required_group", "requires"}
    assert rules.at["excluded:X", "binds"] and rules.at["excluded:X", "enter_without"] == "X"


@pytest.mark.parametrize("seed", range(6))
def test_rule_prices_match_independent_solves_on_random_catalogues(seed: int) -> None:
    rng = np.random.default_rng(seed)
    years = (2024, 2025)
    rows = []
    for i in range(7):
        cost = np.round(rng.uniform(0.5, 4.0, size=2), 2) * G
        rows.append(
            {
                "id": f"P{i}",
                "priority": float(rng.integers(1, 10)),
                "mode": ["whole", "scalable", "flexible"][i % 3],
                "cost_2024": cost[0],
                "cost_2025": cost[1] if i % 2 == 0 else 0.0,
                "cost_2024_DAK": cost[0] / 2 if i in (1, 2) else 0.0,
                "cost_2024_PAD": cost[0] / 2 if i in (1, 2) else cost[0],
                "dimension": "gov" if i < 4 else "env",
                "agency": "A" if i % 2 else "B",
                "status": "continuing" if i in (0, 3, 5) else "new",
            }
        )
    rows[4]["requires"] = "P3"
    rows[5]["exclusive_group"] = rows[6]["exclusive_group"] = "alt"
    rows[5]["group_required"] = rows[6]["group_required"] = True
    rows[2]["mandatory"] = True
    rows[1]["excluded"] = bool(seed % 2)
    catalog = make_catalog(rows)
    total = catalog.cost_matrix().sum(axis=0)
    budget = tp.Budget(
        ceilings={y: float(t) * 0.55 for y, t in zip(years, total, strict=True)},
        limits=[
            tp.GroupLimit(group_by="dimension", group="gov", cap=float(total[0]) * 0.35, year=2024),
            tp.GroupLimit(group_by="dimension", group="env", floor=0.5 * G),
        ],
        source_ceilings={"DAK": {2024: 1 * G}},
    )
    policy = tp.Policy(count_caps=[tp.CountCap(group_by="agency", max_new=2)], continuity_floor=0.3)
    try:
        plan = tp.optimize(catalog, budget, policy, mip_gap=0)
    except tp.InfeasiblePlanError:
        pytest.skip("this draw has no plan")
    rules = assert_prices_match_independent_solves(plan)
    assert {"ceiling", "group_cap", "group_floor", "source_ceiling", "count_cap", "continuity"} <= set(
        rules["rule_kind"]
    )


def test_a_rule_that_can_never_bind_is_not_re_solved() -> None:
    # a cap of 100G on a 10G catalogue: no choice of programmes reaches it
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 5 * G, "dimension": "gov"},
        {"id": "B", "priority": 1, "cost_2024": 5 * G},
    ]
    plan = solve(rows, {2024: 6 * G}, limits=[tp.GroupLimit(group_by="dimension", group="gov", cap=100 * G)])
    rules = plan.efficiency(baselines=False, marginal=False).rules
    assert rules is not None
    assert not rules.at["group_cap:0", "resolved"] and rules.at["ceiling:2024", "resolved"]


# ============================================================================ why, with its real reasons
def test_why_names_the_count_cap_that_keeps_a_programme_out() -> None:
    # B can only start in 2024 and the agency may start one programme a year: A (more valuable) takes it.
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 3 * G, "agency": "Diskominfo"},
        {"id": "B", "priority": 5, "cost_2024": 3 * G, "agency": "Diskominfo", "latest_start": 2024},
    ]
    plan = solve(rows, {2024: 10 * G}, tp.Policy(count_caps=[tp.CountCap(group_by="agency", max_new=1)]))
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    row = report.explain(["B"]).loc["B"]
    assert row["kept_out_by"] == "count_cap:0"
    assert report.why("B").startswith(
        "B is left out. What keeps it out: the count cap: at most 1 new start a year for each agency "
        "(without it, B enters). Forcing it in would lose 1.00 of value."
    )


def test_why_names_the_count_cap_when_nothing_can_make_room() -> None:
    # both must start in 2024; A is mandatory: B cannot be forced in, and the message says which count and year
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 3 * G, "agency": "Diskominfo", "mandatory": True},
        {"id": "B", "priority": 5, "cost_2024": 3 * G, "agency": "Diskominfo", "latest_start": 2024},
    ]
    plan = solve(rows, {2024: 10 * G}, tp.Policy(count_caps=[tp.CountCap(group_by="agency", max_new=1)]))
    sentence = plan.efficiency(baselines=False, marginal=False, lang="en").why("B")
    assert "It cannot be forced in: the count cap: at most 1 new start a year for each agency " in sentence
    assert "(1 more needed in 2024 for agency Diskominfo)" in sentence
    indonesian = plan.efficiency(baselines=False, marginal=False, lang="id").why("B")
    assert "(perlu 1 lagi pada 2024 untuk perangkat daerah Diskominfo)" in indonesian


def test_why_names_the_alternative_a_programme_lost_to() -> None:
    rows = [
        {"id": "OWN", "priority": 6, "cost_2024": 5 * G, "exclusive_group": "DATA-CENTER"},
        {"id": "RENT", "priority": 5, "cost_2024": 2 * G, "exclusive_group": "DATA-CENTER"},
    ]
    plan = solve(rows, {2024: 10 * G})
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    assert report.explain(["RENT"]).at["RENT", "lost_to"] == "OWN"
    assert report.why("RENT").startswith(
        "RENT is left out. It lost to OWN in the exclusive group DATA-CENTER (only one may run). "
        "Forcing it in would lose 1.00 of value. It would enter if its priority rose by 1.00."
    )


def test_why_follows_a_requires_chain_to_what_is_missing() -> None:
    # C requires B, B requires A; A (1, 9G) does not fit beside the better D (5, 6G) in 10G.
    rows = [
        {"id": "A", "priority": 1, "cost_2024": 9 * G},
        {"id": "B", "priority": 1, "cost_2024": 0.5 * G, "requires": "A"},
        {"id": "C", "priority": 3, "cost_2024": 0.5 * G, "requires": "B"},
        {"id": "D", "priority": 5, "cost_2024": 6 * G},
    ]
    plan = solve(rows, {2024: 10 * G})
    assert plan.selected_ids == ["D"]
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    row = report.explain(["C"]).loc["C"]
    assert row["blocked_by"] == "C -> B -> A"
    assert "It requires B, which requires A; A is not in the plan." in row["sentence"]
    assert "Ia mensyaratkan B, yang mensyaratkan A; A tidak ada dalam rencana." in (
        plan.efficiency(baselines=False, marginal=False, lang="id").why("C")
    )


def test_forcing_in_and_the_priority_rise_speak_of_the_same_level() -> None:
    # Ceiling 8G: A (6, 5G) + C (4, 3G) = 10. S (scalable, priority 1, 4G) enters at priority 16/3 at
    # level 0.75 (dropping C frees 3G). Forcing S in at that level loses 4 - 0.75 = 3.25, which a rise of
    # 13/3 at level 0.75 (13/3 x 0.75 = 3.25) exactly makes up for.
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 5 * G},
        {"id": "C", "priority": 4, "cost_2024": 3 * G},
        {"id": "S", "priority": 1, "cost_2024": 4 * G, "mode": "scalable"},
    ]
    plan = solve(rows, {2024: 8 * G})
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    row = report.explain(["S"]).loc["S"]
    assert row["level_to_enter"] == pytest.approx(0.75)
    assert row["priority_rise_to_enter"] == pytest.approx(13 / 3, abs=1e-6)
    assert row["value_change"] == pytest.approx(-3.25, abs=1e-6)
    assert -row["value_change"] == pytest.approx(row["priority_rise_to_enter"] * row["level_to_enter"], abs=1e-6)
    sentence = report.why("S")
    assert "Forcing it in at level 75% would lose 3.25 of value." in sentence
    assert "its priority rose by 4.33 (it would then run at level 75%)" in sentence


def test_why_names_the_funding_source_that_would_have_to_grow() -> None:
    # B is paid by DAK, whose 2024 ceiling (1G) is already used by A; the total ceiling has room.
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 1 * G, "cost_2024_DAK": 1 * G},
        {"id": "B", "priority": 5, "cost_2024": 1 * G, "cost_2024_DAK": 1 * G},
    ]
    plan = solve(rows, {2024: 10 * G}, source_ceilings={"DAK": {2024: 1 * G}})
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    row = report.explain(["B"]).loc["B"]
    assert row["kept_out_by"] == "source_ceiling:DAK"
    assert row["extra_source"] == pytest.approx({"DAK 2024": 1 * G}) and row["extra_ceiling"] is None
    assert "the DAK 2024 source ceiling rose by IDR 1 bn" in row["sentence"]


# ============================================================================ no noise as findings
def test_no_source_line_when_no_source_binds_and_no_noise_in_the_tables() -> None:
    rows = [
        {"id": "A", "priority": 6, "cost_2024": 1 * G, "cost_2024_DAK": 0.5 * G, "cost_2024_PAD": 0.5 * G},
        {"id": "B", "priority": 5, "cost_2024": 1 * G, "cost_2024_DAK": 0.5 * G, "cost_2024_PAD": 0.5 * G},
    ]
    plan = solve(rows, {2024: 10 * G}, source_ceilings={"DAK": {2024: 5 * G}})
    report = plan.efficiency(baselines=False, lang="id")
    assert report.source_marginal is not None
    assert (report.source_marginal["value_gain"] == 0.0).all()
    assert (report.marginal["value_gain"] == 0.0).all()  # type: ignore[index]
    text = report.summary_text()
    assert "paling bernilai" not in text and "Aturan yang paling mahal" not in text
    assert not re.search(r"\de-\d", text)


# ============================================================================ the sample
@pytest.fixture(scope="module")
def sample_report(bogor: tp.Example) -> tp.EfficiencyReport:
    policy = tp.Policy(
        terms=[tp.Term("2021-2024", 2022, 2024), tp.Term("2025-2029", 2025, 2027)],
        continuity_floor=0.7,
        commitment_cap=0.4,
    )
    plan = tp.optimize(bogor.catalog, bogor.budget, policy=policy, mip_gap=1e-3)
    return plan.efficiency(baselines=False, marginal=False, lang="en")


def test_sample_rules_show_the_commitment_cap_and_its_price(sample_report: tp.EfficiencyReport) -> None:
    rules = sample_report.rules
    assert rules is not None
    commitment = rules.loc["commitment:2025"]
    assert commitment["binds"] and commitment["price"] > 10 * 1.8  # ten times the plan's own gap
    assert sample_report.costly_rules(1).index[0] == "commitment:2025"
    assert "the 40% commitment cap on the term from 2025: " in sample_report.summary_text()
    # every rule kind of the inputs is listed
    assert {"ceiling", "group_cap", "group_floor", "source_ceiling", "continuity", "commitment", "mandatory"} <= set(
        rules["rule_kind"]
    )


def test_sample_unspent_2024_is_explained_by_the_commitment_cap(sample_report: tp.EfficiencyReport) -> None:
    unspent = sample_report.unspent
    assert unspent is not None and 2024 in unspent.index
    assert unspent.at[2024, "unallocated_share"] > 0.2
    assert unspent.at[2024, "causes"].split("; ")[0] == "commitment:2025"
    assert "the 40% commitment cap on the term from 2025 (without it +IDR" in unspent.at[2024, "sentence"]


def test_rules_plot_workbook_and_view(sample_report: tp.EfficiencyReport, tmp_path) -> None:
    import matplotlib.pyplot as plt

    ax = sample_report.plot_rules()
    try:
        labels = [t.get_text() for t in ax.get_yticklabels()]
        binding = sample_report.rules[sample_report.rules["binds"]]  # type: ignore[index]
        assert len(labels) == len(binding)
        assert "commitment cap" in labels[-1]  # costliest on top
        ax.figure.savefig(tmp_path / "rules.png")
    finally:
        plt.close("all")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(sample_report.plan.to_excel(tmp_path / "plan.xlsx", efficiency=sample_report))
    assert {"efficiency_rules", "efficiency_unspent"} <= set(book.sheetnames)
    html = sample_report._repr_html_()
    assert "The price of every rule" in html and "Why money stays unspent" in html
    assert math.isfinite(float(sample_report.summary()["costliest_rule_price"]))


def test_every_report_has_a_plot(sample_report: tp.EfficiencyReport) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    try:
        ax = sample_report.plot()
        assert isinstance(ax, Axes) and len(ax.patches) > 0  # the stacked bars of spending
    finally:
        plt.close("all")
