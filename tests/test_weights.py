"""Weight ranges checked by brute force, the result object, its plot, and the reasons in criteria.

Brute force, independent of the search and of the model: for small capital-budgeting cases
every subset of programmes that fits the ceiling is listed, priorities are recomputed from
the scores for a fine grid of weights (others rescaled proportionally), and the best
subset is picked at each point. The range reported must keep the base selection at every
grid point inside it, and the selection just beyond each end must be the one reported.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import targetplan as tp

# messages are matched in English (the library's default language is Indonesian)
pytestmark = pytest.mark.usefixtures("english")

NAMES = ("dampak", "kesiapan", "jangkauan")


def _case(seed: int, n: int = 8):
    """A random one-year case: costs, 0-5 ratings on three criteria, weights, and a ceiling of ~45 % of the total."""
    rng = np.random.default_rng(seed)
    cost = rng.integers(10, 50, n) * 1e8
    ratings = rng.uniform(0, 5, (n, len(NAMES)))
    weights = rng.uniform(1, 5, len(NAMES))
    frame = pd.DataFrame({"id": [f"P{k}" for k in range(n)], "name": "p", "priority": 0.0, "cost_2024": cost})
    for k, name in enumerate(NAMES):
        frame[name] = ratings[:, k]
    criteria = tp.Criteria(
        [
            tp.Criterion(name, normalise="scale", scale=(0, 5), weight=float(w))
            for name, w in zip(NAMES, weights, strict=True)
        ]
    )
    ceiling = float(np.round(0.45 * cost.sum(), -8))
    return tp.Catalog.from_frame(frame), tp.Budget(ceilings={2024: ceiling}), criteria, cost, ratings / 5, weights


def _best_subsets(cost, ceiling, priorities):
    """Best subset (as a frozenset of positions) for each row of ``priorities``, by listing every subset."""
    n = len(cost)
    subsets = np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)
    fits = subsets[subsets @ cost <= ceiling + 1e-6]
    best = np.argmax(priorities @ fits.T, axis=1)
    return [frozenset(np.flatnonzero(fits[b])) for b in best]


def _priorities(scores, weights, k, t):
    """Priorities with criterion k at weight t and the others rescaled: 100 * (t s_k + (1 - t) * others)."""
    w = weights / weights.sum()
    others = np.delete(np.arange(len(w)), k)
    rest = scores[:, others] @ w[others] / w[others].sum()
    return 100 * (np.outer(t, scores[:, k]) + np.outer(1 - t, rest))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_weight_ranges_match_a_brute_force_grid(seed):
    catalog, budget, criteria, cost, scores, weights = _case(seed)
    ws = tp.weight_sensitivity(catalog, budget, criteria)
    assert ws.exact
    ids = list(catalog.ids)
    base = frozenset(ids.index(pid) for pid in ws.plan.selected_ids)
    grid = np.linspace(0, 1, 2001)
    for k, name in enumerate(NAMES):
        row = ws.ranges.loc[name]
        low, high = float(row["weight_low"]), float(row["weight_high"])
        assert low <= row["weight"] <= high
        chosen = _best_subsets(cost, budget.ceilings[2024], _priorities(scores, weights, k, grid))
        inside = (grid > low + 1e-3) & (grid < high - 1e-3)
        assert all(chosen[i] == base for i in np.flatnonzero(inside)), (name, low, high)
        for edge, side, step in ((high, "above", 1e-6), (low, "below", -1e-6)):
            if (side == "above" and edge >= 1) or (side == "below" and edge <= 0):
                assert row[f"enter_{side}"] == row[f"leave_{side}"] == ""
                continue
            beyond = _best_subsets(
                cost, budget.ceilings[2024], _priorities(scores, weights, k, np.array([edge + step]))
            )[0]
            assert beyond != base, (name, side, edge)
            assert row[f"enter_{side}"] == "; ".join(ids[i] for i in sorted(beyond - base))
            assert row[f"leave_{side}"] == "; ".join(ids[i] for i in sorted(base - beyond))


def test_a_hand_made_case():
    # A scores (dampak 1, kesiapan 0), B (0.5, 0.5), C (0, 1); costs 4, 3, 3 under a ceiling of 6.
    # With dampak at weight t: {B, C} is worth 50 + 100 (1 - t), {A} 100 t: they cross at t = 0.75.
    catalog = tp.Catalog.from_frame(
        pd.DataFrame(
            {
                "id": ["A", "B", "C"],
                "name": ["a", "b", "c"],
                "priority": 0,
                "cost_2024": [4e9, 3e9, 3e9],
                "dampak": [5, 3, 1],
                "kesiapan": [1, 3, 5],
            }
        )
    )
    crit = tp.Criteria(
        [tp.Criterion(n, normalise="scale", scale=(1, 5), weight=1) for n in ("dampak", "kesiapan")],
    )
    ws = tp.weight_sensitivity(catalog, tp.Budget(ceilings={2024: 6e9}), crit)
    assert ws.ranges.loc["dampak", ["weight_low", "weight_high"]].tolist() == pytest.approx([0.0, 0.75])
    assert ws.ranges.loc["kesiapan", ["weight_low", "weight_high"]].tolist() == pytest.approx([0.25, 1.0])
    assert ws.ranges.loc["kesiapan", "enter_below"] == "A"
    assert ws.ranges.loc["kesiapan", "leave_below"] == "B; C"
    assert ws.most_sensitive in ("dampak", "kesiapan")


def test_ranges_with_flexible_and_scalable_programmes_match_resolving_on_a_grid():
    # two years, a carry-over with a bonus, one scalable and one flexible programme: re-solved with optimize
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E"],
            "name": "p",
            "priority": 0,
            "status": ["continuing", "new", "new", "new", "new"],
            "mode": ["whole", "scalable", "flexible", "whole", "whole"],
            "cost_2024": [3e9, 2e9, 1e9, 2.5e9, 1.5e9],
            "cost_2025": [1e9, 2e9, 1e9, 0, 1.5e9],
            "dampak": [4, 2, 5, 1, 3],
            "risiko": [2, 4, 1, 5, 3],
        }
    )
    catalog = tp.Catalog.from_frame(frame)
    budget = tp.Budget(ceilings={2024: 5e9, 2025: 3e9})
    policy = tp.Policy(carryover_bonus=0.2)
    crit = tp.Criteria(
        [
            tp.Criterion("dampak", normalise="scale", scale=(1, 5), weight=2),
            tp.Criterion("risiko", direction="lower", normalise="scale", scale=(1, 5), weight=1),
        ]
    )
    ws = tp.weight_sensitivity(catalog, budget, crit, policy=policy)
    base = set(ws.plan.selected_ids)
    for name in ("dampak", "risiko"):
        row = ws.ranges.loc[name]
        a, b = crit.priority_line(crit.node_scores(catalog), name)
        scored = tp.score(catalog, crit)
        for t in np.linspace(0, 1, 41):
            plan = tp.optimize(scored.replace(priority=np.maximum(a + t * b, 0)), budget, policy, mip_gap=1e-9)
            inside = row["weight_low"] + 1e-3 < t < row["weight_high"] - 1e-3
            outside = t < row["weight_low"] - 1e-3 or t > row["weight_high"] + 1e-3
            if inside:
                assert set(plan.selected_ids) == base, (name, t)
            elif outside:
                assert set(plan.selected_ids) != base, (name, t)


def test_a_hierarchy_moves_a_whole_group_or_one_member():
    frame = pd.DataFrame(
        {"id": list("ABCD"), "name": "p", "priority": 0, "cost_2024": [3e9, 3e9, 2e9, 2e9], "x1": [5, 0, 3, 1],
         "x2": [0, 5, 1, 3], "y1": [2, 2, 5, 0]}
    )  # fmt: skip
    crit = tp.Criteria(
        [
            tp.Criterion("x", weight=2, children=(tp.Criterion("x1", normalise="scale", scale=(0, 5)),
                                                  tp.Criterion("x2", normalise="scale", scale=(0, 5)))),
            tp.Criterion("y", weight=1, children=(tp.Criterion("y1", normalise="scale", scale=(0, 5)),)),
        ]
    )  # fmt: skip
    ws = tp.weight_sensitivity(tp.Catalog.from_frame(frame), tp.Budget(ceilings={2024: 5e9}), crit)
    assert list(ws.ranges.index) == ["x", "x1", "x2", "y"]  # y1 is alone in its group: nothing to move
    assert ws.ranges.loc["x1", "group"] == "x" and ws.ranges.loc["x", "weight"] == pytest.approx(2 / 3)
    only = tp.weight_sensitivity(tp.Catalog.from_frame(frame), tp.Budget(ceilings={2024: 5e9}), crit, names=["x1"])
    assert list(only.ranges.index) == ["x1"]
    assert only.ranges.loc["x1"].equals(ws.ranges.loc["x1"])


def test_a_continuity_floor_makes_the_ranges_checked_only_where_solved():
    catalog, budget, criteria, *_ = _case(7)
    catalog = catalog.replace(status=["continuing"] * 3 + ["new"] * 5)
    ws = tp.weight_sensitivity(catalog, budget, criteria, policy=tp.Policy(continuity_floor=0.3))
    assert not ws.exact
    assert "continuity floor" in ws.message and ws.message in ws.summary_text("en")


def test_result_summary_text_html_and_plot():
    catalog, budget, criteria, *_ = _case(3)
    criteria = tp.Criteria(
        [c.model_copy(update={"label": f"<{c.name}>", "label_en": c.name.upper()}) for c in criteria.criteria]
    )
    ws = tp.weight_sensitivity(catalog, budget, criteria)
    summary = ws.summary()
    assert summary["criteria"] == 3 and summary["most_sensitive"] == ws.most_sensitive
    assert summary["solves"] == ws.solves >= 1
    assert ws.to_frame().equals(ws.ranges) and ws.to_frame() is not ws.ranges
    text_id, text_en = ws.summary_text("id"), ws.summary_text("en")
    assert text_id.startswith("Kepekaan rencana terhadap bobot kriteria") and "pilihan sama dari" in text_id
    assert "the other weights rescale proportionally" in text_en and "DAMPAK" in text_en
    html = ws._repr_html_()
    assert "&lt;dampak&gt;" in html and "<dampak>" not in html
    assert repr(ws).startswith("WeightSensitivity(3 criteria")
    ax = ws.plot(lang="en")
    assert ax.get_title() == "Weight ranges that keep the chosen programmes"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        criteria.find(n).text("en") for n in ws.width.sort_values(ascending=False, kind="stable").index
    ]
    assert ws.plot(lang="id").get_xlabel().startswith("Bobot kriteria")
    plt.close("all")


def test_wrong_arguments():
    catalog, budget, criteria, *_ = _case(1)
    with pytest.raises(tp.ArgumentError, match=r"unknown option.*tie_break"):
        tp.weight_sensitivity(catalog, budget, criteria, tie_break=False)
    with pytest.raises(tp.ArgumentError, match="no criterion 'dampk'"):
        tp.weight_sensitivity(catalog, budget, criteria, names=["dampk"])
    with pytest.raises(TypeError, match="budget must be a Budget"):
        tp.weight_sensitivity(catalog, {2024: 1e9}, criteria)
    with pytest.raises(TypeError, match="catalog must be a Catalog"):
        tp.weight_sensitivity(catalog.to_frame(), budget, criteria)
    with pytest.raises(TypeError, match="policy must be a Policy"):
        tp.weight_sensitivity(catalog, budget, criteria, policy={})


def _reason_plan():
    frame = pd.DataFrame(
        {
            "id": ["G1", "G2", "G3", "E1"],
            "name": "p",
            "priority": 0,
            "dimension": ["governance", "governance", "governance", "economy"],
            "cost_2024": [2e9, 2e9, 2e9, 1e9],
            "keamanan_siber": [5, 4, 1, 3],
            "dampak": [3, 4, 4, 2],
        }
    )
    crit = tp.Criteria(
        [
            tp.Criterion("keamanan_siber", label="Keamanan Siber", label_en="Cyber security", weight=3),
            tp.Criterion("dampak", weight=1),
        ]
    )
    return tp.optimize(tp.score(tp.Catalog.from_frame(frame), crit), tp.Budget(ceilings={2024: 5e9})), crit


def test_criteria_table_lists_chosen_then_left_out_with_points_adding_up():
    plan, _ = _reason_plan()
    table = tp.criteria_table(plan)
    assert list(table.index) == ["G1", "G2", "E1", "G3"]
    assert table["runs"].tolist() == [True, True, True, False]
    assert np.allclose(table[["points_keamanan_siber", "points_dampak"]].sum(axis=1), table["priority"])
    with pytest.raises(tp.ArgumentError, match="no score breakdown"):
        tp.criteria_table(tp.optimize(tp.Catalog.from_frame(pd.DataFrame({"id": ["A"], "name": ["a"], "priority": [1],
                                                                           "cost_2024": [1e9]})),
                                      tp.Budget(ceilings={2024: 1e9})))  # fmt: skip


def test_criteria_reason_says_which_criterion_and_group():
    plan, crit = _reason_plan()
    assert tp.criteria_reason(plan, "G3", "id", criteria=crit) == (
        "skornya pada Keamanan Siber paling rendah di kelompoknya (governance)"
    )
    assert tp.criteria_reason(plan, "G3", "en", criteria=crit) == (
        "its score on Cyber security is the lowest of its group (governance)"
    )
    assert tp.criteria_reason(plan, "G3", "en") == "its score on keamanan siber is the lowest of its group (governance)"
    assert tp.criteria_reason(plan, "G1", "en", criteria=crit) == (
        "its score on Cyber security is the highest of its group (governance)"
    )
    # E1 is alone in economy: compared with every programme, above the average on neither
    assert tp.criteria_reason(plan, "E1", "en") == ""
    # G2 is chosen: keamanan siber 0.75 against the governance average (1 + 0.75 + 0) / 3 = 0.58
    assert tp.criteria_reason(plan, "G2", "en") == (
        "its score on keamanan siber (0.75) is above its group's average (governance: 0.58)"
    )
    assert tp.criteria_reason(plan, "G2", "id", criteria=crit) == (
        "skornya pada Keamanan Siber (0,75) di atas rata-rata kelompoknya (governance: 0,58)"
    )
    # grouped by a blank column: compared with every programme, (1 + 0.75 + 0 + 0.5) / 4 = 0.56
    assert tp.criteria_reason(plan, "G2", "en", group_by="agency") == (
        "its score on keamanan siber (0.75) is above its group's average (0.56)"
    )
    risky = tp.Criteria(
        [tp.Criterion("keamanan_siber", label="Risiko siber", direction="lower", weight=3), crit.criteria[1]]
    )
    assert tp.criteria_reason(plan, "G3", "id", criteria=risky) == (
        "Risiko siber program ini paling buruk di kelompoknya (governance)"
    )
    assert tp.criteria_reason(plan, "G3", "en", criteria=risky) == (
        "it is the worst of its group on Risiko siber (governance)"
    )
    with pytest.raises(tp.ArgumentError, match="no programme 'X1'"):
        tp.criteria_reason(plan, "X1")


def test_criteria_reason_without_a_breakdown_is_empty(small_catalog):
    plan = tp.optimize(small_catalog, tp.Budget(ceilings={2024: 8e9}))
    assert tp.criteria_reason(plan, "B") == ""


def test_the_efficiency_report_knows_the_criteria(tmp_path):
    # why() ends with the criterion that ranks the programme lowest in its group; the score breakdown is
    # a table of the report, so the notebook view and the workbook show it
    plan, _ = _reason_plan()
    report = plan.efficiency(baselines=False, marginal=False, lang="en")
    assert report.why("G3").endswith(
        "By the criteria, its score on keamanan siber is the lowest of its group (governance)."
    )
    table = report.tables["criteria_scores"]
    assert list(table.index) == ["G1", "G2", "E1", "G3"]
    assert "Score breakdown by criterion" in report._repr_html_()
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(plan.to_excel(tmp_path / "plan.xlsx", efficiency=report, lang="en"))
    assert "efficiency_criteria_scores" in book.sheetnames
