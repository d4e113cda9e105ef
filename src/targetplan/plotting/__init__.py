"""Plots of plans, reports and studies (matplotlib, imported only when a plot is drawn).

Every function takes ``ax=None`` (a new figure is made when missing), returns the Axes,
and never calls ``plt.show()``. The plots read what they are given and import nothing of
the layers that make it, so every result can offer ``plot()`` by calling down.
"""

from __future__ import annotations

from .charts import (
    plot_achievement,
    plot_baselines,
    plot_budget,
    plot_continuity,
    plot_frontier,
    plot_marginal,
    plot_progress,
    plot_rules,
    plot_sources,
    plot_spending,
    plot_study,
    plot_timeline,
    save_figure,
    short_label,
)
from .svg import figure_svg
from .weights import plot_weight_ranges

__all__ = [
    "figure_svg",
    "plot_achievement",
    "plot_baselines",
    "plot_budget",
    "plot_continuity",
    "plot_frontier",
    "plot_marginal",
    "plot_progress",
    "plot_rules",
    "plot_sources",
    "plot_spending",
    "plot_study",
    "plot_timeline",
    "plot_weight_ranges",
    "save_figure",
    "short_label",
]
