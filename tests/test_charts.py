"""Charts that do not mislead: colours, the study's two panels, names on the timeline, achievement.

Colour distances are measured in CAM02-UCS (colorspacious), for normal vision and with
simulated deuteranomaly, protanomaly and tritanomaly at full severity; ΔE of about 10
is clearly different side by side, 20 and more at a glance.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from colorspacious import cspace_convert, deltaE
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import Rectangle

import targetplan as tp
from helpers import make_catalog
from targetplan import plotting
from targetplan.plotting import palette

G = 1e9
VISIONS = [None, "deuteranomaly", "protanomaly", "tritanomaly"]


@pytest.fixture(autouse=True)
def _close_and_indonesian():
    tp.set_language("id")
    yield
    tp.set_language("id")
    plt.close("all")


def seen(colour: str, vision: str | None) -> np.ndarray:
    rgb = np.array(to_rgb(colour))
    if vision is None:
        return rgb
    cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)


def distance(a: str, b: str, vision: str | None = None) -> float:
    return float(deltaE(seen(a, vision), seen(b, vision), input_space="sRGB1"))


def hue_apart(a: str, b: str) -> float:
    """Hue difference in degrees (CIECAM02), 180 when either colour is a grey."""
    (_, ca, ha), (_, cb, hb) = (cspace_convert(np.array(to_rgb(c)), "sRGB1", "JCh") for c in (a, b))
    if min(ca, cb) < 15:
        return 180.0
    d = abs(ha - hb) % 360
    return float(min(d, 360 - d))


def bars(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def legend_texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def assert_no_overlap(labels: list) -> None:
    """Tick labels (drawn) whose boxes do not run into each other."""
    boxes = [t.get_window_extent() for t in labels if t.get_text() and t.get_visible()]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), "two tick labels overlap"


# ---------------------------------------------------------------------------------
# Palettes
# ---------------------------------------------------------------------------------


def test_palette_has_twenty_colours_far_apart():
    assert len(set(palette.PALETTE)) == palette.MAX_CATEGORIES == 20
    for a, b in itertools.combinations(palette.PALETTE, 2):
        assert distance(a, b) > 20, (a, b)
    # the grey of "lainnya" is none of them and stands apart from each
    for colour in palette.PALETTE:
        assert distance(colour, palette.OTHER_COLOUR) > 15, colour


def test_continuity_colours_differ_at_a_glance_also_for_colour_blind_readers():
    colours = palette.CONTINUITY_COLOURS
    assert set(colours) == {"completed", "continued", "dropped", "continuing", "new"}
    for (ka, a), (kb, b) in itertools.combinations(colours.items(), 2):
        assert hue_apart(a, b) >= 45, (ka, kb)  # different hues, not two shades of one
        assert distance(a, b) >= 30, (ka, kb)
        for vision in VISIONS[1:]:
            assert distance(a, b, vision) >= 11, (ka, kb, vision)


def test_the_old_continuity_greens_would_fail_the_hue_test():
    # "dilanjutkan" (tab:green) and "lanjutan" (tab:olive) were the complaint
    assert hue_apart("tab:green", "tab:olive") < 45


def test_achievement_traffic_light_colours_stay_apart():
    for a, b in itertools.combinations(palette.ACHIEVEMENT_COLOURS.values(), 2):
        assert distance(a, b) > 25
        for vision in VISIONS[1:]:
            assert distance(a, b, vision) > 15, vision


def test_twenty_categories_get_twenty_colours():
    amounts = {f"OPD {k:02d}": float(100 - k) for k in range(20)}
    colours = palette.category_colours(amounts)
    assert len(set(colours.values())) == 20
    assert palette.OTHER_COLOUR not in colours.values()
    assert colours["OPD 00"] == palette.PALETTE[0]  # the largest first


def test_twenty_five_categories_get_twenty_and_other():
    table = pd.DataFrame({2024: [float(100 - k) for k in range(25)]}, index=[f"OPD {k:02d}" for k in range(25)])
    grouped = palette.group_smallest(table)
    assert len(grouped) == 21
    assert grouped.index[-1] == "lainnya"
    assert grouped.iloc[-1, 0] == pytest.approx(sum(100 - k for k in range(20, 25)))
    assert grouped[2024].sum() == pytest.approx(table[2024].sum())
    assert palette.group_smallest(table, lang="en").index[-1] == "other"
    assert palette.group_smallest(table.iloc[:20]).equals(table.iloc[:20])


def agencies_plan(n: int) -> tp.Plan:
    """One whole programme per agency, agency k costing (k + 1) G in 2024; all fit."""
    rows = [
        {"id": f"P{k:02d}", "priority": 1, "cost_2024": (k + 1) * G, "agency": f"OPD {k:02d}", "dimension": "gov"}
        for k in range(n)
    ]
    cat = make_catalog(rows)
    return tp.optimize(cat, tp.Budget(ceilings={2024: 1000 * G}), mip_gap=0)


@pytest.mark.parametrize("n", [20, 25])
def test_plot_budget_by_agency_colours_and_groups(n):
    plan = agencies_plan(n)
    ax = plan.plot_budget(by="agency")
    rects = bars(ax)
    colours = [to_hex(r.get_facecolor()) for r in rects]
    assert sum(r.get_height() for r in rects) == pytest.approx(sum(range(1, n + 1)))
    if n == 20:
        assert len(rects) == 20 and len(set(colours)) == 20
        assert "lainnya" not in legend_texts(ax)
    else:
        # the 20 largest (OPD 05 … OPD 24) and one grey "lainnya" holding OPD 00 … OPD 04
        assert len(rects) == 21 and len(set(colours)) == 21
        assert colours[-1] == palette.OTHER_COLOUR
        assert rects[-1].get_height() == pytest.approx(1 + 2 + 3 + 4 + 5)
        texts = legend_texts(ax)
        assert "lainnya" in texts and "OPD 04" not in texts and "OPD 05" in texts
        assert "other" in legend_texts(plotting.plot_budget(plan, by="agency", lang="en"))


def test_a_dimension_keeps_its_colour_in_the_budget_chart_and_the_timeline():
    rows = [
        {"id": "A", "name": "A", "priority": 5, "cost_2024": 4 * G, "cost_2025": 0, "dimension": "governance"},
        {"id": "B", "name": "B", "priority": 4, "cost_2024": 0, "cost_2025": 2 * G, "dimension": "living"},
        {"id": "C", "name": "C", "priority": 3, "cost_2024": 1 * G, "cost_2025": 1 * G, "dimension": "economy"},
    ]
    plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings={2024: 9 * G, 2025: 9 * G}), mip_gap=0)
    budget = plan.plot_budget()
    in_budget = {
        t.get_text(): to_hex(h.get_facecolor())
        for t, h in zip(budget.get_legend().get_texts(), budget.get_legend().legend_handles, strict=True)
        if t.get_text() in {"governance", "living", "economy"}
    }
    timeline = plan.plot_timeline()
    in_timeline = {
        t.get_text(): to_hex(h.get_facecolor())
        for t, h in zip(timeline.get_legend().get_texts(), timeline.get_legend().legend_handles, strict=True)
        if t.get_text() in {"governance", "living", "economy"}
    }
    assert in_budget == in_timeline
    assert len(set(in_budget.values())) == 3
    # the largest spender gets the first colour
    assert in_budget["governance"] == palette.PALETTE[0]
    # and every bar of the timeline has its dimension's colour
    rows_by_label = {t.get_text(): k for k, t in enumerate(timeline.get_yticklabels())}
    for rect in bars(timeline):
        row = round(rect.get_y() + rect.get_height() / 2)
        pid = next(label for label, k in rows_by_label.items() if k == row)
        dimension = {"A": "governance", "B": "living", "C": "economy"}[pid]
        assert to_hex(rect.get_facecolor()) == in_budget[dimension]


# ---------------------------------------------------------------------------------
# The timeline's names
# ---------------------------------------------------------------------------------


def test_short_label_ends_at_a_word_boundary():
    name = "Penguatan pusat komando kota dan integrasi layanan publik"
    for width in range(5, len(name) + 5):
        label = plotting.short_label("GOV-01", name, width)
        assert label.startswith("GOV-01  ")
        text = label[len("GOV-01  ") :]
        if text.endswith("…"):
            kept = text[:-1]
            assert name.startswith(kept + " ")  # a whole word, then a cut at a space
            assert len(kept) <= width or " " not in kept
        else:
            assert text == name
    assert plotting.short_label("X", "Supercalifragilistic name", 5) == "X  Supercalifragilistic…"
    assert plotting.short_label("X", "  ") == "X"


def test_timeline_on_bogor_names_every_programme_without_cutting_words(bogor_plan):
    ax = bogor_plan.plot_timeline()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(bogor_plan.selected_ids)
    names = bogor_plan.selection["name"]
    for label in labels:
        pid, _, text = label.partition("  ")
        assert pid in bogor_plan.selected_ids
        name = " ".join(str(names[pid]).split())
        if text.endswith("…"):
            assert name.startswith(text[:-1] + " ")
        else:
            assert text == name
    # the figure grows with the number of programmes: at least a quarter inch a row
    assert ax.figure.get_size_inches()[1] >= 0.25 * len(labels)
    ax.figure.canvas.draw()
    assert_no_overlap(ax.get_yticklabels())
    # a legend entry per dimension, in Indonesian words for carry-over / new
    texts = legend_texts(ax)
    assert set(bogor_plan.selection.loc[bogor_plan.selected_ids, "dimension"]) <= set(texts)
    assert texts[-2:] == ["lanjutan", "baru"]


def test_timeline_is_readable_at_fifty_programmes():
    rows = [
        {
            "id": f"P-{k:02d}",
            "name": f"Program pembangunan layanan digital kota nomor {k} tahap lanjutan",
            "priority": 1,
            "cost_2024": 1 * G,
            "dimension": ["governance", "economy", "living"][k % 3],
        }
        for k in range(50)
    ]
    plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings={2024: 100 * G}), mip_gap=0)
    ax = plan.plot_timeline(lang="en")
    assert len(ax.get_yticklabels()) == 50
    ax.figure.canvas.draw()
    assert_no_overlap(ax.get_yticklabels())
    assert all(t.get_text().endswith("…") for t in ax.get_yticklabels())


# ---------------------------------------------------------------------------------
# Achievement (capaian)
# ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def progress() -> tp.ProgressReport:
    """Four programmes with targets 10 each in 2024, achieved 10, 9, 8.9, 5.9; E planned, nothing reported."""
    ids = ["A", "B", "C", "D", "E"]
    rows = [
        {
            "id": pid,
            "name": f"Program {pid}",
            "priority": 1,
            "cost_2024": 1 * G,
            "target_2024": 10,
            "unit": "titik",
            "dimension": "governance" if pid in "AB" else "living",
        }
        for pid in ids
    ]
    plan = tp.optimize(make_catalog(rows), tp.Budget(ceilings={2024: 10 * G}), mip_gap=0)
    realisation = pd.DataFrame({"id": ids[:4], "year": 2024, "spent": 1 * G, "achieved": [10, 9, 8.9, 5.9]})
    return plan.progress(realisation)


def test_achievement_colours_follow_the_thresholds(progress):
    ax = progress.plot_achievement()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # lowest first: E (not started, 0 %), D 59 %, C 89 %, B 90 %, A 100 %
    assert [label.split()[0] for label in labels] == ["E", "D", "C", "B", "A"]
    widths = [r.get_width() for r in bars(ax)]
    assert widths == pytest.approx([0, 59, 89, 90, 100])
    colours = [to_hex(r.get_facecolor()) for r in bars(ax)]
    c = palette.ACHIEVEMENT_COLOURS
    assert colours == [c["poor"], c["poor"], c["fair"], c["good"], c["good"]]
    # the thresholds are in the legend and drawn on the axis
    assert legend_texts(ax) == ["≥ 90%: tercapai", "60–90%: perlu perhatian", "< 60%: tertinggal"]
    assert sorted(line.get_xdata()[0] for line in ax.get_lines()) == pytest.approx([60, 90, 100])
    assert "belum mulai" in ax.texts[0].get_text()
    assert ax.get_title() == "Capaian target per program s.d. 2024"
    assert ax.get_xlabel() == "Capaian (% dari target rencana)"


def test_achievement_per_dimension_in_english(progress):
    ax = plotting.plot_achievement(progress, by="dimension", lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(progress.dimensions.index)
    widths = [r.get_width() / 100 for r in bars(ax)]
    assert widths == pytest.approx(progress.dimensions["achievement"].tolist())
    assert ax.get_title() == "Target achievement per dimension to 2024"
    assert legend_texts(ax)[0] == "≥ 90%: on target"
    with pytest.raises(tp.ArgumentError, match="by='programme' or by='dimension'"):
        progress.plot_achievement(by="agency")


def test_progress_plot_puts_money_and_achievement_side_by_side(progress):
    ax = progress.plot()
    money, right = ax.figure.axes
    assert money is ax
    assert ax.get_title() == "Rencana dan realisasi anggaran"
    assert [r.get_height() for r in bars(ax)] == pytest.approx([5.0, 4.0])  # planned 5 G, spent 4 G
    assert right.get_title().startswith("Capaian target per program")
    ax.figure.canvas.draw()
    assert right.get_position().x0 > ax.get_position().x1  # beside it, not on top
    assert ax.get_ylim()[0] == 0
    # the money labels are in people's format
    assert {t.get_text() for t in ax.texts} == {tp.format_money(5 * G, decimals=1), tp.format_money(4 * G, decimals=1)}
    _, own = plt.subplots()
    assert progress.plot(ax=own, by="dimension") is own
    assert len(own.figure.axes) == 2


# ---------------------------------------------------------------------------------
# Every chart of the sample: Indonesian words, money in people's format, no overlaps
# ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_charts(bogor) -> dict[str, Axes]:
    plan = tp.optimize(bogor.catalog, bogor.budget, mip_gap=1e-3)
    eff = plan.efficiency(marginal=False, rules=False)
    study = tp.compare(bogor.catalog, {"APBD -10%": bogor.budget.scale(0.9), "APBD": bogor.budget})
    charts = {
        "budget": plan.plot_budget(),
        "agency": plan.plot_budget(by="agency"),
        "timeline": plan.plot_timeline(),
        "baselines": eff.plot_baselines(),
        "continuity": plan.continuity(bogor.previous).plot(),
        "progress": plan.progress(bogor.realisation).plot(),
        "study": study.plot(),
    }
    if eff.by_source is not None:
        charts["sources"] = eff.plot_sources()
    for ax in charts.values():
        ax.figure.canvas.draw()
    return charts


ENGLISH_WORDS = {
    "Year",
    "Ceiling",
    "Spending",
    "Value",
    "Planned",
    "Realised",
    "other",
    "(unspecified)",
    "carry-over",
    "new",
    "Programme",
    "IDR",
}


def test_sample_charts_speak_indonesian(sample_charts):
    for name, ax in sample_charts.items():
        texts = []
        for axes in ax.figure.axes:
            texts += [axes.get_title(), axes.get_xlabel(), axes.get_ylabel()]
            texts += [t.get_text() for t in axes.texts]
            if axes.get_legend() is not None:
                texts += legend_texts(axes)
        words = {w.strip("():,") for text in texts for w in text.split()}
        assert not words & ENGLISH_WORDS, (name, words & ENGLISH_WORDS)
    assert sample_charts["study"].figure.axes[1].get_ylabel() == "Belanja (Rp miliar)"
    money = [t.get_text() for t in sample_charts["study"].figure.axes[1].texts]
    assert money and all(t.startswith("Rp ") and t.endswith(" M") for t in money)


def test_sample_charts_have_no_overlapping_tick_labels(sample_charts):
    for name, ax in sample_charts.items():
        for axes in ax.figure.axes:
            for labels in (axes.get_xticklabels(), axes.get_yticklabels()):
                try:
                    assert_no_overlap(labels)
                except AssertionError:
                    pytest.fail(f"{name}: overlapping tick labels")


def test_study_spending_is_drawn_from_zero_under_the_value(sample_charts):
    ax = sample_charts["study"]
    lower = ax.figure.axes[1]
    assert ax.get_shared_x_axes().joined(ax, lower)
    assert ax.get_ylim()[0] == 0 and lower.get_ylim()[0] == 0
    heights = [r.get_height() for r in bars(lower)]
    # a 10 % lower ceiling shows as a bar at least 80 % as tall, not as almost nothing
    assert heights[0] / heights[1] > 0.8
    assert lower.get_position().y1 < ax.get_position().y0  # below the value panel


# ---------------------------------------------------------------------------------
# The docs promise these charts
# ---------------------------------------------------------------------------------


def test_every_chart_the_reports_guide_lists_exists_and_draws(progress):
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parent.parent / "docs" / "guide" / "reports.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Charts") :]
    calls = set(re.findall(r"`(plan|eff|cont|prog|study|front)\.(plot\w*)\(", section))
    assert len(calls) >= 14
    plan = progress.plan
    objects = {
        "plan": plan,
        "eff": plan.efficiency(marginal=True, rules=True),
        "cont": plan.continuity(),
        "prog": progress,
        "study": tp.compare(plan.catalog, {"less": plan.budget.scale(0.9), "as is": plan.budget}),
        "front": tp.frontier(plan.catalog, plan.budget, scales=[0.8, 1.0]),
    }
    for owner, method in sorted(calls):
        draw = getattr(objects[owner], method)
        if (owner, method) == ("eff", "plot_sources"):
            continue  # needs funding sources in the catalogue (tests/test_sources.py)
        ax = draw()
        assert isinstance(ax, Axes), (owner, method)
        assert ax.get_title(), (owner, method)
        plt.close("all")
    # every picture the guide shows is drawn by the script and kept in the repository
    for image in re.findall(r"\(\.\./images/charts/(\w+)\.png\)", section):
        assert (Path(__file__).resolve().parent.parent / "docs" / "images" / "charts" / f"{image}.png").is_file()
