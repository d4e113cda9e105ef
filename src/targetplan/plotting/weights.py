"""Tornado chart of the weight ranges within which the plan chooses the same programmes.

Reads only the attributes of the :class:`~targetplan.planning.weights.WeightSensitivity`
it is given (``ranges`` and ``criteria``); matplotlib is imported when the chart is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..text.language import Language, get_language, pick
from ..text.money import format_percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..planning.weights import WeightSensitivity

__all__ = ["plot_weight_ranges"]

_TEXT = {
    "title": ("Rentang bobot dengan pilihan program yang sama", "Weight ranges that keep the chosen programmes"),
    "xlabel": (
        "Bobot kriteria dalam kelompoknya (bobot lain menyesuaikan)",
        "Weight of the criterion in its group (the others rescaled)",
    ),
    "range": ("pilihan program sama", "same programmes chosen"),
    "now": ("bobot saat ini", "today's weight"),
    "enter": ("+", "+"),
    "leave": ("−", "−"),
}


def _changes(enter: str, leave: str) -> str:
    """Write the programmes entering and leaving as ``+A +B −C``."""
    parts = [f"+{pid}" for pid in enter.split("; ") if pid] + [f"−{pid}" for pid in leave.split("; ") if pid]
    return " ".join(parts)


def plot_weight_ranges(result: WeightSensitivity, ax: Axes | None = None, lang: Language | None = None) -> Axes:
    """Draw one bar per criterion from the lowest to the highest weight keeping the same programmes.

    The narrowest range (the criterion the plan is most sensitive to) is at the top; a
    diamond marks today's weight; beside each end, the programmes that enter (+) or
    leave (−) just beyond it.

    Parameters
    ----------
    result : WeightSensitivity
    ax : matplotlib Axes, optional
    lang : {"id", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    lang = lang or get_language()
    table = result.ranges
    width = (table["weight_high"] - table["weight_low"]).sort_values(ascending=False, kind="stable")
    rows = table.loc[width.index]
    if ax is None:
        _, ax = plt.subplots(figsize=(9.5, max(2.5, 0.55 * len(rows) + 1.4)))
    y = np.arange(len(rows))
    low = rows["weight_low"].to_numpy(dtype=float)
    high = rows["weight_high"].to_numpy(dtype=float)
    now = rows["weight"].to_numpy(dtype=float)
    ax.barh(y, np.ones(len(rows)), left=0.0, height=0.6, color="0.92", edgecolor="none")
    ax.barh(y, high - low, left=low, height=0.6, color="tab:green", alpha=0.75, label=pick(_TEXT["range"], lang))
    ax.plot(now, y, "D", color="black", markersize=6, linestyle="none", label=pick(_TEXT["now"], lang))
    for k, (_, row) in enumerate(rows.iterrows()):
        below = _changes(str(row["enter_below"]), str(row["leave_below"]))
        above = _changes(str(row["enter_above"]), str(row["leave_above"]))
        if below:
            ax.annotate(
                below, (low[k], y[k]), xytext=(-4, 0), textcoords="offset points", ha="right", va="center",
                fontsize="x-small",
            )  # fmt: skip
        if above:
            ax.annotate(
                above, (high[k], y[k]), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                fontsize="x-small",
            )  # fmt: skip
    labels = [result.criteria.find(str(name)).text(lang) for name in rows.index]
    ax.set_yticks(y, labels, fontsize="small")
    ax.set_xlim(-0.02, 1.02)
    ticks = np.linspace(0, 1, 6)
    ax.set_xticks(ticks, [format_percent(t, 0, lang) for t in ticks])
    ax.set_xlabel(pick(_TEXT["xlabel"], lang))
    ax.set_title(pick(_TEXT["title"], lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    return ax
