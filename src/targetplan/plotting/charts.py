"""Plots of plans and reports (matplotlib, imported only when a plot is drawn).

Every function takes ``ax=None`` (a new figure is made when missing), returns the
Axes, and never calls ``plt.show()``; in a notebook the figure shows by itself.
Amounts on the axes are in miliar rupiah (Rp M / IDR bn).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError
from ..io.files import atomic_path
from ..text.language import Language, get_language
from ..text.money import MILIAR, format_money, format_number, format_percent
from ..text.words import BASELINE_NAMES, VALUES
from .palette import (
    ACHIEVEMENT_BANDS,
    ACHIEVEMENT_COLOURS,
    CONTINUITY_COLOURS,
    OTHER_COLOUR,
    achievement_band,
    category_colours,
    group_smallest,
    plan_colours,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

    from ..planning.scenarios import Frontier, Study
    from ..reports.continuity import ContinuityReport
    from ..reports.efficiency import EfficiencyReport
    from ..reports.progress import ProgressReport
    from ..results.plan import Plan

__all__ = [
    "plot_achievement",
    "plot_baselines",
    "plot_budget",
    "plot_continuity",
    "plot_frontier",
    "plot_marginal",
    "plot_progress",
    "plot_sources",
    "plot_spending",
    "plot_study",
    "plot_timeline",
    "save_figure",
    "short_label",
]

_TEXT = {
    "spend_title": ("Belanja per tahun terhadap pagu", "Spending per year against the ceiling"),
    "miliar": ("Rp miliar", "IDR bn"),
    "ceiling": ("Pagu", "Ceiling"),
    "available": ("Pagu dikurangi cadangan", "Ceiling less reserve"),
    "year": ("Tahun", "Year"),
    "programme": ("Program", "Programme"),
    "dimension": ("Dimensi", "Dimension"),
    "timeline_title": ("Jadwal program terpilih", "Timeline of chosen programmes"),
    "partial": ("Warna pudar: didanai sebagian", "Lighter: partly funded"),
    **VALUES["status"],  # continuing / new
    "baseline_title": ("Nilai optimum terhadap cara manual", "Optimum against manual rankings"),
    "value": ("Nilai total", "Total value"),
    "optimum": ("Optimum", "Optimum"),
    "breaks_rules": ("melanggar aturan", "breaks rules"),
    **BASELINE_NAMES,  # priority / value_per_cost / carryover_first
    "marginal_title": ("Nilai tambahan per Rp 1 M pagu", "Value of one more IDR 1 bn of ceiling"),
    "marginal": ("Nilai per Rp 1 M", "Value per IDR 1 bn"),
    "continuity_title": ("Keberlanjutan antar periode", "Continuity between administrations"),
    "previous": ("Masterplan lalu (realisasi)", "Previous masterplan (realised)"),
    **VALUES["category"],  # completed / continued / dropped
    "study_title": ("Perbandingan skenario", "Scenarios compared"),
    "no_plan": ("tidak ada rencana", "no plan"),
    "spending": ("Belanja", "Spending"),
    "total_ceiling_short": ("Jumlah pagu", "Total ceiling"),
    "spend": ("Belanja (Rp miliar)", "Spending (IDR bn)"),
    "planned": ("Rencana", "Planned"),
    "sources_title": (
        "Belanja per sumber dana (garis: pagu sumber)",
        "Spending per funding source (dash: its ceiling)",
    ),
    "realised": ("Realisasi", "Realised"),
    "progress_title": ("Rencana dan realisasi anggaran", "Planned and realised spending"),
    "achievement_axis": ("Capaian (% dari target rencana)", "Achievement (% of the planned target)"),
    "achievement_title": ("Capaian target per program s.d. {year}", "Target achievement per programme to {year}"),
    "achievement_title_dim": ("Capaian target per dimensi s.d. {year}", "Target achievement per dimension to {year}"),
    "not_started": ("belum mulai", "not started"),
    "unspecified": ("(tanpa sumber)", "(unspecified)"),
    "band_good": ("≥ 90%: tercapai", "≥ 90%: on target"),
    "band_fair": ("60–90%: perlu perhatian", "60–90%: needs attention"),
    "band_poor": ("< 60%: tertinggal", "< 60%: behind"),
    "frontier_title": ("Nilai terhadap besar pagu", "Value against the budget"),
    "total_ceiling": ("Jumlah pagu (Rp miliar)", "Total ceiling (IDR bn)"),
    "rules_title": ("Harga setiap aturan yang mengikat", "The price of each rule that binds"),
    "rule_price": ("Nilai yang didapat tanpa aturan itu", "Value gained without the rule"),
    "no_rule_binds": ("Tidak ada aturan yang mengikat", "No rule binds"),
    "other_rules": ("aturan kebijakan dan katalog", "policy and catalogue rules"),
    "ceilings": ("pagu tahunan", "yearly ceilings"),
    "knee": ("Titik lutut", "Knee"),
    "knee_rule": (
        "di atasnya 1% pagu tambahan memberi < 0,5% nilai",
        "above it 1% more budget buys < 0.5% more value",
    ),
    "current": ("Pagu saat ini", "Current ceiling"),
}


def _t(key: str, lang: Language | None) -> str:
    lang = lang or get_language()
    pair = _TEXT[key]
    return pair[0] if lang == "id" else pair[1]


def _axes(ax: Axes | None, size: tuple[float, float] = (8.0, 4.5)) -> Axes:
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def _plain(value: float, lang: Language | None) -> str:
    """Write a number in the language with no trailing zeros (``1.750``, ``2,5``)."""
    text = format_number(value, 2, lang)
    mark = "," if (lang or get_language()) == "id" else "."
    whole, _, part = text.partition(mark)
    part = part.rstrip("0")
    return f"{whole}{mark}{part}" if part else whole


def _number_axis(axis: Axis, lang: Language | None) -> None:
    """Tick labels of a value axis in the language's number style (1.750 / 2,5 in Indonesian)."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _plain(value, lang)))


def plot_budget(plan: Plan, ax: Axes | None = None, by: str = "dimension", lang: Language | None = None) -> Axes:
    """Spending per year stacked by a catalogue column, with the ceiling as a line.

    Parameters
    ----------
    plan : Plan
    ax : matplotlib Axes, optional
    by : str, default "dimension"
        Catalogue column whose groups are stacked (``"agency"``, ``"status"`` …).
    lang : {"id", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    years = list(plan.years)
    groups = plan.catalog.column(by).astype(str).replace("", "-")
    costs = plan.costs.groupby(groups.reindex(plan.costs.index).to_numpy()).sum() / MILIAR
    costs = costs.loc[costs.sum(axis=1) > 0].sort_index()
    # more than 20 groups: the smallest are added up as one grey "lainnya"
    costs = group_smallest(costs, lang=lang)
    colours = CONTINUITY_COLOURS if by == "status" else plan_colours(plan, by)
    # category words (status) in the language; names of dimensions, agencies … stay as written
    words = VALUES.get(by, {})
    bottom = np.zeros(len(years))
    x = np.arange(len(years))
    for name, row in costs.iterrows():
        values = row.reindex(years).to_numpy(dtype=float)
        shown = _t(str(name), lang) if str(name) in words else str(name)
        colour = colours.get(str(name), OTHER_COLOUR)
        ax.bar(x, values, bottom=bottom, label=shown, width=0.7, color=colour, edgecolor="white", linewidth=0.5)
        bottom += values
    ceilings = np.array([plan.budget.ceilings[y] for y in years]) / MILIAR
    ax.plot(x, ceilings, color="black", marker="o", linewidth=2, label=_t("ceiling", lang))
    if plan.budget.reserve:
        ax.plot(x, ceilings * (1 - plan.budget.reserve), color="black", linestyle="--", label=_t("available", lang))
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("miliar", lang))
    _number_axis(ax.yaxis, lang)
    ax.set_title(_t("spend_title", lang))
    # the legend lists the groups from the top of the stack down, as the eye meets them
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    pairs = list(zip(handles, labels, strict=True))
    lines = [p for p in pairs if isinstance(p[0], Line2D)]
    stacks = [p for p in pairs if not isinstance(p[0], Line2D)][::-1]
    ax.legend(
        [h for h, _ in lines + stacks],
        [t for _, t in lines + stacks],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize="small",
    )
    return ax


def short_label(pid: str, name: str, width: int = 38) -> str:
    """Return ``"<id>  <name>"`` with the name shortened at a word boundary to ``width`` characters.

    A shortened name ends with an ellipsis; a word is never cut (a first word longer
    than ``width`` is kept whole). An empty name leaves the id alone.

    Examples
    --------
    >>> short_label("GOV-01", "Penguatan pusat komando kota dan integrasi layanan", 30)
    'GOV-01  Penguatan pusat komando kota…'
    >>> short_label("ECO-02", "")
    'ECO-02'
    """
    words = str(name).split()
    if not words or " ".join(words) == str(pid):
        return str(pid)
    text = words[0]
    for word in words[1:]:
        if len(text) + 1 + len(word) > width:
            return f"{pid}  {text}…"
        text = f"{text} {word}"
    return f"{pid}  {text}"


def plot_timeline(plan: Plan, ax: Axes | None = None, lang: Language | None = None, name_width: int = 38) -> Axes:
    """One bar per chosen programme over its funded years, coloured by dimension; carry-overs hatched.

    Each row is labelled with the programme's id and its name, shortened at a word
    boundary (``name_width`` characters at most, ending with "…"). The bar's colour is
    the programme's Smart City dimension (the same colours as ``plot_budget(by="dimension")``
    of the plan); its shade is the year's level (full colour = full scope; a note under the
    legend says so when some year is partly funded). The figure grows with the number of
    programmes; the legend sits outside the axes, on the right, so it never hides a bar.
    """
    from matplotlib.patches import Patch

    sel = plan.selection[plan.selection["runs"]]
    sel = sel.assign(_id=sel.index.astype(str)).sort_values(["start_year", "dimension", "_id"])
    ax = _axes(ax, (11.0, max(3.0, 0.28 * len(sel) + 1.4)))
    years = list(plan.years)
    colours = plan_colours(plan, "dimension")
    dimensions = sel["dimension"].astype(str).replace("", "-")
    for row_no, (pid, row) in enumerate(sel.iterrows()):
        levels = plan.levels.loc[pid, years].to_numpy(dtype=float)
        continuing = row["status"] == "continuing"
        colour = colours.get(str(dimensions[pid]), OTHER_COLOUR)
        for k, level in enumerate(levels):
            if level <= 0:
                continue
            ax.barh(
                row_no,
                1.0,
                left=years[k] - 0.5,
                height=0.7,
                color=colour,
                alpha=0.3 + 0.7 * level,
                hatch="//" if continuing else None,
                edgecolor="white",
            )
    names = sel["name"] if "name" in sel.columns else pd.Series("", index=sel.index)
    labels = [short_label(str(pid), str(names[pid]), name_width) for pid in sel.index]
    ax.set_yticks(range(len(sel)), labels, fontsize="small")
    ax.set_ylim(len(sel) - 0.5, -0.5)  # the first programme on top
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("programme", lang))
    ax.set_title(_t("timeline_title", lang))
    shown = sorted(set(dimensions), key=lambda d: (d == "-", d))
    # without dimensions in the catalogue there is nothing to tell apart by colour
    handles = [Patch(facecolor=colours.get(d, OTHER_COLOUR), label=d) for d in shown if shown != ["-"]]
    handles += [
        Patch(facecolor="white", edgecolor="#555555", hatch="//", label=_t("continuing", lang)),
        Patch(facecolor="white", edgecolor="#555555", label=_t("new", lang)),
    ]
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
    )
    partial = plan.levels.loc[sel.index, years].to_numpy(dtype=float)
    if ((partial > 0) & (partial < 1)).any():
        # a note, not a legend entry: the shade is a scale, not a category
        ax.annotate(
            _t("partial", lang),
            xy=(0, 0),
            xycoords=legend,
            xytext=(0, -4),
            textcoords="offset points",
            va="top",
            fontsize="x-small",
        )
    return ax


def plot_baselines(report: EfficiencyReport, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Total value of the optimum and of each manual ranking.

    A ranking that breaks a rule (a group floor, the continuity floor …) is hatched and
    named in the legend: it may be worth more than the optimum only because of that.
    """
    ax = _axes(ax, (7.0, 4.0))
    names = [_t("optimum", lang)] + [_t(n, lang) if n in BASELINE_NAMES else n for n in report.baselines.index]
    values = [report.plan.total_value, *report.baselines["value"].tolist()]
    colours = ["tab:green"] + ["tab:grey"] * len(report.baselines)
    bars = ax.bar(range(len(values)), values, color=colours)
    broken = [bool(str(m or "").strip()) for m in report.baselines["rules_broken"]]
    for bar, breaks in zip(bars[1:], broken, strict=True):
        if breaks:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    if any(broken):
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(facecolor="tab:grey", edgecolor="white", hatch="//", label=_t("breaks_rules", lang))],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize="small",
        )
    ax.margins(y=0.08)  # room above the tallest bar for its label
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(
            format_number(value, 1, lang),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize="small",
        )
    import textwrap

    # names wrapped onto two lines rather than tilted: level text that never runs into its neighbour
    ax.set_xticks(range(len(values)), ["\n".join(textwrap.wrap(n, 16)) for n in names])
    ax.set_ylabel(_t("value", lang))
    _number_axis(ax.yaxis, lang)
    ax.set_title(_t("baseline_title", lang))
    return ax


def plot_marginal(report: EfficiencyReport, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Marginal value of each year's ceiling (value per Rp 1 M), measured by re-solving."""
    if report.marginal is None:
        raise ArgumentError("this report was made with marginal=False; make it with plan.efficiency(marginal=True)")
    ax = _axes(ax, (7.0, 4.0))
    table = report.marginal
    ax.bar([str(y) for y in table.index], table["marginal_per_miliar"].to_numpy(dtype=float), color="tab:orange")
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("marginal", lang))
    _number_axis(ax.yaxis, lang)
    ax.set_title(_t("marginal_title", lang))
    return ax


def plot_rules(
    report: EfficiencyReport, ax: Axes | None = None, lang: Language | None = None, ceilings: bool = True
) -> Axes:
    """Draw the price of each rule that binds (value the optimum gains without it), costliest on top.

    Ceilings are grey (they are the budget itself), the other rules orange; a rule that
    does not bind costs nothing and is not drawn. The bar's label is the rule in words.
    """
    import textwrap

    table = report.rules
    assert table is not None
    words = report.rule_descriptions(lang)
    binding = table[table["binds"] & (ceilings | (table["rule_kind"] != "ceiling"))]
    binding = binding.sort_values("price", kind="stable")
    ax = _axes(ax, (8.0, max(2.5, 0.55 * len(binding) + 1.2)))
    labels = ["\n".join(textwrap.wrap(str(words[k]), 48)) for k in binding.index]
    colours = ["tab:grey" if k == "ceiling" else "tab:orange" for k in binding["rule_kind"]]
    ax.barh(range(len(binding)), binding["price"].to_numpy(dtype=float), color=colours)
    ax.set_yticks(range(len(binding)), labels, fontsize="small")
    for i, (price, share) in enumerate(zip(binding["price"], binding["price_share"], strict=True)):
        ax.annotate(
            f" {format_number(float(price), 1, lang)} ({format_number(100 * float(share), 1, lang)}%)",
            (float(price), i),
            va="center",
            fontsize="small",
        )
    if not len(binding):
        ax.text(0.5, 0.5, _t("no_rule_binds", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
    kinds = set(binding["rule_kind"])
    if "ceiling" in kinds and len(kinds) > 1:
        from matplotlib.patches import Patch

        ax.legend(
            handles=[
                Patch(color="tab:orange", label=_t("other_rules", lang)),
                Patch(color="tab:grey", label=_t("ceilings", lang)),
            ],
            loc="lower right",
            fontsize="small",
        )
    ax.set_xlabel(_t("rule_price", lang))
    _number_axis(ax.xaxis, lang)
    ax.set_xlim(0, max(float(binding["price"].max()) * 1.25 if len(binding) else 1.0, 1e-9))
    ax.set_title(_t("rules_title", lang))
    return ax


def plot_continuity(report: ContinuityReport, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Continuity flows as stacked bars.

    The first bar (when a previous masterplan was given) splits the previous plan's
    realised money into completed / continued / dropped; then one bar per term splits its
    spending into carry-overs and new programmes.
    """
    ax = _axes(ax, (8.0, 4.5))
    labels: list[str] = []
    x = 0
    colours = CONTINUITY_COLOURS
    seen: set[str] = set()

    def bar(pos: int, parts: list[tuple[str, float]]) -> None:
        bottom = 0.0
        for key, value in parts:
            label = _t(key, lang) if key in _TEXT else key
            ax.bar(
                pos,
                value / MILIAR,
                bottom=bottom,
                color=colours[key],
                width=0.6,
                edgecolor="#4d4d4d",
                linewidth=0.5,
                label=None if key in seen else label,
            )
            seen.add(key)
            bottom += value / MILIAR

    if report.previous_summary is not None:
        summary = report.previous_summary
        bar(x, [(c, float(summary.at[c, "realised"])) for c in ("completed", "continued", "dropped")])
        labels.append(_t("previous", lang))
        x += 1
        # the previous plan's realised money and the new plan's terms are different things
        ax.axvline(0.5, color="grey", linestyle=":", linewidth=1)
    for term, row in report.terms.iterrows():
        bar(x, [("continuing", float(row["carryover_spend"])), ("new", float(row["new_spend"]))])
        labels.append(str(term))
        x += 1
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel(_t("miliar", lang))
    _number_axis(ax.yaxis, lang)
    ax.set_title(_t("continuity_title", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return ax


def _below(ax: Axes, size: str = "100%", pad: float = 0.35) -> Axes:
    """Add a second panel under ``ax``, sharing its x axis and cut from the area of ``ax`` itself.

    Drawn into a given Axes, a two-panel chart stays inside the place the caller gave it.
    """
    from mpl_toolkits.axes_grid1 import make_axes_locatable

    lower: Axes = make_axes_locatable(ax).append_axes("bottom", size=size, pad=pad, sharex=ax)
    ax.tick_params(axis="x", labelbottom=False)
    return lower


def _beside(ax: Axes, size: str = "100%", pad: float = 0.9) -> Axes:
    """Add a second panel to the right of ``ax``, cut from the area of ``ax`` itself."""
    from mpl_toolkits.axes_grid1 import make_axes_locatable

    right: Axes = make_axes_locatable(ax).append_axes("right", size=size, pad=pad)
    return right


def _label_bars(ax: Axes, xs: Any, heights: Any, texts: list[str], rotation: float = 0) -> None:
    for x, height, text in zip(xs, heights, texts, strict=True):
        if text:
            ax.annotate(
                text,
                (float(x), float(height)),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="small",
                rotation=rotation,
            )


def plot_study(study: Study, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Value and spending per scenario in two panels that share the scenario axis.

    The upper panel is each scenario's total value, the lower one its spending (Rp) with
    its total ceiling as a black dash; both axes start at zero, so a scenario that spends
    a tenth less looks a tenth shorter. A scenario without a plan is marked "no plan".
    Returns the upper Axes; the lower one is its neighbour in ``ax.figure.axes``.
    """
    table = study.summary()
    ax = _axes(ax, (8.0, 6.5))
    lower = _below(ax)
    x = np.arange(len(table))
    value = table["value"].to_numpy(dtype=float)
    spend = table["spend"].to_numpy(dtype=float) / MILIAR
    ceiling = table["ceiling"].to_numpy(dtype=float) / MILIAR
    ok = np.isfinite(value)
    ax.bar(x[ok], value[ok], color="#1b7837", width=0.6, label=_t("value", lang))
    _label_bars(ax, x[ok], value[ok], [format_number(v, 1, lang) for v in value[ok]])
    for k in x[~ok]:
        ax.annotate(
            _t("no_plan", lang),
            (float(k), 0.0),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize="small",
            color="grey",
        )
    ax.set_ylabel(_t("value", lang))
    ax.set_title(_t("study_title", lang))
    has = np.isfinite(spend)
    lower.bar(x[has], spend[has], color="#0072b2", width=0.6)
    _label_bars(lower, x[has], spend[has], [format_money(v * MILIAR, lang, 1) for v in spend[has]])
    shown = np.isfinite(ceiling)
    lower.plot(x[shown], ceiling[shown], linestyle="none", marker="_", markersize=30, markeredgewidth=2, color="black")
    lower.set_ylabel(_t("spend", lang))
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lower.legend(
        handles=[
            Patch(color="#0072b2", label=_t("spending", lang)),
            Line2D([], [], color="black", linewidth=2, label=_t("total_ceiling_short", lang)),
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize="small",
    )
    lower.set_xticks(x, [str(n) for n in table.index])
    for axis in (ax, lower):
        top = np.nanmax(np.concatenate([[0.0], value[ok]] if axis is ax else [[0.0], spend[has], ceiling[shown]]))
        axis.set_ylim(0, (top or 1.0) * 1.15)  # from zero, with room for the labels
        _number_axis(axis.yaxis, lang)
    _fit_ticks(lower)
    return ax


def _fit_ticks(ax: Axes) -> None:
    """Tilt the category labels of the x axis when they would run into each other."""
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    boxes = [t.get_window_extent() for t in labels]  # measured with the figure's own renderer, any backend
    if any(a.x1 > b.x0 - 2 for a, b in itertools.pairwise(boxes)):
        for t in labels:
            t.set_rotation(25)
            t.set_horizontalalignment("right")
            t.set_rotation_mode("anchor")


def plot_frontier(front: Frontier, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Value against the total ceiling, with the knee and the current ceiling marked."""
    ax = _axes(ax, (8.0, 4.5))
    pts = front.points.dropna(subset=["value"])
    ax.plot(pts["ceiling"] / MILIAR, pts["value"], marker="o", color="tab:blue", label=_t("value", lang))
    if front.knee is not None and front.knee in pts.index:
        k = pts.loc[front.knee]
        ax.plot(
            [k["ceiling"] / MILIAR],
            [k["value"]],
            marker="*",
            markersize=16,
            color="tab:red",
            linestyle="none",
            label=f"{_t('knee', lang)} ({format_number(front.knee, 2, lang)}×): {_t('knee_rule', lang)}",
        )
    if 1.0 in pts.index:
        ax.axvline(pts.loc[1.0, "ceiling"] / MILIAR, color="grey", linestyle="--", label=_t("current", lang))
    ax.set_xlabel(_t("total_ceiling", lang))
    ax.set_ylabel(_t("value", lang))
    ax.set_ylim(bottom=0)  # from zero: the curve's height is the value itself, not a difference
    _number_axis(ax.xaxis, lang)
    _number_axis(ax.yaxis, lang)
    ax.set_title(_t("frontier_title", lang))
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_spending(report: ProgressReport, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Planned against realised spending per year (side-by-side bars, Rp miliar)."""
    ax = _axes(ax, (8.0, 4.5))
    yearly = report.yearly.groupby("year")[["planned_cost", "spent"]].sum() / MILIAR
    x = np.arange(len(yearly))
    planned = yearly["planned_cost"].to_numpy(dtype=float)
    spent = yearly["spent"].to_numpy(dtype=float)
    ax.bar(x - 0.2, planned, width=0.4, color="#bdbdbd", label=_t("planned", lang))
    ax.bar(x + 0.2, spent, width=0.4, color="#0072b2", label=_t("realised", lang))
    for offset, heights in ((-0.2, planned), (0.2, spent)):
        _label_bars(ax, x + offset, heights, [format_money(h * MILIAR, lang, 1) for h in heights], rotation=90)
    ax.set_xticks(x, [str(y) for y in yearly.index])
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("miliar", lang))
    _number_axis(ax.yaxis, lang)
    ax.set_ylim(0, max(float(np.nanmax(np.concatenate([[0.0], planned, spent]))), 1e-9) * 1.35)
    ax.set_title(_t("progress_title", lang))
    ax.legend(fontsize="small", loc="upper left", ncols=2)
    return ax


def _achievements(report: ProgressReport, by: str, lang: Language | None) -> pd.Series:
    """Achievement per programme (planned ones, lowest first) or per dimension, labelled for the chart."""
    if by == "dimension":
        table = report.dimensions["achievement"].dropna()
        return pd.Series(table.to_numpy(dtype=float), index=[str(d) or "-" for d in table.index])
    if by != "programme":
        raise ArgumentError(f"by={by!r} is not a way to group achievement; give by='programme' or by='dimension'")
    progs = report.programmes
    planned = progs[~progs["status"].isin(["unplanned", "not_planned"]) & progs["achievement"].notna()]
    planned = planned.assign(_id=planned.index.astype(str)).sort_values(["achievement", "_id"], ascending=[True, True])
    names = planned["name"] if "name" in planned.columns else pd.Series("", index=planned.index)
    labels = [short_label(str(pid), str(names[pid]), 32) for pid in planned.index]
    shares = pd.Series(planned["achievement"].to_numpy(dtype=float), index=labels)
    shares.attrs["started"] = (planned["status"] != "not_started").tolist()
    return shares


def plot_achievement(
    report: ProgressReport, ax: Axes | None = None, lang: Language | None = None, by: str = "programme"
) -> Axes:
    """Achievement (*capaian*: realised ÷ planned target) as a traffic light, per programme or dimension.

    One bar per planned programme (lowest first, so what lags is on top) or per Smart City
    dimension, coloured green at 90 % of the planned target or more, amber from 60 % to
    90 %, red below 60 % (the thresholds are in the legend and on the axis as lines).
    A programme without targets is measured by its spending rate, as in the report.
    """
    shares = _achievements(report, by, lang)
    ax = _axes(ax, (8.0, max(3.0, 0.3 * len(shares) + 1.5)))
    y = np.arange(len(shares))
    values = 100 * shares.to_numpy(dtype=float)
    colours = [ACHIEVEMENT_COLOURS[achievement_band(v / 100)] for v in values]
    ax.barh(y, values, color=colours, height=0.7)
    started = shares.attrs.get("started", [True] * len(values))
    for k, (v, began) in enumerate(zip(values, started, strict=True)):
        text = f" {format_percent(v / 100, 0, lang)}" + ("" if began else f" ({_t('not_started', lang)})")
        ax.annotate(text, (v, k), va="center", ha="left", fontsize="small")
    ax.set_yticks(y, list(shares.index), fontsize="small")
    ax.set_ylim(len(shares) - 0.5, -0.5)
    top = max(110.0, float(np.nanmax(np.concatenate([[0.0], values]))) * 1.15)
    ax.set_xlim(0, top)
    for _band, floor in ACHIEVEMENT_BANDS[:-1]:
        ax.axvline(100 * floor, color="#666666", linestyle=":", linewidth=1)
    ax.axvline(100, color="#333333", linewidth=0.8)
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{_plain(v, lang)}%"))
    ax.set_xlabel(_t("achievement_axis", lang))
    title = "achievement_title_dim" if by == "dimension" else "achievement_title"
    ax.set_title(_t(title, lang).format(year=report.as_of))
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=ACHIEVEMENT_COLOURS[band], label=_t(f"band_{band}", lang)) for band, _ in ACHIEVEMENT_BANDS
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
    )
    return ax


def plot_progress(
    report: ProgressReport, ax: Axes | None = None, lang: Language | None = None, by: str = "programme"
) -> Axes:
    """Planned against realised spending per year, and beside it the achievement of each programme.

    The left panel is :func:`plot_spending`, the right one :func:`plot_achievement` (per
    programme, or per dimension with ``by="dimension"``). Given ``ax``, both panels share
    its place. Returns the spending Axes; the achievement one follows it in
    ``ax.figure.axes``.
    """
    shares = _achievements(report, by, lang)
    ax = _axes(ax, (14.0, max(4.5, 0.3 * len(shares) + 1.5)))
    plot_spending(report, ax=ax, lang=lang)
    # room between the panels for the achievement chart's labels
    longest = max((len(str(s)) for s in shares.index), default=8)
    right = _beside(ax, size="110%", pad=0.6 + 0.07 * longest)
    plot_achievement(report, ax=right, lang=lang, by=by)
    return ax


def plot_sources(report: EfficiencyReport, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Spending per funding source and year (grouped bars), with each source's ceiling as a marker."""
    if report.by_source is None:
        raise ArgumentError("the catalogue names no funding source (columns cost_<YYYY>_<SOURCE>)")
    ax = _axes(ax, (9.0, 4.5))
    table = report.by_source
    sources = list(dict.fromkeys(table.index.get_level_values("source")))
    years = list(dict.fromkeys(table.index.get_level_values("year")))
    width = 0.8 / max(len(sources), 1)
    x = np.arange(len(years))
    colours = category_colours(table.groupby(level="source")["spend"].sum())
    for k, source in enumerate(sources):
        part = table.loc[source].reindex(years)
        offset = x - 0.4 + width * (k + 0.5)
        colour = colours.get(str(source), OTHER_COLOUR)
        label = _t("unspecified", lang) if source == "(unspecified)" else str(source)
        ax.bar(offset, part["spend"].to_numpy(dtype=float) / MILIAR, width=width, label=label, color=colour)
        caps = part["ceiling"].to_numpy(dtype=float) / MILIAR
        if np.isfinite(caps).any():
            ax.plot(offset, caps, linestyle="none", marker="_", markersize=14, color="black")
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("miliar", lang))
    ax.set_title(_t("sources_title", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return ax


def save_figure(figure: Any, path: str | Path, dpi: int = 120) -> Path:
    """Save a matplotlib figure atomically (format from the file suffix) and close it."""
    import matplotlib.pyplot as plt

    target = Path(path)
    with atomic_path(target) as tmp:
        figure.savefig(tmp, dpi=dpi, bbox_inches="tight", format=target.suffix.lstrip(".") or "png")
    plt.close(figure)
    return target
