"""Plots of plans and reports (matplotlib, imported only when a plot is drawn).

Every function takes ``ax=None`` (a new figure is made when missing), returns the
Axes, and never calls ``plt.show()``; in a notebook the figure shows by itself.
Amounts on the axes are in miliar rupiah (Rp M / IDR bn).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import ArgumentError
from ..io.files import atomic_path
from ..text.language import Language, get_language
from ..text.money import MILIAR, format_number
from ..text.words import BASELINE_NAMES, VALUES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

    from ..planning.scenarios import Frontier, Study
    from ..reports.continuity import ContinuityReport
    from ..reports.efficiency import EfficiencyReport
    from ..reports.progress import ProgressReport
    from ..results.plan import Plan

__all__ = [
    "plot_baselines",
    "plot_budget",
    "plot_continuity",
    "plot_frontier",
    "plot_marginal",
    "plot_progress",
    "plot_sources",
    "plot_study",
    "plot_timeline",
    "save_figure",
]

_TEXT = {
    "spend_title": ("Belanja per tahun terhadap pagu", "Spending per year against the ceiling"),
    "miliar": ("Rp miliar", "IDR bn"),
    "ceiling": ("Pagu", "Ceiling"),
    "available": ("Pagu dikurangi cadangan", "Ceiling less reserve"),
    "year": ("Tahun", "Year"),
    "programme": ("Program", "Programme"),
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
    "spend": ("Belanja (Rp miliar)", "Spending (IDR bn)"),
    "planned": ("Rencana", "Planned"),
    "sources_title": (
        "Belanja per sumber dana (garis: pagu sumber)",
        "Spending per funding source (dash: its ceiling)",
    ),
    "realised": ("Realisasi", "Realised"),
    "progress_title": ("Rencana dan realisasi anggaran", "Planned and realised spending"),
    "frontier_title": ("Nilai terhadap besar pagu", "Value against the budget"),
    "total_ceiling": ("Jumlah pagu (Rp miliar)", "Total ceiling (IDR bn)"),
    "rules_title": ("Harga setiap aturan yang mengikat", "The price of each rule that binds"),
    "rule_price": ("Nilai yang didapat tanpa aturan itu", "Value gained without the rule"),
    "no_rule_binds": ("Tidak ada aturan yang mengikat", "No rule binds"),
    "other_rules": ("aturan kebijakan dan katalog", "policy and catalogue rules"),
    "ceilings": ("pagu tahunan", "yearly ceilings"),
    "knee": ("Titik lutut", "Knee"),
    "knee_rule": (
        "di atasnya 1 % pagu tambahan memberi < 0,5 % nilai",
        "above it 1 % more budget buys < 0.5 % more value",
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
    # category words (status) in the language; names of dimensions, agencies … stay as written
    words = VALUES.get(by, {})
    bottom = np.zeros(len(years))
    x = np.arange(len(years))
    for name, row in costs.iterrows():
        values = row.reindex(years).to_numpy(dtype=float)
        shown = _t(str(name), lang) if str(name) in words else str(name)
        ax.bar(x, values, bottom=bottom, label=shown, width=0.7)
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
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return ax


def plot_timeline(plan: Plan, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """One bar per chosen programme over its funded years; carry-overs hatched.

    The bar's shade is the year's level (full colour = full scope; a note under the
    legend says so when some year is partly funded). The legend sits outside the axes,
    on the right, so it never hides a bar.
    """
    sel = plan.selection[plan.selection["runs"]].sort_values(["start_year", "dimension"], ascending=[False, True])
    ax = _axes(ax, (9.0, max(3.0, 0.25 * len(sel) + 1)))
    years = list(plan.years)
    for row_no, (pid, row) in enumerate(sel.iterrows()):
        levels = plan.levels.loc[pid, years].to_numpy(dtype=float)
        continuing = row["status"] == "continuing"
        for k, level in enumerate(levels):
            if level <= 0:
                continue
            ax.barh(
                row_no,
                1.0,
                left=years[k] - 0.5,
                height=0.7,
                color="tab:blue",
                alpha=0.3 + 0.7 * level,
                hatch="//" if continuing else None,
                edgecolor="white",
            )
    ax.set_yticks(range(len(sel)), list(sel.index), fontsize="small")
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("programme", lang))
    ax.set_title(_t("timeline_title", lang))
    from matplotlib.patches import Patch

    legend = ax.legend(
        handles=[
            Patch(facecolor="tab:blue", edgecolor="white", hatch="//", label=_t("continuing", lang)),
            Patch(facecolor="tab:blue", label=_t("new", lang)),
        ],
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
    ax.set_xticks(range(len(values)), names, rotation=15)
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
            f" {format_number(float(price), 1, lang)} ({format_number(100 * float(share), 1, lang)} %)",
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
    colours = {
        "completed": "tab:grey",
        "continued": "tab:green",
        "dropped": "tab:red",
        "continuing": "tab:olive",
        "new": "tab:blue",
    }
    seen: set[str] = set()

    def bar(pos: int, parts: list[tuple[str, float]]) -> None:
        bottom = 0.0
        for key, value in parts:
            label = _t(key, lang) if key in _TEXT else key
            ax.bar(
                pos, value / MILIAR, bottom=bottom, color=colours[key], width=0.6, label=None if key in seen else label
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


def plot_study(study: Study, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Total value per scenario (bars) with spending on a second axis (points)."""
    ax = _axes(ax, (8.0, 4.5))
    table = study.summary()
    x = np.arange(len(table))
    ax.bar(x, table["value"].fillna(0.0).to_numpy(dtype=float), color="tab:green", label=_t("value", lang))
    ax.set_xticks(x, [str(n) for n in table.index], rotation=15)
    ax.set_ylabel(_t("value", lang))
    ax.set_title(_t("study_title", lang))
    twin = ax.twinx()
    twin.plot(x, table["spend"].to_numpy(dtype=float) / MILIAR, "o", color="black", label=_t("spend", lang))
    twin.set_ylabel(_t("spend", lang))
    _number_axis(ax.yaxis, lang)
    _number_axis(twin.yaxis, lang)
    return ax


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
    _number_axis(ax.xaxis, lang)
    _number_axis(ax.yaxis, lang)
    ax.set_title(_t("frontier_title", lang))
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_progress(report: ProgressReport, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Planned against realised spending per year (side-by-side bars)."""
    ax = _axes(ax, (8.0, 4.5))
    yearly = report.yearly.groupby("year")[["planned_cost", "spent"]].sum() / MILIAR
    x = np.arange(len(yearly))
    ax.bar(
        x - 0.2, yearly["planned_cost"].to_numpy(dtype=float), width=0.4, color="tab:grey", label=_t("planned", lang)
    )
    ax.bar(x + 0.2, yearly["spent"].to_numpy(dtype=float), width=0.4, color="tab:blue", label=_t("realised", lang))
    ax.set_xticks(x, [str(y) for y in yearly.index])
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("miliar", lang))
    ax.set_title(_t("progress_title", lang))
    ax.legend(fontsize="small")
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
    for k, source in enumerate(sources):
        part = table.loc[source].reindex(years)
        offset = x - 0.4 + width * (k + 0.5)
        ax.bar(offset, part["spend"].to_numpy(dtype=float) / MILIAR, width=width, label=str(source))
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
