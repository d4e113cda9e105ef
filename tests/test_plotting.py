"""Plots of plans and reports: rendered with Agg and checked for what they show.

Each plot is drawn from a small hand-made plan whose figures are known, then the Axes is
inspected: number of bars, their heights (in miliar rupiah) and stacking, titles and axis
labels in the requested language, legend entries. No test may call ``plt.show()``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

import targetplan as tp
from helpers import make_catalog
from targetplan import plotting

G = 1e9


@pytest.fixture(autouse=True)
def _no_show_and_close(monkeypatch):
    """Fail if a plot calls plt.show(); close every figure afterwards; Indonesian by default."""

    def _show(*args, **kwargs):
        raise AssertionError("a plotting function called plt.show()")

    monkeypatch.setattr(plt, "show", _show)
    tp.set_language("id")
    yield
    tp.set_language("id")
    plt.close("all")


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None, "the plot has no legend"
    return [t.get_text() for t in legend.get_texts()]


def ticks(ax: Axes, axis: str = "x") -> list[str]:
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


def bars(ax: Axes) -> list:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


# ---------------------------------------------------------------------------------
# Small plans
# ---------------------------------------------------------------------------------

# 2024: ceiling 10G (reserve 10 %), A 4G (gov, Diskominfo) + B 2.5G (eco, Bappeda)
# 2025: ceiling 8G, A 3G + C 2G (gov, Bappeda); D (env, 20G) never fits.
USE_ROWS = [
    {"id": "A", "priority": 7, "cost_2024": 4 * G, "cost_2025": 3 * G, "dimension": "gov", "agency": "Diskominfo"},
    {"id": "B", "priority": 5, "cost_2024": 2.5 * G, "cost_2025": 0, "dimension": "eco", "agency": "Bappeda"},
    {
        "id": "C",
        "priority": 3,
        "cost_2024": 0,
        "cost_2025": 2 * G,
        "dimension": "gov",
        "agency": "Bappeda",
        "status": "continuing",
    },
    {"id": "D", "priority": 2, "cost_2024": 20 * G, "cost_2025": 0, "dimension": "env", "agency": "DLH"},
]


@pytest.fixture(scope="module")
def use_plan() -> tp.Plan:
    cat = make_catalog(USE_ROWS)
    plan = tp.optimize(cat, tp.Budget(ceilings={2024: 10 * G, 2025: 8 * G}, reserve=0.1), mip_gap=0)
    assert plan.selected_ids == ["A", "B", "C"]
    return plan


@pytest.fixture(scope="module")
def small_report() -> tp.EfficiencyReport:
    # 2024 (7G): A (6, 5G) + S (scalable, 4 for 4G) at level 0.5 -> 8; one more G buys 1.
    # 2025 (5G): T (1, 1G) -> 1, with room to spare. Optimum 9.
    # Baselines fund at full scope: A 5G, then S would need 9G -> skipped; T -> 7, in
    # every ranking (value per cost: T 1, A 1.2, S 1 -> A, S skipped, T).
    cat = make_catalog(
        [
            {"id": "A", "priority": 6, "cost_2024": 5 * G, "cost_2025": 0},
            {"id": "S", "priority": 4, "cost_2024": 4 * G, "cost_2025": 0, "mode": "scalable"},
            {"id": "T", "priority": 1, "cost_2024": 0, "cost_2025": 1 * G},
        ]
    )
    plan = tp.optimize(cat, tp.Budget(ceilings={2024: 7 * G, 2025: 5 * G}), mip_gap=0)
    return plan.efficiency(step=1 * G)


def continuity_report(previous: bool = True, lang=None) -> tp.ContinuityReport:
    """Terms T1 = 2024, T2 = 2025-2026; K continuing (2G, 1G), N new (1G, 1G, 1G).

    Carry-over spend: T1 2G, T2 1G; new: T1 1G, T2 2G. Previous plan realised:
    completed 6G (D1), continued 3G (K), dropped 1.5G (X1).
    """
    cat = make_catalog(
        [
            {"id": "K", "priority": 5, "status": "continuing", "cost_2024": 2 * G, "cost_2025": 1 * G},
            {"id": "N", "priority": 3, "cost_2024": 1 * G, "cost_2025": 1 * G, "cost_2026": 1 * G},
        ],
        horizon=(2024, 2026),
    )
    policy = tp.Policy(terms=[tp.Term("T1", 2024, 2024), tp.Term("T2", 2025, 2026)])
    budget = tp.Budget(ceilings={2024: 10 * G, 2025: 10 * G, 2026: 10 * G})
    plan = tp.Plan.from_choices(cat, budget, policy, {"K": 2024, "N": 2024}, {"K": 1.0, "N": 1.0}).check()
    prev = pd.DataFrame(
        {
            "id": ["K", "X1", "D1"],
            "realised": [3 * G, 1.5 * G, 6 * G],
            "completed": [False, False, True],
        }
    )
    return plan.continuity(prev if previous else None, lang=lang)


# ---------------------------------------------------------------------------------
# plot_budget
# ---------------------------------------------------------------------------------


def test_plot_budget_stacks_spending_by_dimension(use_plan):
    ax = use_plan.plot_budget()
    assert isinstance(ax, Axes)
    # groups with spending: eco, gov (env spends nothing) -> 2 groups x 2 years
    rects = bars(ax)
    assert len(rects) == 4
    heights = [r.get_height() for r in rects]
    bottoms = [r.get_y() for r in rects]
    # eco first (sorted): 2.5, 0; then gov on top: 4, 5
    assert heights == pytest.approx([2.5, 0, 4, 5])
    assert bottoms == pytest.approx([0, 0, 2.5, 0])
    # the stack tops are the yearly spending in miliar
    tops = np.array(bottoms[2:]) + np.array(heights[2:])
    assert tops == pytest.approx(use_plan.costs.sum(axis=0).to_numpy() / G)
    # ceiling line and ceiling-less-reserve line
    assert len(ax.lines) == 2
    assert ax.lines[0].get_ydata().tolist() == pytest.approx([10, 8])
    assert ax.lines[1].get_ydata().tolist() == pytest.approx([9, 7.2])
    # the groups from the top of the stack down
    assert legend_texts(ax) == ["Pagu", "Pagu dikurangi cadangan", "gov", "eco"]
    assert ticks(ax) == ["2024", "2025"]
    assert ax.get_title() == "Belanja per tahun terhadap pagu"
    assert ax.get_xlabel() == "Tahun"
    assert ax.get_ylabel() == "Rp miliar"


def test_plot_budget_in_english_by_agency(use_plan):
    ax = plotting.plot_budget(use_plan, by="agency", lang="en")
    # Bappeda (B 2.5, C 2) and Diskominfo (A 4, 3); DLH spends nothing
    assert [r.get_height() for r in bars(ax)] == pytest.approx([2.5, 2, 4, 3])
    assert legend_texts(ax) == ["Ceiling", "Ceiling less reserve", "Diskominfo", "Bappeda"]
    assert ax.get_title() == "Spending per year against the ceiling"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Year", "IDR bn")


def test_plot_budget_without_reserve_has_one_line(small_report):
    ax = small_report.plot_budget()
    assert len(ax.lines) == 1
    assert legend_texts(ax)[0] == "Pagu"
    # one group (no dimension given -> "-"), two years
    assert len(bars(ax)) == 2
    assert legend_texts(ax)[1:] == ["-"]


def test_plot_budget_by_status_in_indonesian(use_plan):
    ax = use_plan.plot_budget(by="status")
    assert legend_texts(ax)[2:] == ["baru", "lanjutan"]  # after the two ceiling lines, top of the stack first


def test_plot_budget_on_bogor_has_one_bar_per_dimension_and_year(bogor_plan):
    ax = bogor_plan.plot_budget()
    spending = bogor_plan.costs.groupby(bogor_plan.selection["dimension"]).sum()
    groups = int((spending.sum(axis=1) > 0).sum())
    assert groups == 6
    assert len(bars(ax)) == groups * len(bogor_plan.years)
    assert len(legend_texts(ax)) == groups + 1
    total = sum(r.get_height() for r in bars(ax))
    assert total == pytest.approx(bogor_plan.costs.to_numpy().sum() / G)


# ---------------------------------------------------------------------------------
# plot_timeline
# ---------------------------------------------------------------------------------


def test_plot_timeline_draws_one_cell_per_funded_year():
    report = continuity_report(previous=False)
    ax = report.plan.plot_timeline()
    # K funded 2024-2025 (2 cells, hatched), N 2024-2026 (3 cells)
    rects = bars(ax)
    assert len(rects) == 5
    assert sum(1 for r in rects if r.get_hatch()) == 2
    assert sorted(r.get_x() + r.get_width() / 2 for r in rects) == pytest.approx([2024, 2024, 2025, 2025, 2026])
    assert set(ticks(ax, "y")) == {"K", "N"}
    assert ticks(ax) == ["2024", "2025", "2026"]
    assert ax.get_title() == "Jadwal program terpilih"
    assert legend_texts(ax) == ["lanjutan", "baru"]


def test_plot_timeline_shade_follows_the_level(small_report):
    ax = plotting.plot_timeline(small_report.plan, lang="en")
    # A full scope (alpha 1.0), S at level 0.5 (alpha 0.3 + 0.7 * 0.5 = 0.65), T full
    alphas = sorted(r.get_alpha() for r in bars(ax))
    assert alphas == pytest.approx([0.65, 1.0, 1.0])
    assert ax.get_title() == "Timeline of chosen programmes"
    assert legend_texts(ax) == ["carry-over", "new"]


def test_plot_timeline_on_bogor(bogor_plan):
    ax = bogor_plan.plot_timeline()
    assert len(ticks(ax, "y")) == len(bogor_plan.selected_ids)
    assert len(bars(ax)) == int((bogor_plan.levels > 0).to_numpy().sum())


# ---------------------------------------------------------------------------------
# plot_baselines and plot_marginal
# ---------------------------------------------------------------------------------


def test_plot_baselines_one_bar_for_the_optimum_and_each_baseline(small_report):
    ax = small_report.plot_baselines()
    rects = bars(ax)
    assert len(rects) == 1 + len(small_report.baselines) == 4
    assert [r.get_height() for r in rects] == pytest.approx([9, 7, 7, 7])
    # names wrapped onto lines, not tilted
    assert [t.replace("\n", " ") for t in ticks(ax)] == [
        "Optimum",
        "Peringkat prioritas",
        "Peringkat nilai/biaya",
        "Lanjutan dahulu",
    ]
    assert ax.get_title() == "Nilai optimum terhadap cara manual"
    assert ax.get_ylabel() == "Nilai total"
    # one value label per bar
    assert len(ax.texts) == 4
    # the optimum stands out
    assert rects[0].get_facecolor() != rects[1].get_facecolor()


def test_plot_baselines_in_english(small_report):
    ax = small_report.plot_baselines(lang="en")
    assert [t.replace("\n", " ") for t in ticks(ax)] == [
        "Optimum",
        "Priority ranking",
        "Value per rupiah",
        "Carry-overs first",
    ]
    assert ax.get_title() == "Optimum against manual rankings"
    assert ax.get_ylabel() == "Total value"
    assert [t.get_text() for t in ax.texts] == ["9.0", "7.0", "7.0", "7.0"]


def test_plot_baselines_value_labels_in_indonesian(bogor_plan):
    report = bogor_plan.efficiency(marginal=False)
    ax = report.plot_baselines()
    labels = [t.get_text() for t in ax.texts]
    assert labels[1] == "1.593,0"  # the priority ranking is worth 1593


def test_plot_marginal_one_bar_per_year(small_report):
    ax = small_report.plot_marginal()
    rects = bars(ax)
    # 2024: S absorbs each extra G at 1 per G; 2025: T fits with room to spare -> 0
    assert len(rects) == 2
    assert [r.get_height() for r in rects] == pytest.approx([1.0, 0.0], abs=1e-9)
    assert ticks(ax) == ["2024", "2025"]
    assert ax.get_title() == "Nilai tambahan per Rp 1 M pagu"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Tahun", "Nilai per Rp 1 M")
    ax = plotting.plot_marginal(small_report, lang="en")
    assert ax.get_title() == "Value of one more IDR 1 bn of ceiling"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Year", "Value per IDR 1 bn")


def test_report_language_is_the_default_of_its_plots(small_report):
    english = tp.reports.efficiency_report(small_report.plan, marginal=False, lang="en")
    assert english.plot_baselines().get_title() == "Optimum against manual rankings"
    assert english.plot_budget().get_title() == "Spending per year against the ceiling"
    # an explicit language wins
    assert english.plot_baselines(lang="id").get_title() == "Nilai optimum terhadap cara manual"


# ---------------------------------------------------------------------------------
# plot_continuity
# ---------------------------------------------------------------------------------


def test_plot_continuity_previous_plan_and_terms():
    ax = continuity_report().plot()
    rects = bars(ax)
    # previous bar: completed 6, continued 3, dropped 1.5; T1: carry-over 2, new 1; T2: 1, 2
    assert len(rects) == 3 + 2 * 2
    assert [r.get_height() for r in rects] == pytest.approx([6, 3, 1.5, 2, 1, 1, 2])
    assert [r.get_y() for r in rects] == pytest.approx([0, 6, 9, 0, 2, 0, 1])
    assert [round(r.get_x() + r.get_width() / 2) for r in rects] == [0, 0, 0, 1, 1, 2, 2]
    assert ticks(ax) == ["Masterplan lalu (realisasi)", "T1", "T2"]
    assert legend_texts(ax) == ["selesai", "dilanjutkan", "dihentikan", "lanjutan", "baru"]
    assert ax.get_title() == "Keberlanjutan antar periode"
    assert ax.get_ylabel() == "Rp miliar"


def test_plot_continuity_in_english_without_previous():
    ax = plotting.plot_continuity(continuity_report(previous=False), lang="en")
    assert [r.get_height() for r in bars(ax)] == pytest.approx([2, 1, 1, 2])
    assert ticks(ax) == ["T1", "T2"]
    assert legend_texts(ax) == ["carry-over", "new"]
    assert ax.get_title() == "Continuity between administrations"
    assert ax.get_ylabel() == "IDR bn"
    # the report's language is the default
    assert continuity_report(lang="en").plot().get_title() == "Continuity between administrations"


def test_plot_continuity_on_bogor(bogor_plan, bogor):
    report = bogor_plan.continuity(bogor.previous)
    ax = report.plot()
    assert len(bars(ax)) == 3 + 2 * len(report.terms)
    previous_total = sum(r.get_height() for r in bars(ax)[:3])
    assert previous_total == pytest.approx(report.previous_summary["realised"].sum() / G)


# ---------------------------------------------------------------------------------
# Every plot: returns the Axes it drew on, never shows
# ---------------------------------------------------------------------------------


def _every_plot(plan: tp.Plan, eff: tp.EfficiencyReport, cont: tp.ContinuityReport):
    return {
        "plan.plot_budget": plan.plot_budget,
        "plan.plot_timeline": plan.plot_timeline,
        "efficiency.plot_budget": eff.plot_budget,
        "efficiency.plot_baselines": eff.plot_baselines,
        "efficiency.plot_marginal": eff.plot_marginal,
        "continuity.plot": cont.plot,
    }


def test_every_plot_draws_on_a_given_axes(small_report):
    cont = continuity_report()
    for name, draw in _every_plot(small_report.plan, small_report, cont).items():
        fig, ax = plt.subplots()
        before = plt.get_fignums()
        out = draw(ax=ax)
        assert out is ax, name
        assert bars(ax), name
        assert plt.get_fignums() == before, f"{name} opened a new figure"
        plt.close(fig)


def test_every_plot_makes_its_own_figure_without_axes(small_report):
    cont = continuity_report()
    for name, draw in _every_plot(small_report.plan, small_report, cont).items():
        before = len(plt.get_fignums())
        ax = draw()
        assert isinstance(ax, Axes), name
        assert len(plt.get_fignums()) == before + 1, name
        assert ax.get_title(), name
        ax.figure.canvas.draw()  # renders without error


def test_plot_show_is_never_called(small_report):
    # the autouse fixture makes plt.show raise; drawing everything must not trigger it
    with pytest.raises(AssertionError, match=r"called plt\.show"):
        plt.show()
    for draw in _every_plot(small_report.plan, small_report, continuity_report()).values():
        draw()
